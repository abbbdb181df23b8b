import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createContext, type CoreContext } from '../../../src/core/context';
import { createLogger } from '../../../src/core/log';
import { deleteCachedToken, isoUtc, readCachedToken, tokenCachePath, writeCachedToken, type CachedSsoToken } from '../../../src/core/sso/token-cache';
import { tempHome } from '../../../devkit/home';

let home: string;
let ctx: CoreContext;
let lines: string[];

beforeEach(async () => {
  home = (await tempHome('cache')).home;
  lines = [];
  ctx = createContext({ env: {}, homedir: home, logger: createLogger((l) => lines.push(l), 'debug') });
});
afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

const token: CachedSsoToken = {
  startUrl: 'https://d-1234567890.awsapps.com/start',
  region: 'eu-west-1',
  accessToken: 'aoaAccessTokenValue-0123456789',
  expiresAt: '2026-11-23T13:00:00Z',
  clientId: 'client-id-1',
  clientSecret: 'client-secret-value-0123456789',
  registrationExpiresAt: '2027-02-21T12:00:00Z',
  refreshToken: 'aorRefreshTokenValue-0123456789',
};

describe('SSO token cache (AWS CLI format)', () => {
  it('lives at ~/.aws/sso/cache/<sha1(session name)>.json', () => {
    const sha1 = crypto.createHash('sha1').update('my-sso').digest('hex');
    expect(tokenCachePath(ctx, 'my-sso')).toBe(path.join(home, '.aws', 'sso', 'cache', `${sha1}.json`));
  });

  it('writes exactly the AWS CLI keys, in its order, with mode 0600, and reads them back', async () => {
    await writeCachedToken(ctx, 'my-sso', token);
    const file = tokenCachePath(ctx, 'my-sso');
    const raw = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, string>;
    expect(Object.keys(raw)).toEqual(['startUrl', 'region', 'accessToken', 'expiresAt', 'clientId', 'clientSecret', 'registrationExpiresAt', 'refreshToken']);
    expect(raw.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    expect(await readCachedToken(ctx, 'my-sso')).toEqual(token);
    // Nothing else (no temp files) is left in the directory.
    expect(await fs.readdir(path.dirname(file))).toEqual([path.basename(file)]);
  });

  it('leaves optional keys out rather than writing empty values', async () => {
    await writeCachedToken(ctx, 's', { startUrl: token.startUrl, region: token.region, accessToken: token.accessToken, expiresAt: token.expiresAt });
    const raw = JSON.parse(await fs.readFile(tokenCachePath(ctx, 's'), 'utf8')) as object;
    expect(Object.keys(raw)).toEqual(['startUrl', 'region', 'accessToken', 'expiresAt']);
  });

  it('reads the JS SDK variant (milliseconds in expiresAt) too', async () => {
    const file = tokenCachePath(ctx, 's');
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, JSON.stringify({ ...token, expiresAt: '2026-11-23T13:00:00.000Z' }));
    expect((await readCachedToken(ctx, 's'))?.expiresAt).toBe('2026-11-23T13:00:00.000Z');
  });

  it('formats times like botocore', () => {
    expect(isoUtc(Date.UTC(2026, 10, 23, 13, 0, 0, 789))).toBe('2026-11-23T13:00:00Z');
  });

  it.each([
    ['not JSON', '{"accessToken": "aoaAccessTokenValue-0123456789", '],
    ['an array', '[]'],
    ['no accessToken', JSON.stringify({ ...token, accessToken: undefined })],
    ['a bad expiresAt', JSON.stringify({ ...token, expiresAt: 'tomorrow' })],
  ])('treats %s as no token, and logs that without the content', async (_what, content) => {
    const file = tokenCachePath(ctx, 's');
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, content);
    expect(await readCachedToken(ctx, 's')).toBeUndefined();
    expect(lines.join('\n')).toMatch(/unreadable SSO token cache/);
    expect(lines.join('\n')).not.toContain('aoaAccessTokenValue');
  });

  it('returns undefined for a missing file without logging a warning', async () => {
    expect(await readCachedToken(ctx, 'nobody')).toBeUndefined();
    expect(lines).toEqual([]);
  });

  it('deletes, and deleting nothing is fine', async () => {
    await writeCachedToken(ctx, 's', token);
    await deleteCachedToken(ctx, 's');
    await deleteCachedToken(ctx, 's');
    expect(await readCachedToken(ctx, 's')).toBeUndefined();
  });
});
