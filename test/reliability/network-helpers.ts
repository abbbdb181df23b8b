// Shared set-up for the network fault suites (network-*.test.ts): the real core (createLatchkey) on a
// temporary HOME against devkit/fake-aws over real HTTP, and the checks every suite makes.
import fs from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import { secretKind } from '../helpers/secret-sweep-core';
import type { Clock } from '../../src/core/clock';
import { createContext, type CoreContext } from '../../src/core/context';
import { LatchkeyError } from '../../src/core/errors';
import { createLogger } from '../../src/core/log';
import { createLatchkey, type Latchkey, type LatchkeyOptions } from '../../src/core/sessions/latchkey';
import type { CatalogAccount, SsoSessionRef } from '../../src/core/types';
import type { FakeAws, FakeStats } from '../../devkit/fake-aws/index';
import { tempHome } from '../../devkit/home';

export interface ManagedHome {
  ctx: CoreContext;
  home: string;
  latchkey: Latchkey;
  session: SsoSessionRef;
  /** URLs the core asked to open in a browser. */
  opened: string[];
  /** Every log line (debug level): searched for secrets. */
  lines: string[];
  cleanup(): Promise<void>;
}

/** The core on a fresh HOME, signed in once (PKCE, auto-approved by the fake). */
export async function signedInManager(fake: FakeAws, options: { clock?: Clock; latchkey?: LatchkeyOptions } = {}): Promise<ManagedHome> {
  const { home, cleanup } = await tempHome('net');
  const opened: string[] = [];
  const lines: string[] = [];
  fake.configure({ autoApprove: true });
  const ctx = createContext({
    env: { ...fake.env, LATCHKEY_HOME: path.join(home, '.latchkey') },
    homedir: home,
    ...(options.clock ? { clock: options.clock } : {}),
    logger: createLogger((l) => lines.push(l), 'debug'),
    // The browser: approve at the emulator and follow its redirect to the loopback callback.
    openUrl: async (url) => {
      opened.push(url);
      await (await fetch(url, { redirect: 'follow' })).text();
    },
  });
  const latchkey = createLatchkey(ctx, options.latchkey);
  const session = await latchkey.sessions.add({ startUrl: fake.startUrl, region: fake.region, name: 'corp' });
  await latchkey.sessions.login(session, { flow: 'pkce' });
  return { ctx, home, latchkey, session, opened, lines, cleanup };
}

/** What a sync must return: every account of the fake with its roles, in the catalog's order. */
export function expectedCatalog(fake: FakeAws): CatalogAccount[] {
  return fake.accounts
    .map(({ accountId, accountName, emailAddress, roles }) => ({ accountId, accountName, emailAddress, roles: [...roles].sort() }))
    .sort((a, b) => a.accountName.localeCompare(b.accountName, 'en', { numeric: true }));
}

/** The counters that move only when someone signs in (a browser or a device code). */
export function signInCounters(stats: FakeStats) {
  return {
    deviceAuthorizations: stats.deviceAuthorizations,
    signIns: stats.signIns,
    deviceCodeTokens: stats.tokens.deviceCode,
    authorizationCodeTokens: stats.tokens.authorizationCode,
  };
}

/** Which issued secrets (by kind, never the value) appear in `texts`. */
export function leakedSecretKinds(fake: FakeAws, texts: string[]): string[] {
  const all = texts.join('\n');
  return fake
    .issuedSecrets()
    .filter((s) => all.includes(s))
    .map(secretKind);
}

export const CLEAR_FAILURE_CODES = ['NETWORK', 'AWS_ERROR', 'THROTTLED', 'NOT_SIGNED_IN'];

/** A failure a person can act on: a LatchkeyError with a known code, one sentence-like
 * message (no stack, no SDK dump), and no secret anywhere in it. */
export function expectClearError(err: unknown, fake: FakeAws, codes: string[] = CLEAR_FAILURE_CODES): LatchkeyError {
  expect(err, `expected a LatchkeyError, got ${String(err)}`).toBeInstanceOf(LatchkeyError);
  const e = err as LatchkeyError;
  expect(codes).toContain(e.code);
  const text = `${e.message} ${e.hint ?? ''} ${e.cliHint ?? ''}`;
  expect(e.message.length).toBeGreaterThan(10);
  expect(text).not.toMatch(/\n\s+at |\$metadata|\$response/);
  expect(leakedSecretKinds(fake, [text, JSON.stringify(e)]), 'secrets in the error').toEqual([]);
  // Every failure says what to do, in the message or the hint.
  expect(text).toMatch(/again|sign in|check|wait|try/i);
  return e;
}

/**
 * Reads `file` every few milliseconds while `during` runs and records every read that was not
 * one of the whole files `acceptable` recognises (a half-written or garbled cache).
 */
export async function watchFile<T>(
  file: string,
  acceptable: (text: string) => boolean,
  during: () => Promise<T>,
): Promise<{ result: PromiseSettledResult<T>; reads: number; bad: string[] }> {
  let stop = false;
  let reads = 0;
  const bad: string[] = [];
  const watcher = (async () => {
    while (!stop) {
      try {
        const text = await fs.readFile(file, 'utf8');
        reads++;
        if (!acceptable(text)) bad.push(text.length > 200 ? `${text.slice(0, 100)}…(${text.length} chars)` : text);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') bad.push(String(err));
      }
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  const [result] = await Promise.allSettled([during()]);
  stop = true;
  await watcher;
  return { result: result!, reads, bad };
}
