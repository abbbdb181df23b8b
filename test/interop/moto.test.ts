import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock';
import { createLatchkey } from '../../src/core/sessions/latchkey';
import { hasMoto, skipNote, startMoto } from '../../devkit/peers';
import { makeIamEnv, type IamTestEnv } from '../core/iam/helpers';
import { whoAmI } from '../../devkit/who-am-i';

// The same STS flows against moto, an independent implementation of AWS (python3 -m moto.server):
// an MFA session from long-term keys, a role assumed with it, a role chained from that, and
// GetFederationToken. moto does not check MFA codes or signatures; what it proves is that our
// requests are what real STS parses, and our parsing fits what it answers.

skipNote('moto (python3 -m moto.server)', hasMoto);

describe.skipIf(!hasMoto)('config profiles against moto', () => {
  let moto: { url: string; stop: () => void };
  let t: IamTestEnv;
  beforeAll(async () => {
    moto = await startMoto();
    const fakeLike = { env: { AWS_ENDPOINT_URL_STS: moto.url } } as never;
    t = await makeIamEnv(fakeLike, new ManualClock(Date.now()));
    await fs.writeFile(
      t.configFile,
      `[profile user]\nmfa_serial = arn:aws:iam::123456789012:mfa/ana\nregion = us-east-1\n\n` +
        `[profile ops]\nrole_arn = arn:aws:iam::123456789012:role/Ops\nsource_profile = user\nrole_session_name = ana-ops\n\n` +
        `[profile audit]\nrole_arn = arn:aws:iam::210987654321:role/Audit\nsource_profile = ops\nduration_seconds = 7200\n`,
    );
    await fs.writeFile(
      t.credentialsFile,
      `[user]\naws_access_key_id = AKIAMOTOUSER00000001\naws_secret_access_key = motosecretmotosecretmotosecret0000000000\n`,
    );
  }, 60_000);
  afterAll(async () => {
    moto?.stop();
    if (t) await fs.rm(t.home, { recursive: true, force: true });
  });

  async function arnOf(creds: { accessKeyId: string; secretAccessKey: string; sessionToken: string }): Promise<string> {
    return (await whoAmI({ url: moto.url }, creds)).arn ?? '';
  }

  it('MFA session, assumed role and a chained role (capped to one hour) all parse and work', async () => {
    const asked: string[] = [];
    const manager = createLatchkey(t.ctx, { promptMfaCode: async (r) => (asked.push(r.profile), '123456') });
    const session = await manager.configProfiles.credentials('user');
    expect(session.kind).toBe('session-token');
    expect(session.credentials.sessionToken.length).toBeGreaterThan(20);
    const ops = await manager.configProfiles.credentials('ops');
    expect(ops.kind).toBe('assumed-role');
    expect(await arnOf(ops.credentials)).toBe('arn:aws:sts::123456789012:assumed-role/Ops/ana-ops');
    const audit = await manager.configProfiles.credentials('audit');
    expect(audit.kind).toBe('chained-role');
    expect(await arnOf(audit.credentials)).toMatch(/^arn:aws:sts::210987654321:assumed-role\/Audit\/latchkey-\d+$/);
    expect(audit.credentials.expiration - Date.now()).toBeLessThanOrEqual(3600_000);
    expect(asked).toEqual(['user']); // one code for all three
  });

  it('GetFederationToken with the long-term keys (the console route for IAM users)', async () => {
    const { getFederationToken, federationName } = await import('../../src/core/iam/sts-calls');
    const creds = await getFederationToken(
      t.ctx,
      { accessKeyId: 'AKIAMOTOUSER00000001', secretAccessKey: 'motosecretmotosecretmotosecret0000000000' },
      { name: federationName('a-rather-long-profile-name-for-a-user'), region: 'us-east-1', profile: 'user' },
    );
    // moto accepted the 32-character name and the allow-all policy, and answered credentials we read.
    expect(federationName('a-rather-long-profile-name-for-a-user')).toBe('latchkey-a-rather-long-profile-n');
    expect(creds.sessionToken).toBeTruthy();
    expect(creds.expiration).toBeGreaterThan(Date.now());
  });
});
