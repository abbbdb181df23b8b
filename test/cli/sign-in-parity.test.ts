import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAKE_BROWSER, deviceLoginCli, runCli } from '../../devkit/cli';
import { useCliHome } from '../helpers/per-test';

// The sign-in as the AWS CLI does it, from the command: a portal of the AWS European Sovereign
// Cloud, and the scopes an sso-session names.

const EUSC_PORTAL = 'https://ssoins-1234567890abcdef.eusc-de-east-1.portal.amazonaws.eu';

const ctx = useCliHome({ fake: { accounts: 2, rolesPerAccount: 1, deviceInterval: 0.5, region: 'eusc-de-east-1', startUrl: EUSC_PORTAL } });

const tokenOf = async (session: string) =>
  JSON.parse(await fs.readFile(path.join(ctx.home, '.aws', 'sso', 'cache', `${createHash('sha1').update(session).digest('hex')}.json`), 'utf8')) as {
    accessToken: string;
    region: string;
  };

describe('the AWS European Sovereign Cloud', () => {
  it('signs in to a *.portal.amazonaws.eu portal in eusc-de-east-1, lists roles and gives a console link on its own hosts', async () => {
    const login = await deviceLoginCli(ctx.fake, ctx.env);
    expect(login.stderr).toContain(`Signed in to "ssoins-1234567890abcdef" (${EUSC_PORTAL})`);
    expect(login.code).toBe(0);
    expect(await fs.readFile(ctx.env.AWS_CONFIG_FILE!, 'utf8')).toContain('sso_region = eusc-de-east-1');
    expect((await tokenOf('ssoins-1234567890abcdef')).region).toBe('eusc-de-east-1');

    const roles = await runCli(['roles', '--json'], ctx.env);
    expect(roles.code).toBe(0);
    expect(JSON.parse(roles.stdout)).toHaveLength(2);

    const account = ctx.fake.accounts[0]!;
    const printed = await runCli(['console', `${account.accountId}/${account.roles[0]}`, '--service', 'ec2', '--print'], ctx.env);
    expect(printed.code).toBe(0);
    const destination = new URL(new URL(printed.stdout.trim()).searchParams.get('Destination')!);
    expect(destination.origin).toBe('https://console.amazonaws-eusc.eu');
    expect(destination.searchParams.get('region')).toBe('eusc-de-east-1');
    // A region of another partition is refused for this session.
    const commercial = await runCli(['console', `${account.accountId}/${account.roles[0]}`, '--region', 'eu-central-1', '--print'], ctx.env);
    expect(commercial.code).toBe(2);
    expect(commercial.stderr).toContain('eu-central-1 is in the aws partition, but "ssoins-1234567890abcdef" signs in to aws-eusc');
  }, 60_000);
});

describe('sso_registration_scopes from the command', () => {
  it('a browser sign-in asks for the scopes the sso-session names, and the token has them', async () => {
    await fs.mkdir(path.dirname(ctx.env.AWS_CONFIG_FILE!), { recursive: true });
    await fs.writeFile(
      ctx.env.AWS_CONFIG_FILE!,
      `[sso-session corp]\nsso_start_url = ${EUSC_PORTAL}\nsso_region = eusc-de-east-1\nsso_registration_scopes = sso:account:access, codewhisperer:completions\n`,
    );
    const log = path.join(ctx.home, 'browser.log');
    const login = await runCli(['login', '--session', 'corp'], { ...ctx.env, BROWSER: FAKE_BROWSER, FAKE_BROWSER_LOG: log });
    expect(login.code).toBe(0);
    const broad = ['sso:account:access', 'codewhisperer:completions'];
    expect(ctx.fake.scopesOf((await tokenOf('corp')).accessToken)).toEqual(broad);
    expect(ctx.fake.stats().scopeRequests).toEqual({ register: [broad], authorize: [broad], token: [broad] });
    const opened = (await fs.readFile(log, 'utf8')).trim().split('\n');
    expect(new URL(opened[0]!).searchParams.get('scopes')).toBe('sso:account:access codewhisperer:completions');
  }, 60_000);
});
