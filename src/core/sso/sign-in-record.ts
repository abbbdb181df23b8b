import fs from 'node:fs/promises';
import { writeFileAtomicSafe } from '../aws/atomic-write';
import type { CoreContext } from '../context';
import { LatchkeyError, type ErrorCode } from '../errors';
import { redact } from '../redact';
import type { DeviceCodeReason, LoginPrompt } from './sign-in';

// What the process signing in leaves next to its lock for the ones waiting on it: the prompt it
// shows (so a person at another terminal can approve the same code) and how it failed (so
// callers with nobody to ask get one outcome, not a sign-in each). Both are replaced atomically,
// so a reader sees a whole record or none. Neither holds a secret: a user code is what the
// person reads off the screen; the device code never leaves memory.

/** How the last failed sign-in ended, for the callers that waited on it. Never holds a secret. */
interface RecordedFailure {
  at: number;
  code: ErrorCode;
  message: string;
  hint?: string;
  cliHint?: string;
}

export async function recordFailure(ctx: CoreContext, file: string, err: unknown): Promise<void> {
  // A cancel ends only the sign-in of the one who cancelled; the others may start their own.
  if (!(err instanceof LatchkeyError) || err.code === 'CANCELLED') return;
  const failure: RecordedFailure = {
    at: ctx.clock.now(),
    code: err.code,
    message: redact(err.message),
    ...(err.hint ? { hint: redact(err.hint) } : {}),
    ...(err.cliHint ? { cliHint: redact(err.cliHint) } : {}),
  };
  await writeFileAtomicSafe(file, JSON.stringify(failure)).catch((e: unknown) => {
    ctx.logger.warn('Could not record how the sign-in ended', { error: (e as Error)?.message });
  });
}

export async function readFailure(file: string, since: number): Promise<LatchkeyError | undefined> {
  let failure: Partial<RecordedFailure>;
  try {
    failure = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<RecordedFailure>;
  } catch {
    return undefined;
  }
  if (typeof failure.at !== 'number' || failure.at < since || typeof failure.code !== 'string' || typeof failure.message !== 'string') return undefined;
  return new LatchkeyError(failure.code, failure.message, {
    ...(typeof failure.hint === 'string' ? { hint: failure.hint } : {}),
    ...(typeof failure.cliHint === 'string' ? { cliHint: failure.cliHint } : {}),
  });
}

export async function recordPrompt(ctx: CoreContext, file: string, prompt: LoginPrompt): Promise<void> {
  await writeFileAtomicSafe(file, JSON.stringify(prompt)).catch((e: unknown) => {
    ctx.logger.warn('Could not share the sign-in prompt', { error: (e as Error)?.message });
  });
}

export async function removeRecord(file: string): Promise<void> {
  await fs.rm(file, { force: true }).catch(() => {});
}

export async function readPrompt(file: string): Promise<{ raw: string; prompt: LoginPrompt } | undefined> {
  let raw: string;
  let p: Record<string, unknown>;
  try {
    raw = await fs.readFile(file, 'utf8');
    p = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return undefined; // none, or not a record of ours
  }
  if (p.kind === 'browser' && typeof p.url === 'string') return { raw, prompt: { kind: 'browser', url: p.url } };
  if (
    p.kind === 'device' &&
    typeof p.userCode === 'string' &&
    typeof p.verificationUri === 'string' &&
    typeof p.verificationUriComplete === 'string' &&
    typeof p.expiresAt === 'number'
  ) {
    return {
      raw,
      prompt: {
        kind: 'device',
        userCode: p.userCode,
        verificationUri: p.verificationUri,
        verificationUriComplete: p.verificationUriComplete,
        expiresAt: p.expiresAt,
        ...(typeof p.reason === 'string' ? { reason: p.reason } : {}),
        ...(isDeviceCodeReason(p.reasonCode) ? { reasonCode: p.reasonCode } : {}),
      },
    };
  }
  return undefined;
}

function isDeviceCodeReason(value: unknown): value is DeviceCodeReason {
  return value === 'ssh' || value === 'container' || value === 'wsl' || value === 'no-display' || value === 'browser-failed';
}
