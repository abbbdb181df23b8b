import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock';
import { createContext, type CoreContext } from '../../../src/core/context';
import {
  CREDENTIAL_PROCESS_MARGIN_MS,
  credentialProcessCachePath,
  readCredentialProcessCache,
  removeCredentialProcessCaches,
  toCredentialProcessOutput,
  writeCredentialProcessCache,
} from '../../../src/core/sessions/credential-process-cache';
import { tokenCachePath } from '../../../src/core/sso/token-cache';
import { fakeCreds } from '../../../devkit/credentials-files';
import { tempHome } from '../../../devkit/home';

// The credential_process cache: served only while the sign-in it came from still has its token
// file, and swept per sign-in when that session signs out. Real files in a temporary HOME.

let home: string;
let ctx: CoreContext;
const clock = new ManualClock(Date.UTC(2029, 0, 1));
const output = (n: number) => toCredentialProcessOutput(fakeCreds(n));
const fileFor = (session: string, role: string) => credentialProcessCachePath(ctx, { session, startUrl: 'https://corp.awsapps.com/start', role });
const cacheDir = () => path.join(home, '.aws', 'cli', 'cache');

async function signIn(session: string): Promise<void> {
  const token = tokenCachePath(ctx, session);
  await fs.mkdir(path.dirname(token), { recursive: true });
  await fs.writeFile(token, '{}');
}

beforeEach(async () => {
  home = (await tempHome('aws')).home;
  ctx = createContext({ homedir: home, env: {}, clock });
});
afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

describe('readCredentialProcessCache', () => {
  it('serves exactly the credential_process fields while the sign-in it came from has its token file', async () => {
    await signIn('corp');
    const file = fileFor('corp', 'a/Admin');
    await writeCredentialProcessCache(file, output(1), 'corp');
    expect(JSON.parse(await fs.readFile(file, 'utf8'))).toMatchObject({ ProviderType: 'sso', SsoSession: 'corp' });
    expect(await readCredentialProcessCache(ctx, file)).toEqual(output(1));
    expect(await readCredentialProcessCache(ctx, file, 'corp')).toEqual(output(1));

    await fs.rm(tokenCachePath(ctx, 'corp'));
    expect(await readCredentialProcessCache(ctx, file)).toBeUndefined();
    expect(await readCredentialProcessCache(ctx, file, 'corp')).toBeUndefined();
  });

  it('serves credentials that came from no sign-in without any token file', async () => {
    const file = fileFor('', 'profile:alice-admin');
    await writeCredentialProcessCache(file, output(2), null);
    expect(JSON.parse(await fs.readFile(file, 'utf8'))).not.toHaveProperty('ProviderType');
    expect(await readCredentialProcessCache(ctx, file)).toEqual(output(2));
  });

  it('serves a file that does not say where it came from only when the caller knows the sign-in', async () => {
    await signIn('corp');
    const file = fileFor('corp', 'a/Admin');
    await fs.mkdir(cacheDir(), { recursive: true });
    await fs.writeFile(file, JSON.stringify(output(3)));
    expect(await readCredentialProcessCache(ctx, file)).toBeUndefined();
    expect(await readCredentialProcessCache(ctx, file, 'corp')).toEqual(output(3));
  });

  it('does not serve credentials within the margin of their expiry', async () => {
    await signIn('corp');
    const file = fileFor('corp', 'a/Admin');
    await writeCredentialProcessCache(file, toCredentialProcessOutput(fakeCreds(4, clock.now() + CREDENTIAL_PROCESS_MARGIN_MS - 1000)), 'corp');
    expect(await readCredentialProcessCache(ctx, file)).toBeUndefined();
  });
});

describe('removeCredentialProcessCaches', () => {
  it("removes the sign-in's files and those that cannot say where they came from; nothing else", async () => {
    await writeCredentialProcessCache(fileFor('corp', 'a/Admin'), output(1), 'corp');
    await writeCredentialProcessCache(fileFor('', 'profile:deploy'), output(2), 'corp');
    await writeCredentialProcessCache(fileFor('other', 'a/Admin'), output(3), 'other');
    await writeCredentialProcessCache(fileFor('', 'profile:alice-admin'), output(4), null);
    await fs.writeFile(fileFor('corp', 'old/Format'), JSON.stringify(output(5)));
    await fs.writeFile(fileFor('corp', 'broken'), '{"Version":1,');
    const untouched = {
      [`latchkey-mfa-${'b'.repeat(40)}.json`]: '{"version":1}',
      [`${'c'.repeat(40)}.json`]: '{"ProviderType":"sso"}',
      'latchkey-notes.txt': 'mine',
    };
    for (const [name, body] of Object.entries(untouched)) await fs.writeFile(path.join(cacheDir(), name), body);

    expect(await removeCredentialProcessCaches(ctx, ['corp'])).toBe(4);
    const left = (await fs.readdir(cacheDir())).sort();
    expect(left).toEqual([path.basename(fileFor('other', 'a/Admin')), path.basename(fileFor('', 'profile:alice-admin')), ...Object.keys(untouched)].sort());
    for (const [name, body] of Object.entries(untouched)) expect(await fs.readFile(path.join(cacheDir(), name), 'utf8')).toBe(body);
    expect(await removeCredentialProcessCaches(ctx, ['corp'])).toBe(0);
  });

  it('is a no-op without the cache folder', async () => {
    expect(await removeCredentialProcessCaches(ctx, ['corp'])).toBe(0);
  });
});
