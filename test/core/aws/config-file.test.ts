import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addSsoSession, readAwsConfig } from '../../../src/core/aws/config-file';
import { parseNestedValue } from '../../../src/core/aws/ini';
import { awsPaths } from '../../../src/core/aws/paths';
import { awsOutput, hasAwsCli } from './helpers';
import { tempHome } from '../../../devkit/home';
import { latchkeyErrorOf } from '../../helpers/errors';

const rejection = latchkeyErrorOf;

const REALISTIC = [
  '# ~/.aws/config, written by hand',
  '[default]',
  'region = us-east-1',
  'output=json',
  '',
  '[profile dev]',
  'sso_session = acme',
  'sso_account_id = 111122223333',
  'sso_role_name = Admin',
  'region = eu-west-1',
  's3 =',
  '  max_concurrent_requests = 20',
  '  multipart_threshold = 64MB',
  '',
  '; a chained role',
  '[profile "with space"]',
  'role_arn = arn:aws:iam::444455556666:role/ReadOnly',
  'source_profile = dev',
  '',
  '[sso-session acme]',
  'sso_start_url = https://acme.awsapps.com/start',
  'sso_region = us-east-1',
  'sso_registration_scopes = sso:account:access, sso:other',
  '',
  '[services local]',
  'sso-oidc =',
  '  endpoint_url = http://127.0.0.1:4566',
  '',
  '[preview]',
  'cloudfront = true',
].join('\r\n');

let home: string;
let file: string;

beforeEach(async () => {
  home = (await tempHome('aws')).home;
  file = awsPaths({ env: { AWS_CONFIG_FILE: '~/custom/config' }, homedir: home }).configFile;
  await fs.mkdir(path.dirname(file), { recursive: true });
});
afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

const NEW = { name: 'latchkey-corp', startUrl: 'https://corp.awsapps.com/start', region: 'eu-central-1' };

describe('readAwsConfig', () => {
  it('reads profiles and sso-sessions as botocore does', async () => {
    await fs.writeFile(file, REALISTIC);
    const config = await readAwsConfig(file);
    expect(config.ssoSessions).toEqual([
      { name: 'acme', startUrl: 'https://acme.awsapps.com/start', region: 'us-east-1', registrationScopes: ['sso:account:access', 'sso:other'] },
    ]);
    expect([...config.profiles.keys()]).toEqual(['default', 'dev', 'with space']);
    expect(config.profiles.get('default')).toEqual({ region: 'us-east-1', output: 'json' });
    const dev = config.profiles.get('dev') ?? {};
    expect(dev).toMatchObject({ sso_session: 'acme', sso_account_id: '111122223333', sso_role_name: 'Admin', region: 'eu-west-1' });
    expect(parseNestedValue(dev.s3 ?? '')).toEqual({ max_concurrent_requests: '20', multipart_threshold: '64MB' });
    expect(config.profiles.get('with space')?.source_profile).toBe('dev');
  });

  it('reads a missing file as empty', async () => {
    expect(await readAwsConfig(path.join(home, 'nope'))).toEqual({ ssoSessions: [], profiles: new Map() });
  });

  it('reports a malformed config with its line', async () => {
    await fs.writeFile(file, '[default]\nregion = us-east-1\n[profile broken\n');
    const err = await rejection(readAwsConfig(file));
    expect(err.code).toBe('BAD_CONFIG_FILE');
    expect(err.message).toBe(`${file} line 3: a section header is missing its closing \`]\`.`);
  });
});

describe('addSsoSession', () => {
  it('appends the session like `aws configure sso`, keeping every other byte', async () => {
    await fs.writeFile(file, REALISTIC);
    expect(await addSsoSession(file, NEW)).toBe('added');
    const after = await fs.readFile(file, 'utf8');
    // The original had no final newline: its last line gains one, the new section goes without.
    expect(after).toBe(
      `${REALISTIC}\r\n\r\n[sso-session latchkey-corp]\r\nsso_start_url = https://corp.awsapps.com/start\r\nsso_region = eu-central-1\r\nsso_registration_scopes = sso:account:access`,
    );
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    expect((await readAwsConfig(file)).ssoSessions.map((s) => s.name)).toEqual(['acme', 'latchkey-corp']);
  });

  it('creates a missing file with mode 0600', async () => {
    const fresh = path.join(home, '.aws', 'config');
    expect(await addSsoSession(fresh, NEW)).toBe('added');
    expect(await fs.readFile(fresh, 'utf8')).toBe(
      '[sso-session latchkey-corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-central-1\nsso_registration_scopes = sso:account:access\n',
    );
    expect((await fs.stat(fresh)).mode & 0o777).toBe(0o600);
  });

  it("answers 'exists' for the same session without touching the file", async () => {
    await fs.writeFile(file, REALISTIC);
    const before = await fs.stat(file);
    expect(await addSsoSession(file, { name: 'acme', startUrl: 'https://acme.awsapps.com/start/#/', region: 'us-east-1' })).toBe('exists');
    expect(await fs.readFile(file, 'utf8')).toBe(REALISTIC);
    expect((await fs.stat(file)).mtimeMs).toBe(before.mtimeMs);
  });

  it('refuses a session of the same name with other values', async () => {
    await fs.writeFile(file, REALISTIC);
    const err = await rejection(addSsoSession(file, { name: 'acme', startUrl: 'https://other.awsapps.com/start', region: 'us-east-1' }));
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message).toMatch(/already has an sso-session named "acme" with start URL https:\/\/acme\.awsapps\.com\/start and region us-east-1/);
    expect(await fs.readFile(file, 'utf8')).toBe(REALISTIC);
  });

  it('validates the name, start URL and region before touching anything', async () => {
    const bad = [
      { ...NEW, name: 'has space' },
      { ...NEW, name: 'x]' },
      { ...NEW, name: '' },
      { ...NEW, startUrl: 'http://corp.awsapps.com/start' },
      { ...NEW, startUrl: 'corp.awsapps.com' },
      { ...NEW, startUrl: 'https://corp.awsapps.com/start\n[x]' },
      { ...NEW, region: 'EU-west-1' },
      { ...NEW, region: 'eu-west' },
      { ...NEW, region: 'us-east-1\n' },
    ];
    for (const session of bad) expect((await rejection(addSsoSession(file, session))).code).toBe('BAD_INPUT');
    expect(await addSsoSession(file, { name: 'a.b_c-1', startUrl: 'https://127.0.0.1:8443/start', region: 'us-gov-west-1' })).toBe('added');
  });

  it('never writes a malformed config', async () => {
    await fs.writeFile(file, '[default]\nregion\n');
    expect((await rejection(addSsoSession(file, NEW))).code).toBe('BAD_CONFIG_FILE');
    expect(await fs.readFile(file, 'utf8')).toBe('[default]\nregion\n');
  });
});

describe.skipIf(!hasAwsCli())('addSsoSession: botocore reads the result', () => {
  it('sees the new sso-session from a profile that uses it', async () => {
    await fs.writeFile(file, REALISTIC);
    await addSsoSession(file, NEW);
    await fs.appendFile(file, '\n\n[profile corp]\nsso_session = latchkey-corp\nsso_account_id = 111122223333\nsso_role_name = Admin\n');
    expect(await awsOutput(home, { config: file }, ['configure', 'get', 'sso_session', '--profile', 'corp'])).toBe('latchkey-corp');
    expect(await awsOutput(home, { config: file }, ['configure', 'get', 'region', '--profile', 'dev'])).toBe('eu-west-1');
    const py = spawnSync(
      'python3',
      ['-c', 'import botocore.session as s, json; c = s.Session(profile="corp").full_config; print(json.dumps(c["sso_sessions"]["latchkey-corp"]))'],
      { env: { PATH: process.env.PATH, HOME: home, AWS_CONFIG_FILE: file, AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'none') }, encoding: 'utf8' },
    );
    expect(py.stderr).toBe('');
    expect(JSON.parse(py.stdout)).toEqual({
      sso_start_url: NEW.startUrl,
      sso_region: NEW.region,
      sso_registration_scopes: 'sso:account:access',
    });
  });
});
