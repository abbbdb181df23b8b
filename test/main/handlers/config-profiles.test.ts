import fs from 'node:fs/promises';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../src/core/iam';
import { createLatchkey, type Latchkey } from '../../../src/core/sessions/latchkey';
import { createHandlers, type HandlerDeps } from '../../../src/main/handlers';
import { MfaPrompts } from '../../../src/main/ipc/mfa-prompts';
import { dispatch } from '../../../src/main/ipc/dispatch';
import type { EventName } from '../../../src/shared/contract';
import type { IpcResult } from '../../../src/shared/errors';
import { DEFAULT_SETTINGS, type ConfigProfilesView, type ExportPreview, type KeychainView } from '../../../src/shared/views';
import { ALICE, BOB, MFA_ROLE, USER_CREDENTIALS, iamOrg, useIamEnv } from '../../core/iam/helpers';
import { waitFor } from '../../../devkit/wait';
import { arrivalUrl } from '../../../devkit/one-time-url';

// The window's channels for profiles of ~/.aws/config, the keychain and the export, through
// dispatch with the real core against the emulator. The MFA code travels the way the
// dialog sends it: an 'mfa-needed' event out, 'mfa.submit' back.

const t = useIamEnv(iamOrg({ autoApprove: true }));
let manager: Latchkey;
let handlers: ReturnType<typeof createHandlers>;
let events: { event: EventName; payload: unknown }[];
let opened: string[];
let clipboard: string[];
let keychain: MemorySecretStore;

beforeEach(async () => {
  events = [];
  opened = [];
  clipboard = [];
  keychain = new MemorySecretStore();
  const emit: HandlerDeps['emit'] = (event, payload) => void events.push({ event, payload });
  const mfa = new MfaPrompts(emit);
  manager = createLatchkey(t.ctx, { secretStore: keychain, promptMfaCode: mfa.ask });
  handlers = createHandlers({
    latchkey: manager,
    ctx: t.ctx,
    mfa,
    settings: { get: () => DEFAULT_SETTINGS, set: () => DEFAULT_SETTINGS },
    openExternal: async (url) => void opened.push(await arrivalUrl(url)),
    writeClipboard: (text) => void clipboard.push(text),
    hidePopup: () => undefined,
    appInfo: () => ({ version: 'test', platform: 'linux', credentialsFile: t.credentialsFile, configFile: t.configFile, locale: 'en-US' }),
    emit,
  });
  await fs.writeFile(t.credentialsFile, USER_CREDENTIALS, { mode: 0o600 });
});

const call = (channel: string, request?: unknown) => dispatch(handlers, channel, request);
function value<T>(result: IpcResult<unknown>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.code}: ${result.message}`);
  return result.value as T;
}
/** Answers the next MFA question the way the dialog does. */
async function answerMfa(code: string, nth = 0): Promise<void> {
  const question = await waitFor(() => events.filter((e) => e.event === 'mfa-needed')[nth]?.payload as { requestId: string } | undefined);
  value(await call('mfa.submit', { requestId: question.requestId, code }));
}

describe('config profiles from the window', () => {
  it('uses a role that needs MFA: asks once through the dialog, writes the profile, keeps the long-term keys byte for byte', async () => {
    await fs.writeFile(t.configFile, `[profile alice]\nmfa_serial = ${ALICE.mfaSerial}\n\n[profile admin]\nrole_arn = ${MFA_ROLE}\nsource_profile = alice\n`);
    const listed = value<ConfigProfilesView>(await call('configProfiles.list'));
    expect(listed.profiles.find((p) => p.profile === 'admin')).toMatchObject({ kind: 'assumed-role', mfa: true, chain: ['admin', 'alice'] });

    const use = call('profiles.use', { target: { kind: 'profile', profile: 'admin' }, profile: 'work' });
    await answerMfa(ALICE.mfaCode!);
    expect(value(await use)).toMatchObject({ profile: 'work', source: 'config-profile', profileName: 'admin', roleName: 'NeedsMfa' });
    const written = await fs.readFile(t.credentialsFile, 'utf8');
    expect(written.startsWith(USER_CREDENTIALS)).toBe(true);
    expect(written).toMatch(/\[work\]/);

    // The MFA session serves the console and the env lines without a second code.
    value(await call('console.open', { target: { kind: 'profile', profile: 'admin' } }));
    expect(new URL(opened[0]!).searchParams.get('Action')).toBe('login');
    value(await call('credentials.copyEnv', { target: { kind: 'profile', profile: 'admin' } }));
    expect(clipboard[0]).toMatch(/^export AWS_ACCESS_KEY_ID=/);
    expect(events.filter((e) => e.event === 'mfa-needed')).toHaveLength(1);

    const seen = JSON.stringify(events) + JSON.stringify(listed);
    for (const secret of [...t.fake.issuedSecrets(), ALICE.secretAccessKey]) expect(seen).not.toContain(secret);
  });

  it('a wrong MFA code is an error in words; a cancelled dialog is CANCELLED', async () => {
    await fs.writeFile(t.configFile, `[profile alice]\nmfa_serial = ${ALICE.mfaSerial}\n`);
    const wrong = call('profiles.use', { target: { kind: 'profile', profile: 'alice' }, profile: 'p' });
    await answerMfa('000000');
    const failed = await wrong;
    expect(failed).toMatchObject({ ok: false });
    expect((failed as { message: string }).message).toMatch(/MFA code/i);

    const cancelled = call('profiles.use', { target: { kind: 'profile', profile: 'alice' }, profile: 'p' });
    const question = await waitFor(() => events.filter((e) => e.event === 'mfa-needed')[1]?.payload as { requestId: string } | undefined);
    value(await call('mfa.cancel', { requestId: question.requestId }));
    expect(await cancelled).toMatchObject({ ok: false, code: 'CANCELLED' });
  });

  it('a loop in source_profile is listed as a problem, and using it says so', async () => {
    await fs.writeFile(t.configFile, `[profile a]\nrole_arn = ${MFA_ROLE}\nsource_profile = b\n\n[profile b]\nrole_arn = ${MFA_ROLE}\nsource_profile = a\n`);
    const listed = value<ConfigProfilesView>(await call('configProfiles.list'));
    expect(listed.problems.map((p) => p.profile).sort()).toEqual(['a', 'b']);
    expect(await call('profiles.use', { target: { kind: 'profile', profile: 'a' }, profile: 'p' })).toMatchObject({ ok: false, code: 'BAD_CONFIG_FILE' });
  });

  it('keeps IAM keys in the keychain and never sends them back', async () => {
    const stored = value<KeychainView>(
      await call('keychain.storeIamUser', { profile: 'bob-keychain', accessKeyId: BOB.accessKeyId, secretAccessKey: BOB.secretAccessKey }),
    );
    expect(stored).toEqual({ available: true, users: ['bob-keychain'] });
    const listed = value<ConfigProfilesView>(await call('configProfiles.list'));
    expect(listed.profiles.find((p) => p.profile === 'bob-keychain')).toMatchObject({ kind: 'iam-user' });
    expect(JSON.stringify(listed)).not.toContain(BOB.secretAccessKey);
    expect(await call('keychain.storeIamUser', { profile: 'x', accessKeyId: 'not-a-key', secretAccessKey: BOB.secretAccessKey })).toMatchObject({
      ok: false,
      code: 'BAD_INPUT',
    });
    expect(value<KeychainView>(await call('keychain.deleteIamUser', { profile: 'bob-keychain' })).users).toEqual([]);
  });

  it('refuses to keep keys where the OS keychain is not safe, and says why', async () => {
    const unsafe = new MemorySecretStore({ ok: false, reason: 'No keyring is running.' });
    const h = createHandlers({ ...minimalDeps(), latchkey: createLatchkey(t.ctx, { secretStore: unsafe }) });
    expect(await dispatch(h, 'keychain.status', undefined)).toEqual({ ok: true, value: { available: false, reason: 'No keyring is running.', users: [] } });
    expect(await dispatch(h, 'keychain.storeIamUser', { profile: 'x', accessKeyId: BOB.accessKeyId, secretAccessKey: BOB.secretAccessKey })).toMatchObject({
      ok: false,
      code: 'UNSUPPORTED',
    });
  });
});

describe('export of Identity Center roles to ~/.aws/config', () => {
  it('previews a diff, writes exactly that, and writes nothing but a new preview when the file changed since', async () => {
    const mine = '# my config\n[profile mine]\nregion = eu-west-1\n';
    await fs.writeFile(t.configFile, mine);
    value(await call('sessions.add', { startUrl: t.fake.startUrl, region: t.fake.region, name: 'corp' }));
    await manager.sessions.login(await manager.sessions.resolve('corp'), { flow: 'pkce' });
    const roles = [{ kind: 'sso', session: 'corp', accountId: t.fake.accounts[0]!.accountId, roleName: t.fake.accounts[0]!.roles[0]! }];
    const preview = value<ExportPreview>(await call('export.preview', { roles, prefix: 'sso-' }));
    expect(preview.diff).toMatch(/^\+sso_session = corp$/m);
    expect(await fs.readFile(t.configFile, 'utf8')).not.toContain('latchkey export');

    await fs.appendFile(t.configFile, '\n[profile late]\nregion = us-west-2\n');
    const stale = value<ExportPreview & { applied: boolean }>(await call('export.apply', { roles, prefix: 'sso-', diff: preview.diff }));
    expect(stale.applied).toBe(false);
    expect(await fs.readFile(t.configFile, 'utf8')).not.toContain('latchkey export');

    const fresh = value<ExportPreview>(await call('export.preview', { roles, prefix: 'sso-' }));
    expect(stale.diff).toBe(fresh.diff);
    expect(value<{ applied: boolean }>(await call('export.apply', { roles, prefix: 'sso-', diff: fresh.diff })).applied).toBe(true);
    const after = await fs.readFile(t.configFile, 'utf8');
    expect(after.startsWith(mine)).toBe(true);
    expect(after).toContain(`[profile ${fresh.profiles[0]}]`);
  });
});

function minimalDeps(): HandlerDeps {
  return {
    latchkey: manager,
    ctx: t.ctx,
    settings: { get: () => DEFAULT_SETTINGS, set: () => DEFAULT_SETTINGS },
    openExternal: async () => undefined,
    writeClipboard: () => undefined,
    hidePopup: () => undefined,
    appInfo: () => ({ version: 'test', platform: 'linux', credentialsFile: t.credentialsFile, configFile: t.configFile, locale: 'en-US' }),
    emit: () => undefined,
  };
}
