import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io';
import { describePrompt, formatCountdown, interactivePrompter } from '../../src/cli/sign-in-prompt';

function io(isTTY: boolean): CliIo & { err: string } {
  const out = { err: '', stdout: () => {}, env: {}, isTTY, stderr: (t: string) => void (out.err += t) };
  return out;
}

const device = {
  kind: 'device' as const,
  userCode: 'ABCD-EFGH',
  verificationUri: 'https://d.example/device',
  verificationUriComplete: 'https://d.example/device?user_code=ABCD-EFGH',
  expiresAt: 600_000,
};

describe('the sign-in prompt on the terminal', () => {
  it('counts down as mm:ss (h:mm:ss past an hour)', () => {
    expect(formatCountdown(599_001)).toBe('10:00');
    expect(formatCountdown(61_000)).toBe('1:01');
    expect(formatCountdown(3_725_000)).toBe('1:02:05');
    expect(formatCountdown(-5)).toBe('0:00');
  });

  it('says why the device code is used, and that it works from any device', () => {
    const text = describePrompt({ ...device, reason: 'this is an SSH session, so no browser here can finish the sign-in' }, false);
    expect(text.split('\n')[0]).toBe('Signing in with a device code: this is an SSH session, so no browser here can finish the sign-in.');
    expect(text).toContain('On any device with a browser, open this URL and confirm the code ABCD-EFGH:\nhttps://d.example/device?user_code=ABCD-EFGH\n');
  });

  it('on a terminal, rewrites one line with the time left and clears it when done', () => {
    let now = 0;
    const tty = io(true);
    const p = interactivePrompter(tty, true, () => now);
    p.onPrompt(device);
    expect(tty.err).toContain('\r\x1b[2KWaiting for the code ABCD-EFGH to be approved; it expires in 10:00. Ctrl-C cancels.');
    now = 600_000;
    p.stop();
    expect(tty.err.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('into a pipe or a log, prints plain lines instead', () => {
    const plain = io(false);
    const p = interactivePrompter(plain, true, () => 30_000);
    p.onPrompt(device);
    p.stop();
    expect(plain.err).not.toContain('\r');
    expect(plain.err.trimEnd().split('\n').at(-1)).toBe('Waiting for the code ABCD-EFGH to be approved; it expires in 9:30. Ctrl-C cancels.');
  });
});
