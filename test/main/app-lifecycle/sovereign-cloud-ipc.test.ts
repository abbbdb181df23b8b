import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeAws, type FakeAws } from '../../../devkit/fake-aws';
import { startAppUnderTest, type AppUnderTest } from '../app-harness';

vi.mock('electron', async () => (await import('../fake-electron')).electronModule);

// The app takes a portal of the AWS European Sovereign Cloud over IPC, as the command does.

const EUSC_PORTAL = 'https://ssoins-1234567890abcdef.eusc-de-east-1.portal.amazonaws.eu';

let aws: FakeAws;
let t: AppUnderTest | undefined;
beforeAll(async () => {
  aws = await startFakeAws({ accounts: 1, rolesPerAccount: 1, region: 'eusc-de-east-1', startUrl: EUSC_PORTAL });
});
afterAll(async () => {
  await aws.close();
});
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('the AWS European Sovereign Cloud in the app', () => {
  it('adds a *.portal.amazonaws.eu session in eusc-de-east-1 and signs in to it', async () => {
    t = await startAppUnderTest(aws);
    expect(await t.invoke('sessions.add', { startUrl: EUSC_PORTAL, region: 'eusc-de-east-1', name: 'sovereign' })).toMatchObject({
      ok: true,
      value: { name: 'sovereign', region: 'eusc-de-east-1' },
    });
    expect(await t.invoke('sessions.login', { session: 'sovereign', flow: 'pkce' })).toMatchObject({ ok: true });
    const catalog = await t.invoke('catalog.get', { session: 'sovereign', refresh: true });
    expect(catalog).toMatchObject({ ok: true, value: { accounts: [{ accountId: aws.accounts[0]!.accountId }] } });
  });
});
