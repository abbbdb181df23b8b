import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../../../src/core/context';
import { createLogger } from '../../../src/core/log';
import { PortalClient } from '../../../src/core/sso/portal';
import { startFakeAws, type FakeAws } from '../../../devkit/fake-aws/index';
import { signInWithDeviceCode } from '../../../devkit/sign-in';

// With LATCHKEY_LOG_LEVEL=debug a person can see every call Latchkey made to AWS and how it went
// (to attach to a bug report), and nothing of what it carried.

let fake: FakeAws;
beforeAll(async () => {
  fake = await startFakeAws({ accounts: 3, rolesPerAccount: 1 });
});
afterAll(() => fake.close());

describe('the AWS call log', () => {
  it('logs each portal call with its operation, status and attempts at debug level, and no token or key', async () => {
    const { accessToken } = await signInWithDeviceCode(fake);
    const lines: string[] = [];
    const ctx = createContext({ env: fake.env, homedir: '/nonexistent', logger: createLogger((l) => lines.push(l), 'debug') });
    const portal = new PortalClient(ctx, fake.region, async () => accessToken, { maxAttempts: 1 });
    try {
      await portal.listAccounts();
      const account = fake.accounts[0]!;
      await portal.getRoleCredentials(account.accountId, account.roles[0]!);
      fake.failNextPortalCalls(1, 500);
      await portal.listRoles(account.accountId).catch(() => undefined);
    } finally {
      portal.destroy();
    }
    expect(lines.some((l) => /DEBUG AWS call SSO ListAccounts \{"status":200,"attempts":1,"ms":\d+\}/.test(l))).toBe(true);
    expect(lines.some((l) => /DEBUG AWS call SSO GetRoleCredentials \{"status":200/.test(l))).toBe(true);
    expect(lines.some((l) => /DEBUG AWS call SSO ListAccountRoles failed \{"error":"\w+","status":500/.test(l))).toBe(true);
    const all = lines.join('\n');
    for (const secret of fake.issuedSecrets()) expect(all.includes(secret), 'an issued secret is in the call log').toBe(false);
  });

  it('says nothing at the default level', async () => {
    const { accessToken } = await signInWithDeviceCode(fake);
    const lines: string[] = [];
    const ctx = createContext({ env: fake.env, homedir: '/nonexistent', logger: createLogger((l) => lines.push(l), 'info') });
    const portal = new PortalClient(ctx, fake.region, async () => accessToken, { maxAttempts: 1 });
    try {
      await portal.listAccounts();
    } finally {
      portal.destroy();
    }
    expect(lines.filter((l) => l.includes('AWS call'))).toEqual([]);
  });
});
