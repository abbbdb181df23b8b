import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { CreateTokenCommand, StartDeviceAuthorizationCommand } from '@aws-sdk/client-sso-oidc';
import { ListAccountsCommand } from '@aws-sdk/client-sso';
import { startFakeAws, type FakeAws, type FakeStats } from '../../../devkit/fake-aws/index';
import { DEVICE_GRANT, oidcClient, registerDeviceClient, rejectionOf, ssoClient } from './sdk-clients';
import { signInWithDeviceCode } from '../../../devkit/sign-in';

const run = promisify(execFile);
const HERE = path.dirname(new URL(import.meta.url).pathname);
const ROOT = path.resolve(HERE, '../../..');
const EMULATOR = path.join(ROOT, 'devkit/fake-aws');

let fake: FakeAws;
beforeEach(async () => {
  fake = await startFakeAws({ deviceInterval: 0.1 });
});
afterEach(async () => {
  await fake.close();
});

async function call(method: 'GET' | 'POST', route: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${fake.url}/_fake/${route}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function startDevice() {
  const client = await registerDeviceClient(fake);
  const device = await oidcClient(fake).send(new StartDeviceAuthorizationCommand({ ...client, startUrl: fake.startUrl }));
  const poll = () => oidcClient(fake).send(new CreateTokenCommand({ ...client, grantType: DEVICE_GRANT, deviceCode: device.deviceCode }));
  return { device, poll };
}

describe('HTTP control endpoints', () => {
  it('lists, approves and denies device codes', async () => {
    const a = await startDevice();
    const b = await startDevice();
    expect((await call('GET', 'pending')).json.userCodes).toEqual([a.device.userCode, b.device.userCode]);
    expect((await call('POST', 'approve', { userCode: a.device.userCode })).status).toBe(200);
    expect((await a.poll()).accessToken).toBeTruthy();
    expect((await call('POST', 'deny', { userCode: 'ZZZZ-ZZZZ' })).status).toBe(404);
    expect((await call('POST', 'deny', { userCode: b.device.userCode })).status).toBe(200);
    expect((await rejectionOf(b.poll())).name).toBe('AccessDeniedException');
    // Without a userCode every pending code is approved.
    const c = await startDevice();
    expect((await call('POST', 'approve', {})).json.userCodes).toEqual([c.device.userCode]);
    expect((await c.poll()).accessToken).toBeTruthy();
  });

  it('reports stats and info, and resets stats', async () => {
    const { accessToken } = await signInWithDeviceCode(fake);
    await ssoClient(fake).send(new ListAccountsCommand({ accessToken }));
    const stats = (await call('GET', 'stats')).json as unknown as FakeStats;
    expect(stats).toMatchObject({ registrations: 1, signIns: 1, portal: { total: 1, byOperation: { ListAccounts: 1 } } });
    const info = (await call('GET', 'info')).json;
    expect(info).toMatchObject({ url: fake.url, startUrl: fake.startUrl, region: 'us-east-1', env: fake.env });
    expect(info.accounts).toEqual(fake.accounts);
    await call('POST', 'reset-stats');
    expect(fake.stats().registrations).toBe(0);
    expect((await call('GET', 'secrets')).json.secrets).toContain(accessToken);
  });

  it('configures, revokes, expires and injects faults', async () => {
    const { accessToken } = await signInWithDeviceCode(fake);
    const sso = ssoClient(fake);
    const list = () => sso.send(new ListAccountsCommand({ accessToken }));
    expect((await call('POST', 'config', { portalRateLimit: 1, latencyMs: 0 })).status).toBe(200);
    await list();
    expect((await rejectionOf(list())).name).toBe('TooManyRequestsException');
    await call('POST', 'config', { portalRateLimit: null });
    await list();
    expect((await call('POST', 'config', { nonsense: 1 })).status).toBe(400);
    await call('POST', 'fail-next', { n: 2, status: 500 });
    expect((await rejectionOf(list())).name).toBe('InternalServerException');
    expect((await rejectionOf(list())).name).toBe('InternalServerException');
    await list();
    await call('POST', 'expire-access-tokens');
    expect((await rejectionOf(list())).name).toBe('UnauthorizedException');
    const second = await signInWithDeviceCode(fake);
    await call('POST', 'revoke');
    expect((await rejectionOf(sso.send(new ListAccountsCommand({ accessToken: second.accessToken })))).name).toBe('UnauthorizedException');
    expect((await call('GET', 'nowhere')).status).toBe(404);
  });
});

describe('fake-browser.mjs as BROWSER', () => {
  it('approves a device code from a child process and logs the URL', async () => {
    const { device, poll } = await startDevice();
    const dir = mkdtempSync(path.join(tmpdir(), 'fake-browser-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const log = path.join(dir, 'urls.txt');
    await run(path.join(EMULATOR, 'fake-browser.mjs'), [device.verificationUriComplete!], { env: { ...process.env, FAKE_BROWSER_LOG: log } });
    expect((await poll()).accessToken).toBeTruthy();
    expect(readFileSync(log, 'utf8')).toBe(`${device.verificationUriComplete}\n`);
  });
});

describe('npm run fake (cli.ts)', () => {
  it('starts, prints the environment and serves until stopped', async () => {
    // Node with tsx's loader, not the tsx binary: the SIGTERM goes straight to the emulator's own
    // handler instead of through tsx's signal relay, which loses the race on a loaded machine.
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(EMULATOR, 'cli.ts'), '--accounts', '4', '--auto-approve'], { cwd: ROOT });
    try {
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const deadline = Date.now() + 20_000;
      while (!out.includes('latchkey login') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const url = /export AWS_ENDPOINT_URL_SSO=(\S+)/.exec(out)?.[1];
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(out).toContain(`export LATCHKEY_FEDERATION_ENDPOINT=${url}/federation`);
      expect(out).toContain('latchkey login --start-url https://d-9067c0ffee.awsapps.com/start --region us-east-1');
      const info = (await (await fetch(`${url}/_fake/info`)).json()) as { accounts: unknown[] };
      expect(info.accounts).toHaveLength(4);
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise((r) => child.on('exit', r));
    expect(code).toBe(0);
  });
});

describe('AWS CLI v1 (botocore) against the fake', () => {
  const hasAws = (() => {
    try {
      execFileSync('aws', ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  if (!hasAws) console.warn('skipping the AWS CLI interop tests: `aws` is not on PATH');

  it.skipIf(!hasAws)(
    'speaks SSO-OIDC, the portal and STS the way botocore expects',
    async () => {
      await fake.close();
      const alice = { userName: 'alice', accessKeyId: 'AKIAALICE00000000001', secretAccessKey: 'alice-secret-key-0000000000000000000000' };
      fake = await startFakeAws({ deviceInterval: 0.1, iamUsers: [alice] });
      const home = mkdtempSync(path.join(tmpdir(), 'fake-aws-cli-'));
      onTestFinished(() => rmSync(home, { recursive: true, force: true }));
      // CLI v1 would otherwise fetch the start URL because it looks like a URL parameter file.
      writeFileSync(path.join(home, 'config'), '[default]\ncli_follow_urlparam = false\n');
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: home,
        AWS_CONFIG_FILE: path.join(home, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'credentials'),
        AWS_DEFAULT_REGION: 'us-east-1',
        PYENV_VERSION: process.env.PYENV_VERSION,
        PYENV_ROOT: process.env.PYENV_ROOT,
      };
      const aws = async (args: string[], extraEnv: NodeJS.ProcessEnv = {}) =>
        JSON.parse(
          (await run('aws', [...args, '--endpoint-url', fake.url, '--region', 'us-east-1', '--output', 'json'], { env: { ...env, ...extraEnv } })).stdout,
        ) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

      const reg = await aws(['sso-oidc', 'register-client', '--client-name', 'x', '--client-type', 'public', '--scopes', 'sso:account:access']);
      expect(reg.clientId).toBeTruthy();
      // Generated ids and tokens may start with "-": pass them as --name=value so argparse takes
      // them as values, not options.
      const dev = await aws([
        'sso-oidc',
        'start-device-authorization',
        `--client-id=${reg.clientId}`,
        `--client-secret=${reg.clientSecret}`,
        '--start-url',
        fake.startUrl,
      ]);
      const createToken = [
        'sso-oidc',
        'create-token',
        `--client-id=${reg.clientId}`,
        `--client-secret=${reg.clientSecret}`,
        '--grant-type',
        DEVICE_GRANT,
        `--device-code=${dev.deviceCode}`,
      ];
      const pending = await aws(createToken).then(
        () => 'no error',
        (err: { stderr: string }) => err.stderr,
      );
      expect(pending).toContain('AuthorizationPendingException');
      fake.approveDevice(dev.userCode);
      const token = await aws(createToken);
      expect(token.refreshToken).toBeTruthy();
      const keys = { AWS_ACCESS_KEY_ID: alice.accessKeyId, AWS_SECRET_ACCESS_KEY: alice.secretAccessKey };
      const failure = (err: { stderr: string }) => err.stderr;
      // Each `aws` start costs about a second: run the independent calls side by side.
      const [accounts, creds, who, role, unknown] = await Promise.all([
        aws(['sso', 'list-accounts', `--access-token=${token.accessToken}`]),
        aws([
          'sso',
          'get-role-credentials',
          `--access-token=${token.accessToken}`,
          '--account-id',
          fake.accounts[0]!.accountId,
          '--role-name',
          'AdministratorAccess',
        ]),
        aws(['sts', 'get-caller-identity'], keys),
        aws(['sts', 'assume-role', '--role-arn', 'arn:aws:iam::111122223333:role/Deploy', '--role-session-name', 'cli'], keys),
        aws(['sts', 'get-caller-identity'], { AWS_ACCESS_KEY_ID: 'AKIANOBODY0000000000', AWS_SECRET_ACCESS_KEY: 'x' }).then(() => 'no error', failure),
      ]);
      expect(accounts.accountList.map((a: { accountId: string }) => a.accountId)).toEqual(fake.accounts.map((a) => a.accountId));
      expect(creds.roleCredentials.expiration).toBeGreaterThan(Date.now());
      expect(who.Arn).toBe(`arn:aws:iam::${fake.accounts[0]!.accountId}:user/alice`);
      expect(role.AssumedRoleUser.Arn).toBe('arn:aws:sts::111122223333:assumed-role/Deploy/cli');
      expect(unknown).toContain('InvalidClientTokenId');
      // Nine `aws` starts of a second or more each on a quiet machine: on a loaded one, 30 s is too short.
    },
    120_000,
  );
});
