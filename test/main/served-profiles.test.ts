import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeManagedProfile } from '../../src/core/aws/credentials-file';
import { ManualClock } from '../../src/core/clock';
import { createContext } from '../../src/core/context';
import type { Latchkey } from '../../src/core/sessions/latchkey';
import { createServedProfiles, type ServedProfiles } from '../../src/main/served-profiles';
import { tempHome, type TempHome } from '../../devkit/home';

// What a served profile's endpoint hands out is the profile as the credentials file holds it
// now: keys about to expire, or a section someone replaced by hand, are never served.

const HOUR = 3_600_000;
let home: TempHome | undefined;
let served: ServedProfiles | undefined;
afterEach(async () => {
  await served?.close();
  await home?.cleanup();
  served = undefined;
  home = undefined;
});

function ask(url: string, token: string): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: u.port, path: u.pathname, headers: { Authorization: token }, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('a served profile', () => {
  it('is served while its keys have more than a minute left, then refused until renewed; a hand-written section is never served', async () => {
    home = await tempHome('served');
    const clock = new ManualClock(Date.parse('2030-01-01T00:00:00Z'));
    const ctx = createContext({ env: home.env, homedir: home.home, clock });
    const file = path.join(home.home, '.aws', 'credentials');
    const keys = (id: string, expiration: number) => ({ accessKeyId: id, secretAccessKey: `secret-${id}`, sessionToken: `token-${id}`, expiration });
    await writeManagedProfile(file, 'dev', keys('ASIAFIRST00000000001', clock.now() + HOUR), { source: 'test' });
    const latchkey = { profiles: { list: async () => [{ profile: 'dev' }] } } as unknown as Latchkey;
    served = createServedProfiles(ctx, latchkey);
    await served.apply({ credentialServer: true, credentialServerAddress: '127.0.0.1' });
    const lines = served.exportLines('dev', 'sh');
    const url = /FULL_URI=(\S+)/.exec(lines)![1]!;
    const token = /TOKEN=(\S+)/.exec(lines)![1]!;

    expect(JSON.parse((await ask(url, token)).body)).toMatchObject({ AccessKeyId: 'ASIAFIRST00000000001' });
    clock.advance(HOUR - 30_000);
    const late = await ask(url, token);
    expect(late.status).toBe(503);
    expect(late.body).not.toContain('FIRST');
    expect(JSON.parse(late.body)).toMatchObject({ message: expect.stringContaining('sign in again') });

    // Renewed by the refresh loop: served at once, through the same endpoint.
    await writeManagedProfile(file, 'dev', keys('ASIASECOND0000000002', clock.now() + HOUR), { source: 'test' });
    expect(JSON.parse((await ask(url, token)).body)).toMatchObject({ AccessKeyId: 'ASIASECOND0000000002' });

    // Someone replaced the section by hand: not Latchkey's, not served.
    await fs.writeFile(
      file,
      `[dev]\naws_access_key_id = AKIAHANDWRITTEN00001\naws_secret_access_key = x\naws_session_token = y\nx_security_token_expires = 2031-01-01T00:00:00Z\n`,
    );
    const handWritten = await ask(url, token);
    expect(handWritten.status).toBe(503);
    expect(handWritten.body).not.toContain('HANDWRITTEN');
  });
});
