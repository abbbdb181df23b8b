import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FakeAws } from '../../../../devkit/fake-aws/index';
import { hasAwsCli, pythonEnv, runAws, skipNote } from '../../../../devkit/peers';
import { SsoAuth } from '../../../../src/core/sso/sso-auth';
import { readCachedToken } from '../../../../src/core/sso/token-cache';
import { makeCtx, sessionFor, startFakeForTest, type TestCtx } from '../helpers';
import { homeEnv } from '../../../../devkit/home';

// botocore (the AWS CLI v1) must use the token SsoAuth caches with no second sign-in, and
// SsoAuth must use the token botocore refreshes and writes back.

skipNote('the AWS CLI (aws), for the SSO token cache interop tests', hasAwsCli);

let fake: FakeAws | undefined;
let t: TestCtx | undefined;

async function awsSetUp(f: FakeAws, home: string) {
  const account = f.accounts[0]!;
  const config = path.join(home, '.aws', 'config');
  await fs.mkdir(path.dirname(config), { recursive: true });
  await fs.writeFile(
    config,
    [
      '[sso-session work]',
      `sso_start_url = ${f.startUrl}`,
      `sso_region = ${f.region}`,
      'sso_registration_scopes = sso:account:access',
      '',
      '[profile p]',
      'sso_session = work',
      `sso_account_id = ${account.accountId}`,
      `sso_role_name = ${account.roles[0]}`,
      'region = us-east-1',
      '',
    ].join('\n'),
  );
  const env: Record<string, string> = { ...homeEnv(home), ...f.env, ...pythonEnv() };
  return { env, account };
}

describe.skipIf(!hasAwsCli)('AWS CLI interop over the SSO token cache', () => {
  it('aws uses the token SsoAuth cached, with no second sign-in', async () => {
    fake = await startFakeForTest({ autoApprove: true });
    t = await makeCtx(fake);
    await new SsoAuth(t.ctx).login(sessionFor(fake));
    const { env, account } = await awsSetUp(fake, t.home);

    const result = await runAws(['sts', 'get-caller-identity', '--profile', 'p', '--output', 'json'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).Account).toBe(account.accountId);
    expect(fake.stats().portal.byOperation.GetRoleCredentials).toBe(1);
    expect(fake.stats()).toMatchObject({ signIns: 1, registrations: 1 });
  }, 60_000);

  it('SsoAuth uses the token aws refreshed and wrote back', async () => {
    // botocore refreshes within 15 minutes of expiry: a 10-minute token makes it refresh now.
    fake = await startFakeForTest({ autoApprove: true, accessTokenTtlSeconds: 600 });
    t = await makeCtx(fake);
    await new SsoAuth(t.ctx).login(sessionFor(fake));
    const ours = (await readCachedToken(t.ctx, 'work'))!;
    const { env } = await awsSetUp(fake, t.home);

    const result = await runAws(['sts', 'get-caller-identity', '--profile', 'p', '--output', 'json'], env);
    expect(result.code).toBe(0);
    expect(fake.stats().tokens.refreshToken).toBe(1);
    const theirs = (await readCachedToken(t.ctx, 'work'))!;
    expect(theirs.accessToken).not.toBe(ours.accessToken);
    expect(theirs).toMatchObject({ clientId: ours.clientId, registrationExpiresAt: ours.registrationExpiresAt });

    // With a 1-minute margin the botocore-written token is fresh enough: used as is.
    const auth = new SsoAuth(t.ctx, { refreshMarginMs: 60_000 });
    expect(await auth.getAccessToken(sessionFor(fake))).toBe(theirs.accessToken);
    // And we can refresh it in turn with what botocore wrote.
    expect(await new SsoAuth(t.ctx, { refreshMarginMs: 3600_000 }).getAccessToken(sessionFor(fake))).not.toBe(theirs.accessToken);
    expect(fake.stats().tokens.refreshToken).toBe(2);
    expect(fake.stats().signIns).toBe(1);
  }, 60_000);
});
