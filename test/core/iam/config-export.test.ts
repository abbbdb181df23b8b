import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createContext, type CoreContext } from '../../../src/core/context';
import { EXPORT_BEGIN, EXPORT_END, exportProfileName, planExport, type ExportEntry } from '../../../src/core/iam/config-export';
import { planProfile } from '../../../src/core/iam/profile-plan';
import { readProfileInputs } from '../../../src/core/iam/profile-inputs';
import { hasAwsCli, runAws, skipNote } from '../../../devkit/peers';
import { latchkeyErrorOf } from '../../helpers/errors';
import { homeEnv, tempHome } from '../../../devkit/home';

// Export of Identity Center roles as sso_session profiles: a diff first, one owned block,
// every other byte of ~/.aws/config as it was.

let home: string;
let ctx: CoreContext;
let configFile: string;

beforeEach(async () => {
  home = (await tempHome('export')).home;
  configFile = path.join(home, '.aws', 'config');
  await fs.mkdir(path.dirname(configFile), { recursive: true });
  ctx = createContext({ env: { LATCHKEY_HOME: path.join(home, 'state') }, homedir: home });
});
afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

const HAND_WRITTEN =
  '\ufeff# my config\r\n[default]\r\nregion = eu-west-1\r\n\r\n[sso-session corp]\r\nsso_start_url = https://corp.awsapps.com/start\r\nsso_region = eu-west-1\r\nsso_registration_scopes = sso:account:access\r\n\r\n[profile prod-ReadOnly]\r\n; mine\r\nregion = us-east-1';

const entry = (accountName: string, roleName: string, accountId = '111111111111'): ExportEntry => ({
  profile: exportProfileName('', accountName, roleName),
  session: 'corp',
  accountId,
  roleName,
  region: 'eu-west-1',
});

describe('planExport', () => {
  it('shows a diff, writes nothing until apply, then adds one block and keeps every other byte', async () => {
    await fs.writeFile(configFile, HAND_WRITTEN);
    const plan = await planExport(ctx, { add: [entry('dev', 'Admin'), entry('dev', 'ReadOnly')] });
    expect(plan.profiles).toEqual(['dev-Admin', 'dev-ReadOnly']);
    expect(plan.diff).toContain('+[profile dev-Admin]');
    expect(plan.diff).toContain('+sso_session = corp');
    expect(plan.diff).toContain('-region = us-east-1\n\\ No newline at end of file\n+region = us-east-1');
    expect(plan.diff.split('\n').filter((l) => l.startsWith('-') && !l.startsWith('---'))).toHaveLength(1);
    expect(await fs.readFile(configFile, 'utf8')).toBe(HAND_WRITTEN);

    await plan.apply();
    const after = await fs.readFile(configFile, 'utf8');
    expect(after.startsWith(HAND_WRITTEN + '\r\n\r\n' + EXPORT_BEGIN + '\r\n[profile dev-Admin]\r\n')).toBe(true);
    // The file ended without a newline; so does the block, and removing it restores the bytes.
    expect(after.endsWith(EXPORT_END)).toBe(true);
    // The profiles resolve to Identity Center roles of the session.
    const p = planProfile('dev-ReadOnly', await readProfileInputs(ctx));
    expect(p).toMatchObject({ kind: 'sso-profile', accountId: '111111111111', roleName: 'ReadOnly', region: 'eu-west-1' });
  });

  it('re-exporting replaces inside the block only; removing everything restores the file', async () => {
    const original = '[profile mine]\nregion = us-east-1\n';
    await fs.writeFile(configFile, original);
    await (await planExport(ctx, { add: [entry('dev', 'Admin')] })).apply();
    await fs.appendFile(configFile, '\n[profile later]\nregion = ap-south-1\n'); // the person keeps editing
    const again = await planExport(ctx, { add: [{ ...entry('dev', 'Admin'), region: 'us-west-2' }, entry('prod', 'Admin', '222222222222')] });
    expect(again.diff).toContain('+region = us-west-2');
    expect(again.diff).toContain('+[profile prod-Admin]');
    await again.apply();
    const text = await fs.readFile(configFile, 'utf8');
    expect(text).toContain('\n[profile later]\nregion = ap-south-1\n');
    expect(text.match(/\[profile dev-Admin\]/g)).toHaveLength(1);
    expect((await planExport(ctx, { add: [{ ...entry('dev', 'Admin'), region: 'us-west-2' }] })).diff).toBe('');

    await (await planExport(ctx, { remove: ['dev-Admin', 'prod-Admin'] })).apply();
    expect(await fs.readFile(configFile, 'utf8')).toBe(original + '\n[profile later]\nregion = ap-south-1\n');
  });

  it('refuses a name used by a hand-written profile (NOT_OWNED) and leaves the file alone', async () => {
    await fs.writeFile(configFile, HAND_WRITTEN);
    const err = await latchkeyErrorOf(planExport(ctx, { add: [entry('prod', 'ReadOnly')] }));
    expect(err.code).toBe('NOT_OWNED');
    expect(err.cliHint).toMatch(/--profile-prefix/);
    expect(err.hint).not.toMatch(/--/);
    const def = await latchkeyErrorOf(planExport(ctx, { add: [{ ...entry('x', 'y'), profile: 'default' }] }));
    expect(def.code).toBe('NOT_OWNED');
    expect(await fs.readFile(configFile, 'utf8')).toBe(HAND_WRITTEN);
  });

  it('a damaged block (markers that do not pair) is BAD_CONFIG_FILE, nothing written', async () => {
    const damaged = `[profile a]\nregion = us-east-1\n${EXPORT_BEGIN}\n[profile dev-Admin]\nsso_session = corp\n`;
    await fs.writeFile(configFile, damaged);
    expect((await latchkeyErrorOf(planExport(ctx, { add: [entry('dev', 'Admin')] }))).code).toBe('BAD_CONFIG_FILE');
    expect(await fs.readFile(configFile, 'utf8')).toBe(damaged);
  });

  it('names profiles only with characters both botocore and the JS SDK read, and the diff shows the name written', async () => {
    expect(exportProfileName('team=a,', 'Acme, Inc. (prod)', 'Ops=Admin,EU')).toBe('team-a-Acme-Inc.-prod-Ops-Admin-EU');
    expect(exportProfileName('', 'dev@corp+1%', 'a:b/c')).toBe('dev@corp+1%-a:b/c');
    const name = exportProfileName('', 'Acme, Inc. (prod)', 'Ops=Admin,EU');
    const plan = await planExport(ctx, { add: [{ ...entry('x', 'Ops=Admin,EU'), profile: name }] });
    expect(plan.diff).toContain(`+[profile ${name}]`);
    expect(plan.diff).toContain('+sso_role_name = Ops=Admin,EU');
    await plan.apply();
    // The JS SDK's own loader sees the profile (it skips a [profile NAME] it cannot parse).
    const { loadSharedConfigFiles } = await import('@smithy/core/config');
    const sdk = await loadSharedConfigFiles({ configFilepath: configFile, filepath: path.join(home, 'none'), ignoreCache: true });
    expect(sdk.configFile[name]).toMatchObject({ sso_session: 'corp', sso_role_name: 'Ops=Admin,EU' });
    // A name the SDK cannot read is refused rather than written.
    await expect(planExport(ctx, { add: [{ ...entry('x', 'R'), profile: 'team=a' }] })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it.skipIf(!hasAwsCli)('the AWS CLI reads a profile whose name had characters replaced', async () => {
    const name = exportProfileName('', 'Acme, Inc. (prod)', 'Ops=Admin,EU');
    await (await planExport(ctx, { add: [{ ...entry('x', 'Ops=Admin,EU'), profile: name }] })).apply();
    const env = { ...homeEnv(home), AWS_CONFIG_FILE: configFile };
    expect((await runAws(['configure', 'get', 'sso_role_name', '--profile', name], env)).stdout.trim()).toBe('Ops=Admin,EU');
  });

  it('creates the file when there is none', async () => {
    await (await planExport(ctx, { add: [entry('dev', 'Admin')] })).apply();
    expect(await fs.readFile(configFile, 'utf8')).toBe(
      `${EXPORT_BEGIN}\n[profile dev-Admin]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Admin\nregion = eu-west-1\n${EXPORT_END}\n`,
    );
  });

  it.skipIf(!hasAwsCli)('the AWS CLI reads the exported profile as an SSO profile', async () => {
    await fs.writeFile(configFile, HAND_WRITTEN.replace('\ufeff', ''));
    await (await planExport(ctx, { add: [entry('dev', 'Admin')] })).apply();
    const env = { ...homeEnv(home), AWS_CONFIG_FILE: configFile };
    const out = await runAws(['configure', 'get', 'sso_role_name', '--profile', 'dev-Admin'], env);
    expect(out.stdout.trim()).toBe('Admin');
    const session = await runAws(['configure', 'get', 'sso_session', '--profile', 'dev-Admin'], env);
    expect(session.stdout.trim()).toBe('corp');
  });
  skipNote('the AWS CLI (export interop)', hasAwsCli);
});
