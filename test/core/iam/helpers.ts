// Shared set-up for the IAM tests: the emulator with IAM users and roles, a temp HOME with the
// AWS files written as a person would, and the core on a manual clock.
import fs from 'node:fs/promises';
import path from 'node:path';
import { ManualClock } from '../../../src/core/clock';
import { createContext, type CoreContext } from '../../../src/core/context';
import { createLogger } from '../../../src/core/log';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startFakeAws, type FakeAws, type FakeAwsOptions, type FakeIamUser } from '../../../devkit/fake-aws';
import { tempHome } from '../../../devkit/home';
import { present } from '../../helpers/per-test';

export const ALICE: FakeIamUser = {
  userName: 'alice',
  accessKeyId: 'AKIAALICE00000000001',
  secretAccessKey: 'alice/secret+key/0000000000000000000000',
  mfaSerial: 'arn:aws:iam::111122223333:mfa/alice',
  mfaCode: '246810',
  accountId: '111122223333',
};
export const BOB: FakeIamUser = {
  userName: 'bob',
  accessKeyId: 'AKIABOB0000000000001',
  secretAccessKey: 'bob/secret+key/000000000000000000000000',
  accountId: '111122223333',
};
export const MFA_ROLE = 'arn:aws:iam::111122223333:role/NeedsMfa';
export const EXT_ROLE = 'arn:aws:iam::444455556666:role/Partner';
export const DEPLOY_ROLE = 'arn:aws:iam::444455556666:role/Deploy';

/** The organisation the IAM tests share: two accounts of two roles, ALICE and BOB, and
 * MFA_ROLE refusing to be assumed without MFA; `more` adds or overrides. */
export function iamOrg(more: FakeAwsOptions = {}): FakeAwsOptions {
  return { accounts: 2, rolesPerAccount: 2, iamUsers: [ALICE, BOB], rolesRequiringMfa: [MFA_ROLE], ...more };
}

export interface IamTestEnv {
  ctx: CoreContext;
  home: string;
  clock: ManualClock;
  lines: string[];
  configFile: string;
  credentialsFile: string;
  stateDir: string;
}

export async function makeIamEnv(fake: FakeAws, clock: ManualClock): Promise<IamTestEnv> {
  const home = (await tempHome('iam')).home;
  const lines: string[] = [];
  const stateDir = path.join(home, 'state');
  const ctx = createContext({
    env: { ...fake.env, LATCHKEY_HOME: stateDir },
    homedir: home,
    clock,
    logger: createLogger((l) => lines.push(l), 'debug'),
    openUrl: async (url) => {
      await (await fetch(url, { redirect: 'follow' })).text();
    },
  });
  await fs.mkdir(path.join(home, '.aws'), { recursive: true });
  return { ctx, home, clock, lines, configFile: path.join(home, '.aws', 'config'), credentialsFile: path.join(home, '.aws', 'credentials'), stateDir };
}

/**
 * One emulator for the file on a manual clock, and for each test a new clock (the emulator
 * reads it too), HOME and core context, the HOME removed after the test and the emulator's
 * counters at zero. Registers vitest hooks: call it at the file's top level; read it in tests.
 */
export function useIamEnv(options: FakeAwsOptions): IamTestEnv & { readonly fake: FakeAws } {
  let fake: FakeAws | undefined;
  let clock: ManualClock | undefined;
  let env: IamTestEnv | undefined;
  const live = () => present(env, 'useIamEnv: read outside a test');
  beforeAll(async () => {
    fake = await startFakeAws({ ...options, now: () => present(clock, 'useIamEnv: the clock is read before a test').now() });
  });
  afterAll(async () => {
    await fake?.close();
  });
  beforeEach(async () => {
    clock = new ManualClock(Date.now());
    env = await makeIamEnv(present(fake, 'useIamEnv: no emulator'), clock);
    fake!.resetStats();
  });
  afterEach(async () => {
    if (env) await fs.rm(env.home, { recursive: true, force: true });
    env = undefined;
  });
  const handle = {
    get fake() {
      return present(fake, 'useIamEnv: the emulator is read before it started');
    },
  } as IamTestEnv & { readonly fake: FakeAws };
  for (const key of ['ctx', 'home', 'clock', 'lines', 'configFile', 'credentialsFile', 'stateDir'] as const) {
    Object.defineProperty(handle, key, { get: () => live()[key], enumerable: true });
  }
  return handle;
}

export const USER_CREDENTIALS = `# my keys, by hand\r
[alice]\r
aws_access_key_id = ${ALICE.accessKeyId}\r
aws_secret_access_key = ${ALICE.secretAccessKey}\r
\r
[bob]\r
aws_access_key_id = ${BOB.accessKeyId}\r
aws_secret_access_key = ${BOB.secretAccessKey}\r
; trailing comment, no newline at the end`;
