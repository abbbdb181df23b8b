import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCredentialsFile } from '../../src/core/aws/credentials-file';
import { catalogCachePath, writeCatalogCache } from '../../src/core/sso/catalog-cache';
import type { CatalogAccount } from '../../src/core/types';
import { startFakeAws, type FakeAws, type RandomFaults } from '../../devkit/fake-aws/index';
import { deviceLoginCli, runCli } from '../../devkit/cli';
import { tempHome } from '../../devkit/home';
import { handWrittenCredentials, withoutManagedSections } from '../../devkit/credentials-files';
import { expectClearError, expectedCatalog, leakedSecretKinds, signInCounters, signedInManager, watchFile } from './network-helpers';
import { iterations, timeoutFor } from './soak';
import { whoAmI } from '../../devkit/who-am-i';

// Network faults: the emulator fails about 10% of portal and OIDC token calls with a
// seeded mix of 500s, 429s, dropped connections, slow answers and truncated JSON. Through the
// real core and the built command, every sync ends with the complete catalog or a
// clear error, the catalog cache is never half-written, nobody is asked to sign in again, and
// `latchkey use` writes working credentials or leaves the file as it was.

const TEN_PERCENT: RandomFaults = { rate: 0.1, slowMs: 200 };

/** A catalog reduced to what must survive: ids, names, e-mails and roles, in order. */
function canonical(accounts: CatalogAccount[]): string {
  return JSON.stringify(accounts.map((a) => [a.accountId, a.accountName, a.emailAddress ?? null, a.roles]));
}

describe('syncs through the core while 10% of calls fail', () => {
  let fake: FakeAws;
  beforeAll(async () => {
    fake = await startFakeAws({ accounts: 300, rolesPerAccount: 2, seed: 6 });
  });
  afterAll(() => fake.close());

  it(
    'finish with the complete catalog or fail clearly; the cache is old or new, whole; no new sign-in',
    async () => {
      const t = await signedInManager(fake);
      try {
        const cacheFile = catalogCachePath(t.ctx, t.session.name);
        const expected = canonical(expectedCatalog(fake));
        // An older catalog (fewer accounts) in the cache, so "old" and "new" differ on disk.
        const stale = expectedCatalog(fake).slice(0, 40);
        await writeCatalogCache(t.ctx, { version: 1, session: t.session.name, startUrl: t.session.startUrl, syncedAt: 1, accounts: stale });
        let onDisk = canonical(stale);
        const signInsBefore = signInCounters(fake.stats());
        const tally = { finished: 0, failed: 0, tokenCalls: 0 };
        const rounds = iterations(4, 40);
        for (let round = 0; round < rounds; round++) {
          fake.configure({ randomFaults: { ...TEN_PERCENT, seed: 1000 + round } });
          // Every other round AWS has ended the access token early: the sync must renew it
          // through the (equally faulty) OIDC token endpoint, with the refresh token only.
          if (round % 2 === 1) fake.expireAccessTokens();
          const tokenCallsBefore = fake.stats().tokenCalls;
          const before = onDisk;
          const { result, reads, bad } = await watchFile(
            cacheFile,
            (text) => {
              const c = canonical((JSON.parse(text) as { accounts: CatalogAccount[] }).accounts);
              return c === before || c === expected;
            },
            () => t.latchkey.catalog.sync(t.session),
          );
          fake.configure({ randomFaults: undefined });
          expect(bad, `round ${round}: a read of the catalog cache saw a partial or foreign file`).toEqual([]);
          expect(reads).toBeGreaterThan(0);
          onDisk = canonical((JSON.parse(await fs.readFile(cacheFile, 'utf8')) as { accounts: CatalogAccount[] }).accounts);
          if (result.status === 'fulfilled') {
            tally.finished++;
            expect(canonical(result.value.accounts), `round ${round}: the catalog`).toBe(expected);
            expect(onDisk).toBe(expected);
          } else {
            tally.failed++;
            expectClearError(result.reason, fake);
            expect(onDisk).toBe(before); // a failed sync leaves the previous cache alone
          }
          tally.tokenCalls += fake.stats().tokenCalls - tokenCallsBefore;
        }
        // Faults happened, on both targets, and were survived.
        const faults = fake.stats().faults;
        expect(Object.keys(faults).some((k) => k.startsWith('portal:'))).toBe(true);
        expect(tally.finished).toBeGreaterThan(0);
        // One renewal per expired round at most (plus SDK-level retries of a failed call),
        // never a sign-in: no device authorization, no browser, no authorization code.
        expect(tally.tokenCalls).toBeLessThanOrEqual(Math.ceil(rounds / 2) * 3);
        expect(signInCounters(fake.stats())).toEqual(signInsBefore);
        expect(t.opened).toHaveLength(1); // the first sign-in only
        expect((await t.latchkey.sessions.list())[0]).toMatchObject({ signedIn: true });
        expect(leakedSecretKinds(fake, t.lines), 'secrets in the debug log').toEqual([]);
        console.info(
          `network faults: ${rounds} syncs of 300 accounts, ${tally.finished} finished, ${tally.failed} failed clearly; faults ${JSON.stringify(faults)}`,
        );
      } finally {
        await t.cleanup();
      }
    },
    timeoutFor(60_000, 900_000),
  );
});

describe('a token refresh that meets each kind of fault', () => {
  let fake: FakeAws;
  beforeAll(async () => {
    fake = await startFakeAws({ accounts: 30, rolesPerAccount: 2, seed: 8 });
  });
  afterAll(() => fake.close());

  it('ends the sync with one clear error (or, when only slow, the catalog), keeps the sign-in, and no loop', async () => {
    const t = await signedInManager(fake);
    try {
      const signInsBefore = signInCounters(fake.stats());
      const outcomes: Record<string, string> = {};
      for (const kind of [500, 429, 'drop', 'malformed', 'slow'] as const) {
        fake.configure({ randomFaults: { rate: 1, kinds: [kind], targets: ['token'], slowMs: 200 } });
        fake.expireAccessTokens(); // the sync's first call is refused: it must renew the token
        const before = fake.stats();
        const result = await t.latchkey.catalog.sync(t.session).then(
          (view) => view,
          (err: unknown) => expectClearError(err, fake),
        );
        fake.configure({ randomFaults: undefined });
        const after = fake.stats();
        outcomes[kind] = 'accounts' in result ? 'catalog' : result.code;
        if ('accounts' in result) expect(result.accounts).toEqual(expectedCatalog(fake));
        // One refresh, which the SDK tries at most three times; the portal is not hammered.
        expect(after.tokenCalls - before.tokenCalls, `${kind}: token calls`).toBeLessThanOrEqual(3);
        expect(after.portal.total - before.portal.total, `${kind}: portal calls`).toBeLessThanOrEqual(2 * 30 + 2);
        // The refresh token was not thrown away for a fault that was not AWS's "no".
        expect(await t.latchkey.sessions.list(), `${kind}: the session`).toEqual([expect.objectContaining({ signedIn: true, refreshable: true })]);
      }
      expect(outcomes).toEqual({ 500: 'AWS_ERROR', 429: 'THROTTLED', drop: 'NETWORK', malformed: 'AWS_ERROR', slow: 'catalog' });
      // Once AWS answers again, the next sync just works: no new sign-in.
      fake.expireAccessTokens();
      expect((await t.latchkey.catalog.sync(t.session)).accounts).toEqual(expectedCatalog(fake));
      expect(signInCounters(fake.stats())).toEqual(signInsBefore);
      expect(t.opened).toHaveLength(1);
    } finally {
      fake.configure({ randomFaults: undefined });
      await t.cleanup();
    }
  });
});

describe('latchkey use while the portal fails', () => {
  let fake: FakeAws;
  beforeAll(async () => {
    fake = await startFakeAws({ accounts: 5, rolesPerAccount: 2, deviceInterval: 0.2, seed: 9 });
  });
  afterAll(() => fake.close());

  it(
    'writes credentials AWS accepts, or leaves the credentials file byte for byte as it was',
    async () => {
      const { home, env: baseEnv, cleanup } = await tempHome();
      try {
        const env = { ...baseEnv, ...fake.env };
        expect((await deviceLoginCli(fake, env)).code).toBe(0);
        expect((await runCli(['roles'], env)).code).toBe(0); // the catalog is cached: `use` asks only for credentials
        const credentialsFile = path.join(home, '.aws', 'credentials');
        const handWritten = handWrittenCredentials(6, 42);
        await fs.writeFile(credentialsFile, handWritten);
        const signInsBefore = signInCounters(fake.stats());
        // 10%: it should get through; 80%: sometimes; 100%: never — then nothing may change.
        const modes: RandomFaults[] = [
          { rate: 0.1, targets: ['portal'], slowMs: 200 },
          { rate: 0.8, targets: ['portal'], slowMs: 200 },
          { rate: 1, targets: ['portal'], kinds: [500, 429, 'drop', 'malformed'] },
        ];
        const tally = { written: 0, untouched: 0 };
        const rounds = iterations(3, 45);
        for (let round = 0; round < rounds; round++) {
          const account = fake.accounts[round % fake.accounts.length]!;
          const roleName = account.roles[round % account.roles.length]!;
          const before = await fs.readFile(credentialsFile, 'utf8');
          fake.configure({ randomFaults: { ...modes[round % modes.length]!, seed: 2000 + round } });
          const run = await runCli(['use', `${account.accountId}/${roleName}`, '--profile', 'net'], env);
          fake.configure({ randomFaults: undefined });
          const after = await fs.readFile(credentialsFile, 'utf8');
          expect(leakedSecretKinds(fake, [run.stdout, run.stderr]), `round ${round}: secrets in the output`).toEqual([]);
          // Whatever happened, every hand-written byte is still there. (Booleans: a diff of
          // these files would print credentials.)
          expect(withoutManagedSections(after, ['net']) === handWritten, `round ${round}: the hand-written profiles changed`).toBe(true);
          if (run.code === 0) {
            tally.written++;
            const section = (await readCredentialsFile(credentialsFile)).get('net');
            const who = await whoAmI(fake, {
              accessKeyId: section!.aws_access_key_id!,
              secretAccessKey: section!.aws_secret_access_key!,
              sessionToken: section!.aws_session_token!,
            });
            expect(who.account).toBe(account.accountId);
            expect(who.arn).toContain(`AWSReservedSSO_${roleName}_`);
          } else {
            tally.untouched++;
            expect(run.code).toBe(1);
            expect(after === before, `round ${round}: a failed use changed the credentials file`).toBe(true);
            const lines = run.stderr.trimEnd().split('\n');
            expect(lines, `round ${round}: stderr`).toHaveLength(1);
            expect(lines[0]).toMatch(/^latchkey: .*(again|Check)/);
          }
        }
        expect(tally.written).toBeGreaterThan(0);
        expect(tally.untouched).toBeGreaterThan(0);
        expect(signInCounters(fake.stats())).toEqual(signInsBefore);
        console.info(`use under faults: ${rounds} runs, ${tally.written} wrote working credentials, ${tally.untouched} failed and left the file untouched`);
      } finally {
        await cleanup();
      }
    },
    timeoutFor(60_000, 900_000),
  );
});
