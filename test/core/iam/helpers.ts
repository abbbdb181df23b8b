// Shared set-up for the IAM tests: the emulator with IAM users and roles, a temp HOME with the
// AWS files written as a person would, and a session manager on a manual clock.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ManualClock } from '../../../src/core/clock';
import { createContext, type CoreContext } from '../../../src/core/context';
import { createLogger } from '../../../src/core/log';
import type { RoleCredentials } from '../../../src/core/types';
import type { FakeAws, FakeIamUser } from '../../../devkit/fake-aws';

export const ALICE: FakeIamUser = {
  userName: 'alice',
  accessKeyId: 'AKIAALICE00000000001',
  secretAccessKey: 'alice/secret+key/0000000000000000000000',
  mfaSerial: 'arn:aws:iam::111122223333:mfa/alice',
  mfaCode: '246810',
  accountId: '111122223333',
};
export const BOB: FakeIamUser = { userName: 'bob', accessKeyId: 'AKIABOB0000000000001', secretAccessKey: 'bob/secret+key/000000000000000000000000', accountId: '111122223333' };
export const MFA_ROLE = 'arn:aws:iam::111122223333:role/NeedsMfa';
export const EXT_ROLE = 'arn:aws:iam::444455556666:role/Partner';
export const DEPLOY_ROLE = 'arn:aws:iam::444455556666:role/Deploy';

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
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'latchkey-iam-'));
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

/** Who AWS (the emulator) says these credentials are. */
export async function whoAmI(fake: FakeAws, creds: RoleCredentials): Promise<string> {
  const sts = new STSClient({ region: 'us-east-1', endpoint: fake.env.AWS_ENDPOINT_URL_STS, maxAttempts: 1, credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey, sessionToken: creds.sessionToken } });
  try {
    return (await sts.send(new GetCallerIdentityCommand({}))).Arn ?? '';
  } finally {
    sts.destroy();
  }
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
