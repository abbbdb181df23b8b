import { ListAccountsCommand } from '@aws-sdk/client-sso';
import { CreateTokenCommand } from '@aws-sdk/client-sso-oidc';
import { describe, expect, it } from 'vitest';
import type { FakeAws, FakeAwsOptions } from '../../../devkit/fake-aws/index';
import { oidcClient, rejectionOf, ssoClient } from './sdk-clients';
import { signInWithDeviceCode } from '../../../devkit/sign-in';
import { startFakeForTest } from '../../helpers/per-test';

let fake: FakeAws | undefined;
async function signedIn(options: FakeAwsOptions = {}) {
  fake = await startFakeForTest(options);
  const tokens = await signInWithDeviceCode(fake);
  fake.resetStats();
  return { fake, ...tokens };
}

/** Outcome of each of `n` sequential ListAccounts calls: 'ok', 'slow' (an answer that took at
 * least `slowMs`) or the error's status. Only a lower bound on time: a loaded machine can make
 * any call slow, never a slow one fast (callers compare 'slow' counts with >=). */
async function portalOutcomes(f: FakeAws, accessToken: string, n: number, slowMs = Infinity): Promise<string[]> {
  const sso = ssoClient(f);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    try {
      await sso.send(new ListAccountsCommand({ accessToken }));
      out.push(performance.now() - started >= slowMs - 5 ? 'slow' : 'ok');
    } catch (err) {
      const e = err as { name: string; $metadata?: { httpStatusCode?: number } };
      out.push(`${e.$metadata?.httpStatusCode ?? 'none'}`);
    }
  }
  sso.destroy();
  return out;
}

describe('mixed-fault mode (randomFaults)', () => {
  it('fails about the asked fraction of portal calls with every kind of fault, counted in stats', async () => {
    const { fake, accessToken } = await signedIn({ randomFaults: { rate: 0.5, targets: ['portal'], slowMs: 300 }, seed: 3 });
    const outcomes = await portalOutcomes(fake, accessToken, 60, 300);
    const faults = fake.stats().faults;
    const injected = Object.values(faults).reduce((a, b) => a + b, 0);
    expect(injected).toBeGreaterThan(15);
    expect(injected).toBeLessThan(45);
    expect(Object.keys(faults).sort()).toEqual(['portal:429', 'portal:500', 'portal:drop', 'portal:malformed', 'portal:slow']);
    // What a client sees: 500s, 429s, no answer at all (drop), a 200 it cannot parse, a late 200.
    expect(outcomes.filter((o) => o === '500')).toHaveLength(faults['portal:500']!);
    expect(outcomes.filter((o) => o === '429')).toHaveLength(faults['portal:429']!);
    expect(outcomes.filter((o) => o === 'ok' || o === 'slow')).toHaveLength(60 - injected + faults['portal:slow']!);
    expect(outcomes.filter((o) => o === 'slow').length).toBeGreaterThanOrEqual(faults['portal:slow']!);
    expect(outcomes.filter((o) => o === 'none' || o === '200')).toHaveLength(faults['portal:drop']! + faults['portal:malformed']!);
    expect(fake.stats().tokens.refreshToken).toBe(0);
  });

  it('is reproducible: the same seed gives the same faults in the same order', async () => {
    const run = async () => {
      const { fake: f, accessToken } = await signedIn({ randomFaults: { rate: 0.4, kinds: [500, 429], seed: 11 } });
      const outcomes = await portalOutcomes(f, accessToken, 30);
      await f.close();
      return outcomes;
    };
    const first = await run();
    expect(first).toContain('500');
    expect(await run()).toEqual(first);
  });

  it('fails OIDC token calls too, without consuming the refresh token', async () => {
    const { fake, clientId, clientSecret, refreshToken } = await signedIn({ strictRefreshRotation: true });
    fake.configure({ randomFaults: { rate: 1, kinds: [500], targets: ['token'] } });
    const oidc = oidcClient(fake);
    const refresh = () => oidc.send(new CreateTokenCommand({ clientId, clientSecret, grantType: 'refresh_token', refreshToken }));
    expect((await rejectionOf(refresh())).$metadata?.httpStatusCode).toBe(500);
    fake.configure({ randomFaults: { rate: 1, kinds: ['malformed'], targets: ['token'] } });
    await rejectionOf(refresh());
    fake.configure({ randomFaults: { rate: 1, kinds: ['drop'], targets: ['token'] } });
    await rejectionOf(refresh());
    fake.configure({ randomFaults: undefined });
    expect((await refresh()).accessToken).toBeTruthy(); // the failed calls did not spend it
    expect(fake.stats().faults).toEqual({ 'token:500': 1, 'token:malformed': 1, 'token:drop': 1 });
    expect(fake.stats().portal.total).toBe(0);
  });

  it('rejects a bad configuration over HTTP', async () => {
    fake = await startFakeForTest();
    const post = (body: unknown) => fetch(`${fake!.url}/_fake/config`, { method: 'POST', body: JSON.stringify(body) });
    expect((await post({ randomFaults: { rate: 2 } })).status).toBe(400);
    expect((await post({ randomFaults: { rate: 0.1, kinds: ['teapot'] } })).status).toBe(400);
    expect((await post({ randomFaults: { rate: 0.1, kinds: ['slow', 500] } })).status).toBe(200);
    expect((await post({ randomFaults: null })).status).toBe(200);
  });

  it("stamps answers with the fake's own time (Date header), so clock-skew tests see AWS's time", async () => {
    const skewed = Date.UTC(2030, 0, 2, 3, 4, 5);
    fake = await startFakeForTest({ now: () => skewed });
    const res = await fetch(`${fake.url}/_fake/info`);
    expect(res.headers.get('date')).toBe(new Date(skewed).toUTCString());
  });
});
