import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FakeAws } from '../../../../devkit/fake-aws/index';
import { signInWithDeviceCode } from '../../../../devkit/sign-in';
import { listSsoSessions } from '../../../../src/core/sessions/sso-sessions';
import { SsoAuth } from '../../../../src/core/sso/sso-auth';
import { isoUtc, readCachedToken, writeCachedToken } from '../../../../src/core/sso/token-cache';
import type { SsoSessionRef } from '../../../../src/core/types';
import { makeCtx, startFakeForTest, type TestCtx } from '../helpers';

// sso_registration_scopes is honoured as the AWS CLI honours it: the registration, the PKCE
// authorize request and the token all ask for the scopes the sso-session names, so a sign-in
// by Latchkey never leaves the AWS CLI (or Amazon Q, …) with a narrower token than its own.

const BROAD = ['sso:account:access', 'codewhisperer:completions'];

let fake: FakeAws | undefined;
let t: TestCtx | undefined;
/** The session as ~/.aws/config gives it, with `scopes` as the person wrote them. */
async function sessionFromConfig(f: FakeAws, home: string, scopes?: string): Promise<SsoSessionRef> {
  const file = path.join(home, '.aws', 'config');
  await fs.mkdir(path.dirname(file), { recursive: true });
  const lines = ['[sso-session work]', `sso_start_url = ${f.startUrl}`, `sso_region = ${f.region}`];
  if (scopes !== undefined) lines.push(`sso_registration_scopes = ${scopes}`);
  await fs.writeFile(file, lines.join('\n') + '\n');
  const [session] = await listSsoSessions({ ...t!.ctx, env: { ...t!.ctx.env, AWS_CONFIG_FILE: file } });
  return session!;
}

describe('sso_registration_scopes', () => {
  it('PKCE asks for the configured scopes at registration, authorize and token, and gets a token with them', async () => {
    fake = await startFakeForTest({ autoApprove: true });
    t = await makeCtx(fake);
    const session = await sessionFromConfig(fake, t.home, ' sso:account:access , codewhisperer:completions,');
    expect(session.scopes).toEqual(BROAD);
    await new SsoAuth(t.ctx).login(session);

    expect(fake.stats().scopeRequests).toEqual({ register: [BROAD], authorize: [BROAD], token: [BROAD] });
    const token = await readCachedToken(t.ctx, 'work');
    expect(fake.scopesOf(token!.accessToken)).toEqual(BROAD);
    expect(new URL(t.opened[0]!).searchParams.get('scopes')).toBe('sso:account:access codewhisperer:completions');
  });

  it('the device flow asks for them at registration and token', async () => {
    fake = await startFakeForTest({ autoApprove: true, deviceInterval: 0.2 });
    t = await makeCtx(fake);
    const session = await sessionFromConfig(fake, t.home, 'sso:account:access,codewhisperer:completions');
    await new SsoAuth(t.ctx).login(session, { flow: 'device' });

    expect(fake.stats().scopeRequests).toMatchObject({ register: [BROAD], authorize: [], token: expect.arrayContaining([BROAD]) });
    expect(fake.stats().scopeRequests.token.every((s) => JSON.stringify(s) === JSON.stringify(BROAD))).toBe(true);
    expect(fake.scopesOf((await readCachedToken(t.ctx, 'work'))!.accessToken)).toEqual(BROAD);
  });

  it('asks for sso:account:access when the session names no scopes, as the AWS CLI does', async () => {
    fake = await startFakeForTest({ autoApprove: true });
    t = await makeCtx(fake);
    const session = await sessionFromConfig(fake, t.home);
    expect(session.scopes).toBeUndefined();
    await new SsoAuth(t.ctx).login(session);
    expect(fake.stats().scopeRequests).toEqual({ register: [['sso:account:access']], authorize: [['sso:account:access']], token: [['sso:account:access']] });
  });

  it('registers again when the scopes change: a narrower registration never serves a broader sign-in', async () => {
    fake = await startFakeForTest({ autoApprove: true });
    t = await makeCtx(fake);
    const auth = new SsoAuth(t.ctx);
    await auth.login(await sessionFromConfig(fake, t.home));
    await auth.login(await sessionFromConfig(fake, t.home, BROAD.join(',')));
    expect(fake.stats().registrations).toBe(2);
    expect(fake.scopesOf((await readCachedToken(t.ctx, 'work'))!.accessToken)).toEqual(BROAD);
  });

  it('keeps the scopes of a broader token the AWS CLI wrote when refreshing it', async () => {
    fake = await startFakeForTest({ autoApprove: true, deviceInterval: 0.2 });
    t = await makeCtx(fake);
    const session = await sessionFromConfig(fake, t.home, BROAD.join(','));
    // What `aws sso login` leaves: a token for the broad scopes, five minutes from its end.
    const aws = await signInWithDeviceCode(fake, BROAD);
    await writeCachedToken(t.ctx, 'work', {
      startUrl: fake.startUrl,
      region: fake.region,
      accessToken: aws.accessToken,
      expiresAt: isoUtc(Date.now() + 5 * 60_000),
      clientId: aws.clientId,
      clientSecret: aws.clientSecret,
      registrationExpiresAt: isoUtc(aws.clientSecretExpiresAt * 1000),
      refreshToken: aws.refreshToken,
    });
    const fresh = await new SsoAuth(t.ctx, { refreshMarginMs: 10 * 60_000 }).getAccessToken(session);
    expect(fresh).not.toBe(aws.accessToken);
    expect(fake.scopesOf(fresh)).toEqual(BROAD);
    expect(fake.stats().scopeRequests.token.at(-1)).toBeNull();
  });
});
