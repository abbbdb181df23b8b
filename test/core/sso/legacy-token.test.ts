import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FakeAws } from '../../../devkit/fake-aws/index';
import { ssoSessionForProfile } from '../../../src/core/sessions/sso-sessions';
import { SsoAuth } from '../../../src/core/sso/sso-auth';
import { readCachedToken, writeCachedToken } from '../../../src/core/sso/token-cache';
import { makeCtx, sessionFor, startFakeForTest, type TestCtx } from './helpers';

// A sign-in to a portal also leaves the token where botocore and the JS SDK look for a legacy
// profile of that portal (sso_start_url + sso_region, no sso_session): sha1 of the start URL as
// the profile spells it, with the accessToken and expiresAt they read.

let fake: FakeAws | undefined;
let t: TestCtx | undefined;
const sha1 = (s: string) => createHash('sha1').update(s, 'utf8').digest('hex');
const cacheFile = (home: string, key: string) => path.join(home, '.aws', 'sso', 'cache', `${sha1(key)}.json`);
const exists = (file: string) =>
  fs.access(file).then(
    () => true,
    () => false,
  );

async function writeConfig(home: string, text: string): Promise<void> {
  await fs.mkdir(path.join(home, '.aws'), { recursive: true });
  await fs.writeFile(path.join(home, '.aws', 'config'), text);
}

function legacyConfig(f: FakeAws): string {
  return [
    '[sso-session work]',
    `sso_start_url = ${f.startUrl}`,
    `sso_region = ${f.region}`,
    '',
    '[profile legacy]',
    `sso_start_url = ${f.startUrl}`,
    `sso_region = ${f.region}`,
    'sso_account_id = 111122223333',
    'sso_role_name = ReadOnly',
    '',
    // The same portal, spelled with a trailing slash: botocore hashes the string as written.
    '[profile legacy-slash]',
    `sso_start_url = ${f.startUrl}/`,
    `sso_region = ${f.region}`,
    '',
    '[profile other-portal]',
    'sso_start_url = https://d-0000000000.awsapps.com/start',
    `sso_region = ${f.region}`,
    '',
    '[profile other-region]',
    `sso_start_url = ${f.startUrl}`,
    'sso_region = eu-west-1',
    '',
    // Has an sso_session: botocore reads the session's token, never the start URL's.
    '[profile modern]',
    'sso_session = work',
    `sso_start_url = ${f.startUrl}`,
    `sso_region = ${f.region}`,
    '',
  ].join('\n');
}

describe('the token for legacy profiles', () => {
  it('a sign-in to the sso-session writes it for every legacy profile of the same portal, and only there', async () => {
    fake = await startFakeForTest({ autoApprove: true });
    t = await makeCtx(fake);
    await writeConfig(t.home, legacyConfig(fake));
    await new SsoAuth(t.ctx).login(sessionFor(fake));
    const session = (await readCachedToken(t.ctx, 'work'))!;

    for (const url of [fake.startUrl, `${fake.startUrl}/`]) {
      const file = cacheFile(t.home, url);
      expect(JSON.parse(await fs.readFile(file, 'utf8'))).toEqual({
        startUrl: url,
        region: fake.region,
        accessToken: session.accessToken,
        expiresAt: session.expiresAt,
      });
      expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    }
    expect(await exists(cacheFile(t.home, 'https://d-0000000000.awsapps.com/start'))).toBe(false);
    const files = await fs.readdir(path.join(t.home, '.aws', 'sso', 'cache'));
    // The session's token, the two legacy copies and the client registration: nothing else.
    expect(files).toHaveLength(4);
  });

  it('follows a refresh, and a sign-out removes the copies that hold its token', async () => {
    fake = await startFakeForTest({ autoApprove: true, accessTokenTtlSeconds: 600 });
    t = await makeCtx(fake);
    await writeConfig(t.home, legacyConfig(fake));
    await new SsoAuth(t.ctx).login(sessionFor(fake));
    const refreshed = await new SsoAuth(t.ctx, { refreshMarginMs: 15 * 60_000 }).getAccessToken(sessionFor(fake));
    expect(fake.stats().tokens.refreshToken).toBe(1);
    expect(JSON.parse(await fs.readFile(cacheFile(t.home, fake.startUrl), 'utf8')).accessToken).toBe(refreshed);

    // A copy another sign-in has since replaced is not Latchkey's to remove.
    const other = { startUrl: `${fake.startUrl}/`, region: fake.region, accessToken: 'aoa-from-aws-sso-login', expiresAt: '2099-01-01T00:00:00Z' };
    await writeCachedToken(t.ctx, `${fake.startUrl}/`, other);
    await new SsoAuth(t.ctx).logout(sessionFor(fake));
    expect(await exists(cacheFile(t.home, fake.startUrl))).toBe(false);
    expect(JSON.parse(await fs.readFile(cacheFile(t.home, `${fake.startUrl}/`), 'utf8'))).toEqual(other);
  });

  it('is not written from a sign-in without the portal scope, which legacy profiles could not use', async () => {
    fake = await startFakeForTest({ autoApprove: true });
    t = await makeCtx(fake);
    await writeConfig(t.home, legacyConfig(fake));
    await new SsoAuth(t.ctx).login({ ...sessionFor(fake), scopes: ['codewhisperer:completions'] });
    expect(await exists(cacheFile(t.home, fake.startUrl))).toBe(false);
  });

  it('a config Latchkey cannot read costs the copies, never the sign-in', async () => {
    fake = await startFakeForTest({ autoApprove: true });
    t = await makeCtx(fake);
    await writeConfig(t.home, 'not an ini file\n');
    await expect(new SsoAuth(t.ctx).login(sessionFor(fake))).resolves.toMatchObject({ waitedForOther: false });
    expect(await readCachedToken(t.ctx, 'work')).toBeDefined();
  });
});

describe('ssoSessionForProfile', () => {
  it('finds the sign-in behind a profile: its sso_session, the sso-session of its portal, or the portal itself', async () => {
    fake = await startFakeForTest();
    t = await makeCtx(fake);
    await writeConfig(t.home, legacyConfig(fake));
    expect(await ssoSessionForProfile(t.ctx, 'modern')).toMatchObject({ name: 'work' });
    expect(await ssoSessionForProfile(t.ctx, 'legacy')).toMatchObject({ name: 'work' });
    expect(await ssoSessionForProfile(t.ctx, 'other-region')).toEqual({ name: fake.startUrl, startUrl: fake.startUrl, region: 'eu-west-1' });
  });

  it('says what is wrong with a profile that is not an SSO profile', async () => {
    fake = await startFakeForTest();
    t = await makeCtx(fake);
    await writeConfig(t.home, '[profile keys]\nregion = eu-west-1\n[profile ghost]\nsso_session = nope\n');
    await expect(ssoSessionForProfile(t.ctx, 'missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(ssoSessionForProfile(t.ctx, 'keys')).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringContaining('sso_start_url and sso_region'),
    });
    await expect(ssoSessionForProfile(t.ctx, 'ghost')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('"nope"') });
  });
});
