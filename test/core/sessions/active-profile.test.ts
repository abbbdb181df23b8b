import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeManagedProfile } from '../../../src/core/aws/credentials-file';
import { awsPaths, latchkeyHome } from '../../../src/core/aws/paths';
import { createContext, type CoreContext } from '../../../src/core/context';
import { createLatchkey } from '../../../src/core/sessions/latchkey';
import { STATE_FILE_NAME } from '../../../src/core/sessions/state-store';
import { toActiveProfileView } from '../../../src/main/ipc/views';

// Active profiles are typed by where their credentials come from. state.json files written
// before that (where `session` held either an SSO session or a config profile's own name) are
// read as what they meant, and the next write stores the new shape.

let home: string;
let ctx: CoreContext;

beforeEach(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'latchkey-active-'));
  ctx = createContext({ env: {}, homedir: home, platform: 'linux' });
});
afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

const HOUR = 3600_000;

async function writeLegacyState(): Promise<string> {
  const expiration = Date.now() + HOUR;
  const credentialsFile = awsPaths(ctx).credentialsFile;
  for (const profile of ['work', 'deploy-session', 'alice-mfa']) {
    await writeManagedProfile(
      credentialsFile,
      profile,
      { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'x'.repeat(40), sessionToken: 'token', expiration },
      { source: 'test' },
    );
  }
  const stateFile = path.join(latchkeyHome(ctx), STATE_FILE_NAME);
  await fs.mkdir(path.dirname(stateFile), { recursive: true });
  const common = { expiration, activatedAt: expiration - HOUR, credentialsFile };
  await fs.writeFile(
    stateFile,
    JSON.stringify({
      version: 1,
      favorites: ['corp/111122223333/Admin'],
      recents: [],
      activeProfiles: [
        { profile: 'work', session: 'corp', accountId: '111122223333', roleName: 'Admin', ...common },
        {
          profile: 'deploy-session',
          session: 'deploy',
          configProfile: 'deploy',
          ssoSession: 'corp',
          accountId: '444455556666',
          roleName: 'Deployer',
          ...common,
        },
        { profile: 'alice-mfa', session: 'alice', configProfile: 'alice', accountId: '777788889999', roleName: 'alice', signedOutAt: 5, ...common },
      ],
    }),
  );
  return stateFile;
}

describe('active profiles recorded by an earlier version', () => {
  it('are read by source: an SSO role, or a config profile with its own name', async () => {
    await writeLegacyState();
    const listed = await createLatchkey(ctx).profiles.list();
    expect(listed).toEqual([
      expect.objectContaining({ profile: 'work', source: 'sso', session: 'corp', accountId: '111122223333', roleName: 'Admin' }),
      expect.objectContaining({ profile: 'deploy-session', source: 'config-profile', profileName: 'deploy', ssoSession: 'corp', roleName: 'Deployer' }),
      expect.objectContaining({ profile: 'alice-mfa', source: 'config-profile', profileName: 'alice', signedOutAt: 5 }),
    ]);
    for (const p of listed) {
      expect(p).not.toHaveProperty('configProfile');
      if (p.source === 'config-profile') expect(p).not.toHaveProperty('session');
    }
    // The window sees the same distinction: no config profile passes for an SSO session.
    expect(listed.map(toActiveProfileView).map((v) => (v.source === 'sso' ? ['sso', v.session] : ['config-profile', v.profileName]))).toEqual([
      ['sso', 'corp'],
      ['config-profile', 'deploy'],
      ['config-profile', 'alice'],
    ]);
  });

  it('are written back in the new shape, keeping everything else', async () => {
    const stateFile = await writeLegacyState();
    const latchkey = createLatchkey(ctx);
    await latchkey.state.toggleFavorite({ session: 'corp', accountId: '111122223333', roleName: 'Admin' });
    const onDisk = JSON.parse(await fs.readFile(stateFile, 'utf8')) as { favorites: string[]; activeProfiles: Record<string, unknown>[] };
    expect(onDisk.favorites).toEqual([]);
    expect(onDisk.activeProfiles.map((p) => [p.profile, p.source, p.session ?? p.profileName])).toEqual([
      ['work', 'sso', 'corp'],
      ['deploy-session', 'config-profile', 'deploy'],
      ['alice-mfa', 'config-profile', 'alice'],
    ]);
    expect(onDisk.activeProfiles.some((p) => 'configProfile' in p)).toBe(false);
    // Read again, the new shape means the same.
    expect(await latchkey.profiles.list()).toHaveLength(3);
  });

  it('drops a record that names no source it can use', async () => {
    const stateFile = await writeLegacyState();
    const state = JSON.parse(await fs.readFile(stateFile, 'utf8')) as { activeProfiles: Record<string, unknown>[] };
    state.activeProfiles[0]!.source = 'somewhere-else';
    delete state.activeProfiles[1]!.configProfile;
    state.activeProfiles[1]!.source = 'config-profile';
    await fs.writeFile(stateFile, JSON.stringify(state));
    expect((await createLatchkey(ctx).profiles.list()).map((p) => p.profile)).toEqual(['alice-mfa']);
  });
});
