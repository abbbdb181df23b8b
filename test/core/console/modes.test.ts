import { describe, expect, it } from 'vitest';
import { consoleUrlForMode, signOutEndpoint, signOutHandOverUrl } from '../../../src/core/console/modes';
import { openThroughOneTimeUrl, serveOnce, isLiveOneTimeUrl } from '../../../src/core/console/one-time-url';
import { partitionOf } from '../../../src/core/console/partitions';
import { latchkeyErrorOf } from '../../helpers/errors';

const AWS = { env: {} };
const SIGNIN = 'https://signin.aws.amazon.com/federation?Action=login&Destination=x&SigninToken=tok';

describe('console modes', () => {
  it.each([
    ['us-east-1', 'https://us-east-1.signin.aws.amazon.com/oauth'],
    ['eu-west-1', 'https://us-east-1.signin.aws.amazon.com/oauth'],
    ['us-gov-west-1', 'https://signin.amazonaws-us-gov.com/oauth'],
    ['cn-north-1', 'https://signin.amazonaws.cn/oauth'],
    ['eusc-de-east-1', 'https://eusc-de-east-1.signin.amazonaws-eusc.eu/oauth'],
  ])('signs out of the %s console at %s', (region, endpoint) => {
    expect(signOutEndpoint(AWS, partitionOf(region))).toBe(endpoint);
  });

  it('hands over from the sign-out to the sign-in URL, encoded whole', () => {
    const url = new URL(signOutHandOverUrl(AWS, 'aws', SIGNIN));
    expect(url.origin + url.pathname).toBe('https://us-east-1.signin.aws.amazon.com/oauth');
    expect(url.searchParams.get('Action')).toBe('logout');
    expect(url.searchParams.get('redirect_uri')).toBe(SIGNIN);
    expect([...url.searchParams.keys()]).toEqual(['Action', 'redirect_uri']);
  });

  it('multi-session opens the sign-in URL itself', () => {
    expect(consoleUrlForMode(AWS, 'multi-session', 'aws', SIGNIN)).toBe(SIGNIN);
  });

  it('signs out next to an overridden federation endpoint (the emulator)', () => {
    const ctx = { env: { LATCHKEY_FEDERATION_ENDPOINT: 'http://127.0.0.1:4566/federation' } };
    expect(signOutEndpoint(ctx, 'aws')).toBe('http://127.0.0.1:4566/oauth');
    expect(consoleUrlForMode(ctx, 'sign-out', 'aws-cn', SIGNIN)).toMatch(/^http:\/\/127\.0\.0\.1:4566\/oauth\?Action=logout&redirect_uri=/);
  });
});

describe('one-time console URL', () => {
  it('redirects once to the real URL; a second fetch and any other path get 404', async () => {
    const once = await serveOnce(SIGNIN);
    expect(once.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{32}$/);
    expect(once.url).not.toContain('SigninToken');
    expect(isLiveOneTimeUrl(once.url)).toBe(true);
    const other = await fetch(new URL('/elsewhere', once.url), { redirect: 'manual' });
    expect(other.status).toBe(404);
    const first = await fetch(once.url, { redirect: 'manual' });
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe(SIGNIN);
    expect(await once.fetched).toBe(true);
    expect(isLiveOneTimeUrl(once.url)).toBe(false);
    await expect(fetch(once.url, { redirect: 'manual' })).rejects.toThrow();
  });

  it('answers 404 to a second fetch made on the same connection', async () => {
    const once = await serveOnce(SIGNIN);
    const [a, b] = await Promise.all([fetch(once.url, { redirect: 'manual' }), fetch(once.url, { redirect: 'manual' }).catch(() => undefined)]);
    expect([a.status, b?.status ?? 404].sort()).toEqual([302, 404]);
  });

  it('waits for the browser, and says so in one line when none came in time', async () => {
    const seen: string[] = [];
    await openThroughOneTimeUrl(SIGNIN, async (local) => {
      seen.push(local);
      await fetch(local, { redirect: 'manual' });
    });
    expect(seen).toHaveLength(1);
    const err = await latchkeyErrorOf(openThroughOneTimeUrl(SIGNIN, async () => undefined, { ttlMs: 200 }));
    expect(err.code).toBe('TIMEOUT');
    expect(err.message).toMatch(/^The browser did not open the console within \d+ seconds\.$/);
  });
});
