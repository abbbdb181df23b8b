import { describe, expect, it, vi } from 'vitest';
import { useAppAgainstFake } from './use-app';

vi.mock('electron', async () => (await import('../fake-electron')).electronModule);

// The app takes a portal of the AWS European Sovereign Cloud over IPC, as the command does.

const EUSC_PORTAL = 'https://ssoins-1234567890abcdef.eusc-de-east-1.portal.amazonaws.eu';

const ctx = useAppAgainstFake({ accounts: 1, rolesPerAccount: 1, region: 'eusc-de-east-1', startUrl: EUSC_PORTAL });

describe('the AWS European Sovereign Cloud in the app', () => {
  it('adds a *.portal.amazonaws.eu session in eusc-de-east-1 and signs in to it', async () => {
    const t = await ctx.start();
    expect(await t.invoke('sessions.add', { startUrl: EUSC_PORTAL, region: 'eusc-de-east-1', name: 'sovereign' })).toMatchObject({
      ok: true,
      value: { name: 'sovereign', region: 'eusc-de-east-1' },
    });
    expect(await t.invoke('sessions.login', { session: 'sovereign', flow: 'pkce' })).toMatchObject({ ok: true });
    const catalog = await t.invoke('catalog.get', { session: 'sovereign', refresh: true });
    expect(catalog).toMatchObject({ ok: true, value: { accounts: [{ accountId: ctx.aws.accounts[0]!.accountId }] } });
  });
});
