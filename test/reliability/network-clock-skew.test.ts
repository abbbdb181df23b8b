import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCredentialsFile } from '../../src/core/aws/credentials-file';
import { ManualClock } from '../../src/core/clock';
import type { LatchkeyEvents } from '../../src/core/sessions/latchkey-events';
import { startFakeAws, type FakeAws } from '../../devkit/fake-aws/index';
import { deviceLoginCli, runCli } from '../../devkit/cli';
import { tempHome } from '../../devkit/home';
import { waitFor } from '../../devkit/wait';
import { expectedCatalog, leakedSecretKinds, signInCounters, signedInManager } from './network-helpers';
import { SOAK, timeoutFor } from './soak';
import { whoAmI } from '../../devkit/who-am-i';

// This computer's clock is minutes off AWS's. The emulator runs on AWS's time (its
// `now`, also sent in the Date header); the core on a ManualClock that is skewed from it. Role
// credentials carry an absolute expiry on AWS's clock, which the core converts to local time
// (src/core/aws/server-clock.ts), so the refresh loop neither lets them lapse (clock behind) nor
// fetches them over and over (clock ahead).

const MINUTE = 60_000;
const TTL_S = 3600; // role credentials and access tokens live an hour, as by default at AWS
const MARGIN = 10 * MINUTE; // the app's default refresh margin
// Behind and ahead by 5 and 15 minutes; 55 minutes is more than the credentials' hour minus the
// margin, where an uncorrected clock ahead would fetch credentials every second.
const SKEWS_MIN = SOAK ? [-55, -15, -5, 0, 5, 15, 55] : [-15, -5, 5, 15, 55];
const HOURS = SOAK ? 8 : 2;
const STEP = 2 * MINUTE;

let fake: FakeAws;
let clock = new ManualClock(Date.now());
let skewMs = 0;
beforeAll(async () => {
  // AWS's time = this computer's (the ManualClock) minus the skew.
  fake = await startFakeAws({
    accounts: 20,
    rolesPerAccount: 2,
    accessTokenTtlSeconds: TTL_S,
    roleCredentialsTtlSeconds: TTL_S,
    now: () => clock.now() - skewMs,
  });
});
afterAll(() => fake.close());

function describeSkew(min: number): string {
  return min === 0 ? 'a correct clock' : `a clock ${Math.abs(min)} min ${min > 0 ? 'ahead of' : 'behind'} AWS`;
}

/** GetCallerIdentity with the profile's credentials, on AWS's time: fails once they expired. */
async function profileWorksAtAws(credentialsFile: string, profile: string): Promise<string> {
  const section = (await readCredentialsFile(credentialsFile)).get(profile);
  try {
    return (
      await whoAmI(fake, {
        accessKeyId: section!.aws_access_key_id!,
        secretAccessKey: section!.aws_secret_access_key!,
        sessionToken: section!.aws_session_token!,
      })
    ).account!;
  } catch (err) {
    return `rejected: ${(err as Error).name}`;
  }
}

describe.each(SKEWS_MIN)('with the local clock skewed %i min from AWS', (skewMin) => {
  it(
    `signs in, syncs, uses a role and keeps it fresh for ${HOURS} h with ${describeSkew(skewMin)}`,
    async () => {
      clock = new ManualClock(Date.now());
      skewMs = skewMin * MINUTE;
      fake.resetStats();
      const t = await signedInManager(fake, { clock, latchkey: { refreshMarginMs: MARGIN, expiryWarningMs: MARGIN } });
      try {
        expect((await t.latchkey.catalog.sync(t.session)).accounts).toEqual(expectedCatalog(fake));
        const account = fake.accounts[3]!;
        const role = await t.latchkey.catalog.resolveRole(`${account.accountId}/${account.roles[0]}`);
        const active = await t.latchkey.profiles.activate(role, 'dev');
        // The expiry Latchkey shows and schedules by is an hour from now on this computer's clock.
        expect(active.expiration - clock.now()).toBeGreaterThan(TTL_S * 1000 - 2_000);
        expect(active.expiration - clock.now()).toBeLessThanOrEqual(TTL_S * 1000);
        const credentialsFile = path.join(t.home, '.aws', 'credentials');
        expect(await profileWorksAtAws(credentialsFile, 'dev')).toBe(account.accountId);

        const events: string[] = [];
        for (const name of ['sign-in-needed', 'error', 'expiry-warning'] as (keyof LatchkeyEvents)[]) {
          t.latchkey.events.on(name, (arg: unknown) => events.push(`${name} ${JSON.stringify(arg)}`));
        }
        const before = fake.stats();
        t.latchkey.refresh.start();
        try {
          const lapses: string[] = [];
          for (let elapsed = 0; elapsed < HOURS * 60 * MINUTE; elapsed += STEP) {
            await clock.advance(STEP);
            await t.latchkey.refresh.idle();
            // The loop has scheduled its next turn before time moves on.
            await waitFor(() => clock.pendingTimers() > 0, 5_000, 'the refresh loop to reschedule');
            const who = await profileWorksAtAws(credentialsFile, 'dev');
            if (who !== account.accountId) lapses.push(`${(elapsed + STEP) / MINUTE} min: ${who}`);
          }
          // The AWS CLI would never have met expired credentials in ~/.aws/credentials …
          expect(lapses, 'times the profile held credentials AWS had expired').toEqual([]);
        } finally {
          t.latchkey.refresh.stop();
          await t.latchkey.refresh.idle();
        }
        const after = fake.stats();
        const fetched = (after.portal.byOperation.GetRoleCredentials ?? 0) - (before.portal.byOperation.GetRoleCredentials ?? 0);
        // … and nothing was fetched in a loop: one renewal per 50 minutes (credentials live 60,
        // renewed 10 before), the sign-in renewed about once an hour.
        const expected = Math.ceil((HOURS * 60) / 50);
        expect(fetched, 'GetRoleCredentials calls').toBeGreaterThanOrEqual(expected - 1);
        expect(fetched, 'GetRoleCredentials calls').toBeLessThanOrEqual(expected + 1);
        expect(after.tokenCalls - before.tokenCalls, 'OIDC token calls').toBeLessThanOrEqual(HOURS + 1);
        console.info(
          `clock skew ${skewMin} min: ${HOURS} h kept fresh with ${fetched} GetRoleCredentials and ${after.tokenCalls - before.tokenCalls} token calls, no lapse`,
        );
        expect(events).toEqual([]);
        expect(signInCounters(after)).toEqual(signInCounters(before));
        expect(t.opened).toHaveLength(1);
        // The log says once per fetch that the clock is off (only when it is more than 30 s).
        const warned = t.lines.filter((l) => l.includes("clock differs from AWS's")).length;
        expect(warned).toBe(skewMin === 0 ? 0 : fetched + 1);
        expect(leakedSecretKinds(fake, t.lines)).toEqual([]);
      } finally {
        await t.cleanup();
      }
    },
    timeoutFor(30_000, 300_000),
  );
});

describe('what the command says with a skewed clock', () => {
  let cliFake: FakeAws;
  let cliSkew = 0;
  beforeAll(async () => {
    cliFake = await startFakeAws({ accounts: 3, rolesPerAccount: 1, deviceInterval: 0.2, roleCredentialsTtlSeconds: TTL_S, now: () => Date.now() - cliSkew });
  });
  afterAll(() => cliFake.close());

  for (const skewMin of [-15, 15]) {
    it(`latchkey use shows the hour the credentials really have left, with ${describeSkew(skewMin)}`, async () => {
      cliSkew = skewMin * MINUTE;
      const { home, env: baseEnv, cleanup } = await tempHome();
      try {
        const env = { ...baseEnv, ...cliFake.env };
        expect((await deviceLoginCli(cliFake, env)).code).toBe(0);
        const a = cliFake.accounts[0]!;
        const run = await runCli(['use', `${a.accountId}/${a.roles[0]}`, '--profile', 'dev'], env);
        expect(run.code).toBe(0);
        // Not "1 h 15 min" (clock behind) or "45 min" (clock ahead).
        expect(run.stderr).toMatch(/, valid until \S+ \(1 h\)\.\n$/);
        expect(await fs.readFile(path.join(home, '.aws', 'credentials'), 'utf8')).toContain('[dev]');
      } finally {
        await cleanup();
      }
    });
  }
});
