import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOCK_SKEW_TOLERANCE_MS, onLocalClock } from '../../../src/core/aws/server-clock';
import { ManualClock } from '../../../src/core/clock';
import { assumeRole, getSessionToken } from '../../../src/core/iam/sts-calls';
import { startFakeAws, type FakeAws } from '../../../devkit/fake-aws';
import { BOB, DEPLOY_ROLE, makeIamEnv, type IamTestEnv } from './helpers';

// STS answers with expirations on AWS's clock, like the portal. With this computer's clock
// minutes off, Latchkey keeps the lifetime AWS granted on the local clock, so chained roles and
// MFA sessions are renewed before AWS ends them (and not over and over when the clock is ahead).

const MINUTE = 60_000;
let fake: FakeAws;
let skewMs = 0;
const clock = new ManualClock(Date.UTC(2026, 10, 23, 12, 0, 0));
let t: IamTestEnv;

beforeAll(async () => {
  fake = await startFakeAws({ accounts: 2, iamUsers: [BOB], now: () => clock.now() - skewMs });
  t = await makeIamEnv(fake, clock);
});
afterAll(async () => {
  await fake.close();
  await fs.rm(t.home, { recursive: true, force: true });
});

describe('STS expirations on a skewed clock', () => {
  it.each([-15, 15])('an hour of AssumeRole credentials is an hour on a clock %i min off AWS', async (skewMin) => {
    skewMs = skewMin * MINUTE;
    const linesBefore = t.lines.length; // the other skew's warning must not count for this one
    const creds = await assumeRole(t.ctx, BOB, { roleArn: DEPLOY_ROLE, roleSessionName: 'bob', region: 'us-east-1', durationSeconds: 3600, profile: 'deploy' });
    const left = creds.expiration - clock.now();
    expect(left).toBeLessThanOrEqual(60 * MINUTE);
    expect(left).toBeGreaterThan(60 * MINUTE - 2_000);
    expect(t.lines.slice(linesBefore).some((l) => /clock differs from AWS/.test(l))).toBe(true);
  });

  it('leaves the expiration as AWS sent it when the clocks agree', async () => {
    skewMs = 0;
    const creds = await getSessionToken(t.ctx, BOB, { region: 'us-east-1', durationSeconds: 3600, profile: 'bob' });
    expect(creds.expiration - clock.now()).toBe(60 * MINUTE);
  });

  it('ignores skew within the tolerance and never moves an expiration later than AWS allows', () => {
    const exp = Date.UTC(2026, 0, 1, 13);
    const sent = Date.UTC(2026, 0, 1, 12);
    expect(onLocalClock(exp, sent + CLOCK_SKEW_TOLERANCE_MS - 1_000, sent)).toBe(exp);
    // AWS 10 min ahead of us: the credentials end 10 min (and up to a second) earlier on our clock.
    expect(onLocalClock(exp, sent + 10 * MINUTE, sent)).toBe(exp - 10 * MINUTE - 999);
    expect(onLocalClock(exp, Number.NaN, sent)).toBe(exp);
    // A Date two days old is a broken proxy's, not AWS's: believing it would make credentials
    // look valid for two more days.
    expect(onLocalClock(exp, sent - 2 * 24 * 60 * MINUTE, sent)).toBe(exp);
  });
});
