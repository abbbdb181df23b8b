import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, FakeNotification } from '../fake-electron';
import { signInThroughIpc, type AppUnderTest } from '../app-harness';
import { useAppAgainstFake } from './use-app';

vi.mock('electron', async () => (await import('../fake-electron')).electronModule);

// The core's warnings for the person reach the app as a notification: a write to a
// credentials file the AWS CLI cannot read says so, once, naming the file and the line.

const ctx = useAppAgainstFake({ accounts: 1, rolesPerAccount: 1 });

async function useTheRole(app: AppUnderTest): Promise<void> {
  const target = { kind: 'sso' as const, session: 'corp', accountId: ctx.aws.accounts[0]!.accountId, roleName: ctx.aws.accounts[0]!.roles[0]! };
  const used = await app.invoke('profiles.use', { target, profile: 'default' });
  if (!used.ok) throw new Error(used.message);
}

describe('warnings for the person in the app', () => {
  it('a write to a credentials file the AWS CLI refuses shows one notification naming the file and line', async () => {
    const t = await ctx.start();
    await signInThroughIpc(t, ctx.aws);
    const file = path.join(t.home, '.aws', 'credentials');
    await fs.writeFile(file, '[old]\nregion = eu-west-1\nregion = us-east-1\n', { mode: 0o600 });

    await useTheRole(t);
    const warnings = () => FakeNotification.instances.filter((n) => n.options.title === 'A warning from Latchkey');
    expect(warnings()).toHaveLength(1);
    const notice = warnings()[0]!;
    expect(notice.shown).toBe(true);
    expect(notice.options.body).toMatch(/credentials line 3: "region" appears a second time in \[old\], so the AWS CLI/);
    expect(t.logLines.some((l) => l.includes('line 3: "region" appears a second time'))).toBe(true);
    // Written again (as every refresh does): nothing new to say.
    await useTheRole(t);
    expect(warnings()).toHaveLength(1);
    // Its button opens the popup.
    t.popup.hide();
    notice.emit('click');
    expect(FakeBrowserWindow.instances.at(-1)!.isVisible()).toBe(true);
  });
});
