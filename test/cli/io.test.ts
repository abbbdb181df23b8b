import { describe, expect, it } from 'vitest';
import { reportError, type CliIo } from '../../src/cli/io';

// The command's contract: one stderr line per failure (a stack only with LATCHKEY_DEBUG=1), also
// for errors nobody mapped, such as the SDK's two-line "Deserialization error: … $response".
describe('reportError on an unexpected error', () => {
  it('prints one line, with the line breaks of the message folded', () => {
    const out: string[] = [];
    const io: CliIo = { stdout: () => undefined, stderr: (t) => out.push(t), env: {}, isTTY: false };
    const err = new Error('Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.\r\nsecond line');
    expect(reportError(io, err)).toBe(1);
    const printed = out.join('');
    expect(printed.endsWith('\n')).toBe(true);
    expect(printed.slice(0, -1)).not.toMatch(/[\r\n]/);
    expect(printed).toMatch(/^latchkey: unexpected error: Deserialization error: .* second line\. Run again with LATCHKEY_DEBUG=1/);
    expect(printed).not.toMatch(/\n\s+at /);
  });
});
