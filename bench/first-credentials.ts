// The first credentials in a fresh HOME (signed in, no catalog and no credentials cached), as a
// CI job or a new laptop gets them: `credential-process` for the middle account's role by
// account id and by account name, next to the full-sync path (`roles --refresh`, then
// `credential-process`), against the emulator throttled at 20 req/s with 50 ms latency, at
// 1,000 and 2,000 accounts of 3 roles (BENCH_SIZES narrows them). The full sync's time is also
// given as a ratio to the throttle's bound: (account pages + one role page per account) / 20 per
// s, goal ≤ 1.1×; it includes the command's start-up. Lookups are measured 5× per run, the
// full-sync path once per run (BENCH_RUNS).

import fs from 'node:fs/promises';
import path from 'node:path';
import { runCli } from '../devkit/cli';
import type { FakeAws } from '../devkit/fake-aws/index';
import { withSignedInHome } from '../devkit/signed-in-home';
import { median, type BenchRow, type BenchSection } from './report';
import { usefulRequests } from './sync';

const DEFAULT_SIZES = [1000, 2000];
const ROLES = 3;
const ROLE = 'ReadOnlyAccess';
const RATE = 20;
const LATENCY_MS = 50;
const LOOKUPS_PER_RUN = 5;
const BOUND_GOAL = 1.1;

interface Sample {
  ms: number;
  accountPages: number;
  rolePages: number;
}

function sizes(): number[] {
  const env = process.env.BENCH_SIZES;
  if (!env) return DEFAULT_SIZES;
  const list = env.split(',').map((s) => Number(s.trim()));
  if (list.some((n) => !Number.isInteger(n) || n < 1 || n > 10_000)) throw new Error(`BENCH_SIZES must list account counts, got "${env}"`);
  return list;
}

/** A fresh HOME again: no catalog, no cached credentials, the sign-in kept; a fresh throttle window. */
async function forget(fake: FakeAws, env: Record<string, string>): Promise<void> {
  await fs.rm(path.join(env.LATCHKEY_HOME!, 'catalog'), { recursive: true, force: true });
  await fs.rm(path.join(env.HOME!, '.aws', 'cli', 'cache'), { recursive: true, force: true });
  await new Promise((r) => setTimeout(r, 1100));
  fake.resetStats();
}

/** Runs the commands one after another; the time is from the first spawn to the last exit; the calls counted since the last reset. */
async function timeCommands(fake: FakeAws, env: Record<string, string>, commands: string[][]): Promise<Sample> {
  const started = performance.now();
  for (const args of commands) {
    const r = await runCli(args, env);
    if (r.code !== 0) throw new Error(`latchkey ${args.join(' ')} failed: ${r.stderr.trim()}`);
  }
  const ms = performance.now() - started;
  const by = fake.stats().portal.byOperation;
  return { ms, accountPages: by.ListAccounts ?? 0, rolePages: by.ListAccountRoles ?? 0 };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const calls = (s: Sample[]) => `${median(s.map((x) => x.accountPages))} account + ${median(s.map((x) => x.rolePages))} role pages`;

async function benchSize(accounts: number, runs: number): Promise<BenchRow[]> {
  return withSignedInHome({ accounts, rolesPerAccount: ROLES }, async ({ fake, env }) => {
    fake.configure({ portalRateLimit: RATE, latencyMs: LATENCY_MS });
    const target = fake.accounts[Math.floor(accounts / 2) - 1]!;
    const byIdArg = `${target.accountId}/${ROLE}`;
    const byNameArg = `${target.accountName}/${ROLE}`;
    const byId: Sample[] = [];
    const byName: Sample[] = [];
    const full: Sample[] = [];
    const sync: Sample[] = [];
    for (let run = 0; run < runs; run++) {
      for (let i = 0; i < LOOKUPS_PER_RUN; i++) {
        await forget(fake, env);
        byId.push(await timeCommands(fake, env, [['credential-process', byIdArg]]));
        await forget(fake, env);
        byName.push(await timeCommands(fake, env, [['credential-process', byNameArg]]));
      }
      await forget(fake, env);
      const synced = await timeCommands(fake, env, [['roles', '--refresh', '--json']]);
      const then = await timeCommands(fake, env, [['credential-process', byIdArg]]);
      sync.push(synced);
      full.push({ ...then, ms: synced.ms + then.ms });
      console.error(
        `  ${accounts} accounts: by id ${seconds(byId.at(-1)!.ms)}, by name ${seconds(byName.at(-1)!.ms)}, roles --refresh ${seconds(sync.at(-1)!.ms)}, full-sync path ${seconds(full.at(-1)!.ms)}`,
      );
    }
    const org = `${accounts.toLocaleString('en')}×${ROLES}`;
    const fullMs = median(full.map((s) => s.ms));
    const boundMs = (usefulRequests(accounts) / RATE) * 1000;
    const syncMs = median(sync.map((s) => s.ms));
    const faster = (s: Sample[]) => `${(fullMs / median(s.map((x) => x.ms))).toFixed(0)}× faster than the full-sync path`;
    const shape = `${RATE} req/s, ${LATENCY_MS} ms`;
    return [
      {
        name: `first credentials, fresh HOME, ${org}: by account id`,
        medianMs: median(byId.map((s) => s.ms)),
        runs: byId.length,
        ratio: faster(byId),
        how: `credential-process ${target.accountId}/${ROLE}, ${shape}; ${calls(byId)}, 1 GetRoleCredentials`,
      },
      {
        name: `first credentials, fresh HOME, ${org}: by account name`,
        medianMs: median(byName.map((s) => s.ms)),
        runs: byName.length,
        ratio: faster(byName),
        how: `credential-process ${byNameArg} (page ${Math.ceil(accounts / 2 / 100)} of ${Math.ceil(accounts / 100)}), ${shape}; ${calls(byName)}`,
      },
      {
        name: `first credentials, fresh HOME, ${org}: full-sync path`,
        medianMs: fullMs,
        runs: full.length,
        ratio: 'what a fresh HOME paid before',
        how: `roles --refresh, then credential-process ${target.accountId}/${ROLE}, ${shape}; ${calls(full)} incl. 429s`,
      },
      {
        name: `full sync ${org} (roles --refresh), ${shape}`,
        medianMs: syncMs,
        runs: sync.length,
        ratio: `${(syncMs / boundMs).toFixed(2)}× the throttle's bound (goal ≤ ${BOUND_GOAL}×)`,
        how: `bound = ${usefulRequests(accounts)} useful req / ${RATE} per s = ${seconds(boundMs)}; spawn → exit, start-up included; ${calls(sync)} incl. 429s`,
      },
    ];
  });
}

export const firstCredentialsSection: BenchSection = {
  name: 'first credentials',
  async run(runs) {
    const rows: BenchRow[] = [];
    for (const accounts of sizes()) rows.push(...(await benchSize(accounts, runs)));
    return rows;
  },
};
