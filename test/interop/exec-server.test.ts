import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeAws } from '../../devkit/fake-aws';
import { REPO, runCli } from '../../devkit/cli';
import { startSignedInHome, type SignedInHome } from '../../devkit/signed-in-home';
import { hasAwsCli, pythonEnv, skipNote } from '../../devkit/peers';

// Real SDKs inside `latchkey exec --server`: they find the endpoint on their own, and when the
// first credentials expire they come back for new ones (the emulator's roles last seconds).
// The person's ~/.aws/credentials holds a [default] with keys the emulator does not know: an
// SDK that read it instead of the endpoint would fail.

const hasBotocore = spawnSync('python3', ['-c', 'import botocore'], { env: { ...process.env, ...pythonEnv() } }).status === 0;
skipNote('botocore (python3 -c "import botocore")', hasBotocore);
skipNote('the AWS CLI (aws)', hasAwsCli);

const LIFETIME_S = 6;
const RUN_S = 14;

let signedIn: SignedInHome;
let fake: FakeAws;
let env: Record<string, string>;
let role: string;

beforeAll(async () => {
  signedIn = await startSignedInHome(
    { accounts: 2, rolesPerAccount: 1 },
    { label: 'exec-server', env: { ...pythonEnv(), AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-1', PYTHONWARNINGS: 'ignore' } },
  );
  ({ fake, env, role } = signedIn);
  await fs.writeFile(env.AWS_SHARED_CREDENTIALS_FILE!, '[default]\naws_access_key_id = AKIAUNKNOWNTOFAKE001\naws_secret_access_key = not-known\n');
});
afterAll(() => signedIn.close());

interface Calls {
  /** Access key ids each successful call was signed with, in order. */
  keys: string[];
  errors: string[];
}

function expectRenewed(calls: Calls): void {
  expect(calls.errors).toEqual([]);
  expect(calls.keys.length).toBeGreaterThanOrEqual(RUN_S - 2);
  // More than one lifetime passed: new credentials came, and each was one the emulator issued.
  expect(new Set(calls.keys).size).toBeGreaterThanOrEqual(2);
  for (const key of calls.keys) expect(key).toMatch(/^ASIA/);
}

/** Calls STS once a second for RUN_S seconds, printing {keys, errors} as JSON (never a secret). */
const BOTOCORE_LOOP = `
import json, time, botocore.session
s = botocore.session.get_session()
sts = s.create_client('sts')
keys, errors = [], []
end = time.time() + ${RUN_S}
while time.time() < end:
    try:
        sts.get_caller_identity()
        keys.append(s.get_credentials().get_frozen_credentials().access_key)
    except Exception as e:
        errors.append(type(e).__name__ + ': ' + str(e)[:200])
    time.sleep(1)
print(json.dumps({'keys': keys, 'errors': errors}))
`;

const JS_SDK_LOOP = `
const { STSClient, GetCallerIdentityCommand } = require(${JSON.stringify(path.join(REPO, 'node_modules/@aws-sdk/client-sts'))});
(async () => {
  const sts = new STSClient({});
  const keys = [], errors = [];
  const end = Date.now() + ${RUN_S * 1000};
  while (Date.now() < end) {
    try {
      await sts.send(new GetCallerIdentityCommand({}));
      keys.push((await sts.config.credentials()).accessKeyId);
    } catch (e) {
      errors.push(e.name + ': ' + String(e.message).slice(0, 200));
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  console.log(JSON.stringify({ keys, errors }));
})();
`;

describe('SDKs inside latchkey exec --server', () => {
  it.skipIf(!hasBotocore)(
    'botocore reads the endpoint and gets new credentials after the first expire',
    async () => {
      fake.configure({ roleCredentialsTtlSeconds: LIFETIME_S });
      const result = await runCli(['exec', role, '--server', '--', 'python3', '-c', BOTOCORE_LOOP], env);
      expect(result.code).toBe(0);
      expectRenewed(JSON.parse(result.stdout) as Calls);
    },
    60_000,
  );

  it('the JS SDK v3 default chain reads the endpoint and gets new credentials after the first expire', async () => {
    fake.configure({ roleCredentialsTtlSeconds: LIFETIME_S });
    const result = await runCli(['exec', role, '--server', '--', process.execPath, '-e', JS_SDK_LOOP], env);
    expect(result.code).toBe(0);
    expectRenewed(JSON.parse(result.stdout) as Calls);
  }, 60_000);
});

describe.skipIf(!hasAwsCli)('the AWS CLI v1 inside latchkey exec', () => {
  for (const mode of [[], ['--server']]) {
    it(`aws sts get-caller-identity works${mode.length ? ' with --server' : ''}`, async () => {
      fake.configure({ roleCredentialsTtlSeconds: 3600 });
      const result = await runCli(['exec', role, ...mode, '--', 'aws', 'sts', 'get-caller-identity', '--output', 'json'], { ...env, AWS_PAGER: '' });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ Account: fake.accounts[0]!.accountId });
    }, 60_000);
  }
});
