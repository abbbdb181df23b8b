import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startCli } from '../../devkit/cli';
import { waitFor } from '../../devkit/wait';
import { useCliHome } from '../helpers/per-test';

// Sign-in where no browser on this machine can finish it (SSH, containers, a BROWSER that
// fails), by the real command against the emulator, as an SDK running credential_process or a
// person at `latchkey login` would meet it.

const ctx = useCliHome({
  fake: { accounts: 2, rolesPerAccount: 1, deviceInterval: 0.2 },
  label: 'sign-in',
  configure: { autoApprove: false },
  prepare: async ({ fake, env }) => {
    await fs.mkdir(path.dirname(env.AWS_CONFIG_FILE!), { recursive: true });
    await fs.writeFile(
      env.AWS_CONFIG_FILE!,
      `[sso-session org]\nsso_start_url = ${fake.startUrl}\nsso_region = ${fake.region}\nsso_registration_scopes = sso:account:access\n`,
    );
  },
});

const noBrowser = () => ({ ...ctx.env, BROWSER: '/bin/false' });
const userCodeIn = (text: string) => /confirm the code ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(text)?.[1];
const loginLock = () => path.join(ctx.home, '.aws', 'sso', 'cache', `${createHash('sha1').update('org').digest('hex')}.json.login.latchkey-lock`);
const exists = (file: string) =>
  fs.stat(file).then(
    () => true,
    () => false,
  );
const errorLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('latchkey:'));

describe('credential-process where the browser cannot open', () => {
  it('shows a device code on stderr, and once it is approved, prints credentials', async () => {
    const run = startCli(['credential-process', ctx.role], noBrowser());
    // The code follows the failed opener at once (about 0.5 s measured; a timed assertion would flake here).
    const code = await waitFor(() => userCodeIn(run.stderrSoFar()), 15_000, 'the device code');
    const shown = run.stderrSoFar();
    expect(shown).toContain('Signing in with a device code: the browser could not be opened (/bin/false exited with code 1).');
    expect(shown).toContain(`${ctx.fake.url}/device?user_code=${code}\n`);
    expect(shown).not.toContain('/authorize?');
    ctx.fake.approveDevice(code);
    const r = await run.done;
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ Version: 1, AccessKeyId: expect.stringMatching(/^ASIA/) });
    expect(ctx.fake.stats().deviceAuthorizations).toBe(1);
  }, 30_000);

  it('with no approval, exits 1 after LATCHKEY_SIGNIN_TIMEOUT with one line saying what to run, nothing on stdout, no lock left', async () => {
    const r = await runCli(['credential-process', ctx.role], { ...noBrowser(), LATCHKEY_SIGNIN_TIMEOUT: '2' });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(errorLines(r.stderr)).toEqual([
      'latchkey: The sign-in was not completed within 2 seconds. Run "latchkey login --device-code" in a terminal, then try again.',
    ]);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe(errorLines(r.stderr)[0]);
    expect(await exists(loginLock())).toBe(false);
  }, 30_000);

  it('10 callers at once cause one device authorization, and all of them fail the same way', async () => {
    const runs = Array.from({ length: 10 }, () => startCli(['credential-process', ctx.role], { ...noBrowser(), LATCHKEY_SIGNIN_TIMEOUT: '8' }).done);
    const results = await Promise.all(runs);
    expect(ctx.fake.stats().deviceAuthorizations).toBe(1);
    for (const r of results) {
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
    }
    expect(new Set(results.map((r) => errorLines(r.stderr).join('\n')))).toEqual(
      new Set(['latchkey: The sign-in was not completed within 8 seconds. Run "latchkey login --device-code" in a terminal, then try again.']),
    );
    // Exactly one of them showed the code; the rest waited for its outcome.
    expect(results.filter((r) => userCodeIn(r.stderr)).length).toBe(1);
  }, 60_000);

  it('10 callers at once: one approval gives every one of them credentials', async () => {
    const runs = Array.from({ length: 10 }, () => startCli(['credential-process', ctx.role], noBrowser()));
    const code = await waitFor(() => runs.map((r) => userCodeIn(r.stderrSoFar())).find(Boolean), 20_000, 'the device code');
    ctx.fake.approveDevice(code);
    const results = await Promise.all(runs.map((r) => r.done));
    for (const r of results) {
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).AccessKeyId).toMatch(/^ASIA/);
    }
    expect(ctx.fake.stats().deviceAuthorizations).toBe(1);
    expect(ctx.fake.stats().signIns).toBe(1);
  }, 60_000);

  it('over SSH without BROWSER, uses the device code and says why; LATCHKEY_SIGNIN_FLOW=pkce still forces the browser flow', async () => {
    const ssh = { ...ctx.env, SSH_CONNECTION: '10.0.0.2 52144 10.0.0.1 22', LATCHKEY_SIGNIN_TIMEOUT: '3' };
    const device = await runCli(['credential-process', ctx.role], ssh);
    expect(device.stderr).toContain('Signing in with a device code: this is an SSH session, so no browser here can finish the sign-in.');
    expect(userCodeIn(device.stderr)).toBeDefined();
    const pkce = await runCli(['credential-process', ctx.role], { ...ssh, LATCHKEY_SIGNIN_FLOW: 'pkce', BROWSER: '/bin/true' });
    expect(pkce.stderr).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/authorize\?/m);
    expect(pkce.stderr).not.toMatch(/device code/);
    expect(pkce.code).toBe(1);
  }, 30_000);

  it('the app setting "sign in with device code" is followed where a browser would work', async () => {
    await fs.mkdir(ctx.env.LATCHKEY_HOME!, { recursive: true });
    await fs.writeFile(path.join(ctx.env.LATCHKEY_HOME!, 'settings.json'), JSON.stringify({ signInFlow: 'device' }));
    const r = await runCli(['credential-process', ctx.role], { ...ctx.env, BROWSER: '/bin/true', LATCHKEY_SIGNIN_TIMEOUT: '3' });
    expect(userCodeIn(r.stderr)).toBeDefined();
    expect(r.stderr).not.toContain('/authorize?');
    expect(r.code).toBe(1);
  }, 30_000);

  it('an unknown LATCHKEY_SIGNIN_FLOW is bad input (exit 2), before anything is asked of AWS', async () => {
    const r = await runCli(['credential-process', ctx.role], { ...ctx.env, LATCHKEY_SIGNIN_FLOW: 'telepathy' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^latchkey: LATCHKEY_SIGNIN_FLOW is "telepathy"/);
    expect(ctx.fake.stats().deviceAuthorizations).toBe(0);
  });
});

describe('latchkey login while a command with no terminal is signing in', () => {
  it("shows that sign-in's code instead of waiting blindly, and both finish with one approval", async () => {
    const sdk = startCli(['credential-process', ctx.role], noBrowser());
    const code = await waitFor(() => userCodeIn(sdk.stderrSoFar()), 15_000, 'the device code');
    const person = startCli(['login', '--device-code'], ctx.env);
    await waitFor(() => userCodeIn(person.stderrSoFar()), 15_000, 'the same code at the terminal');
    expect(person.stderrSoFar()).toContain(
      `Another Latchkey command is already signing in to this session; finish its sign-in:\nOpen this URL in a browser and confirm the code ${code}:`,
    );
    ctx.fake.approveDevice(code);
    const [fromSdk, fromPerson] = await Promise.all([sdk.done, person.done]);
    expect(fromSdk.code).toBe(0);
    expect(fromPerson.code).toBe(0);
    expect(fromPerson.stderr).toContain('Signed in by another Latchkey process');
    expect(ctx.fake.stats().deviceAuthorizations).toBe(1);
  }, 30_000);
});

describe('latchkey login with a device code', () => {
  const login = (extra: Record<string, string> = {}) => startCli(['login', '--device-code', '--no-browser'], { ...ctx.env, ...extra });

  it('counts down to the code expiry; Ctrl-C cancels cleanly and leaves no lock behind', async () => {
    const run = login();
    await waitFor(() => /expires in \d+:\d\d\. Ctrl-C cancels\./.exec(run.stderrSoFar()), 15_000, 'the countdown line');
    expect(await exists(loginLock())).toBe(true);
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual(['latchkey: Sign-in cancelled; nothing was changed.']);
    expect(await exists(loginLock())).toBe(false);
    // The next sign-in starts at once: nothing is left waiting on a dead one.
    const next = login();
    await waitFor(() => userCodeIn(next.stderrSoFar()), 15_000, 'a new device code');
    next.child.kill('SIGINT');
    expect((await next.done).code).toBe(1);
  }, 30_000);

  it('an expired code says so and what to run next', async () => {
    const run = login();
    await waitFor(() => userCodeIn(run.stderrSoFar()), 15_000, 'the device code');
    ctx.fake.expireDeviceCodes();
    const r = await run.done;
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual([
      'latchkey: The sign-in code expired before it was approved. Sign in again. Run "latchkey login --device-code" and approve the new code within its time limit.',
    ]);
  }, 30_000);

  it('a denied code says so and what to run next', async () => {
    const run = login();
    ctx.fake.denyDevice(await waitFor(() => userCodeIn(run.stderrSoFar()), 15_000, 'the device code'));
    const r = await run.done;
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual(['latchkey: The sign-in was denied. Run "latchkey login --device-code" to get a new code.']);
  }, 30_000);
});
