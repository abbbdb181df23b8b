import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RegisterClientCommand, type SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import type { CoreContext } from '../context';
import { writeFileAtomicSafe } from '../aws/atomic-write';
import { readFileNoForeignLink } from '../aws/foreign-links';
import { awsPaths } from '../aws/paths';
import { registerSecret } from '../redact';
import type { SsoSessionRef } from '../types';
import { mapOidcError, scopesOf } from './oidc';
import { sha1Hex } from '../sha1';
import { isoUtc, parseIso } from './token-cache';

// OIDC client registrations last about 90 days; registering on every sign-in would be slow
// and litter the directory with clients. Cached like botocore does it: in the SSO cache dir,
// under the sha1 of a JSON key, mode 0600.

export type RegistrationFlow = 'pkce' | 'device';

export interface ClientRegistration {
  clientId: string;
  clientSecret: string;
  /** Epoch ms. */
  expiresAt: number;
}

/** The loopback redirect URI registered for PKCE; the port is added at authorize time. */
export const PKCE_REGISTERED_REDIRECT_URI = 'http://127.0.0.1/oauth/callback';

/** Reuse a registration until this long before it expires, so a sign-in never straddles its end. */
const REUSE_MARGIN_MS = 24 * 60 * 60 * 1000;

export function registrationCachePath(ctx: Pick<CoreContext, 'env' | 'homedir'>, session: SsoSessionRef, flow: RegistrationFlow): string {
  // The scopes are part of the key: a registration never serves a sign-in that asks for others.
  const key = JSON.stringify({ flow, region: session.region, scopes: scopesOf(session), startUrl: session.startUrl, tool: 'latchkey' });
  return path.join(awsPaths(ctx).ssoCacheDir, `${sha1Hex(key)}.json`);
}

/** A cached registration that is good for at least another day, else a fresh one (then cached). */
export async function getRegistration(
  ctx: CoreContext,
  client: SSOOIDCClient,
  session: SsoSessionRef,
  flow: RegistrationFlow,
  signal?: AbortSignal,
): Promise<ClientRegistration> {
  const file = registrationCachePath(ctx, session, flow);
  const cached = await readRegistration(ctx, file);
  if (cached && cached.expiresAt - ctx.clock.now() > REUSE_MARGIN_MS) return cached;
  const fresh = await registerClient(ctx, client, session, flow, signal);
  const body = { clientId: fresh.clientId, clientSecret: fresh.clientSecret, expiresAt: isoUtc(fresh.expiresAt), scopes: scopesOf(session), flow };
  await writeFileAtomicSafe(file, JSON.stringify(body), { mode: 0o600 });
  return fresh;
}

/** Forgets a registration AWS no longer accepts (InvalidClientException). */
export async function forgetRegistration(ctx: CoreContext, session: SsoSessionRef, flow: RegistrationFlow): Promise<void> {
  await fs.rm(registrationCachePath(ctx, session, flow), { force: true });
}

/** Forgets any cached registration with this client id (AWS said it is no longer valid). */
export async function forgetRegistrationsOfClient(ctx: CoreContext, session: SsoSessionRef, clientId: string | undefined): Promise<void> {
  if (!clientId) return;
  for (const flow of ['pkce', 'device'] as const) {
    const cached = await readRegistration(ctx, registrationCachePath(ctx, session, flow));
    if (cached?.clientId === clientId) await forgetRegistration(ctx, session, flow);
  }
}

async function readRegistration(ctx: CoreContext, file: string): Promise<ClientRegistration | undefined> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFileNoForeignLink(file));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') ctx.logger.warn('Ignoring an unreadable client registration cache file', { file });
    return undefined;
  }
  const r = (raw ?? {}) as Record<string, unknown>;
  const expiresAt = typeof r.expiresAt === 'string' ? parseIso(r.expiresAt) : Number.NaN;
  if (typeof r.clientId !== 'string' || typeof r.clientSecret !== 'string' || Number.isNaN(expiresAt)) return undefined;
  registerSecret(r.clientSecret);
  return { clientId: r.clientId, clientSecret: r.clientSecret, expiresAt };
}

async function registerClient(
  ctx: CoreContext,
  client: SSOOIDCClient,
  session: SsoSessionRef,
  flow: RegistrationFlow,
  signal?: AbortSignal,
): Promise<ClientRegistration> {
  // The AWS CLI sends no grantTypes for the device flow; PKCE needs the loopback redirect
  // and the start URL as issuer, and the scope is what makes AWS return a refresh token.
  const scopes = [...scopesOf(session)];
  const input =
    flow === 'pkce'
      ? {
          clientName: clientName(),
          clientType: 'public',
          scopes,
          grantTypes: ['authorization_code', 'refresh_token'],
          redirectUris: [PKCE_REGISTERED_REDIRECT_URI],
          issuerUrl: session.startUrl,
        }
      : { clientName: clientName(), clientType: 'public', scopes };
  try {
    const out = await client.send(new RegisterClientCommand(input), { abortSignal: signal });
    registerSecret(out.clientSecret);
    if (!out.clientId || !out.clientSecret || out.clientSecretExpiresAt === undefined) {
      throw new Error('RegisterClient returned no client credentials');
    }
    ctx.logger.info('Registered an OIDC client', { flow, region: session.region });
    return { clientId: out.clientId, clientSecret: out.clientSecret, expiresAt: out.clientSecretExpiresAt * 1000 };
  } catch (err) {
    if (signal?.aborted) throw signal.reason;
    throw mapOidcError(err, 'register', session);
  }
}

function clientName(): string {
  const host =
    os
      .hostname()
      .replace(/[^A-Za-z0-9.-]/g, '-')
      .slice(0, 60) || 'host';
  return `latchkey-${host}`;
}
