import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deviceLoginCli, runCli } from '../../devkit/cli';
import { useCliHome } from '../helpers/per-test';

// A config or credentials file the AWS CLI refuses (a duplicate section or key, a byte order
// mark) still works in Latchkey, and every write to it says, in one line on stderr, which
// line keeps the AWS CLI from reading it.

const ctx = useCliHome({
  fake: { accounts: 2, rolesPerAccount: 1, deviceInterval: 0.5 },
  prepare: async ({ home }) => {
    await fs.mkdir(path.join(home, '.aws'), { recursive: true });
  },
});

const warnings = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('latchkey: warning:'));

describe('files the AWS CLI cannot read', () => {
  it('use writes the profile into a credentials file with a duplicate section, and warns once naming the line', async () => {
    expect((await deviceLoginCli(ctx.fake, ctx.env, ['--session', 'corp'])).code).toBe(0);
    const handWritten = '[old]\naws_access_key_id = AKIAOLD\n\n[old]\naws_secret_access_key = oldsecret\n';
    await fs.writeFile(ctx.env.AWS_SHARED_CREDENTIALS_FILE!, handWritten, { mode: 0o600 });

    const use = await runCli(['use', ctx.role, '--profile', 'work'], ctx.env);
    expect(use.code).toBe(0);
    expect(warnings(use.stderr)).toEqual([
      'latchkey: warning: ~/.aws/credentials line 4: the section [old] appears a second time, so the AWS CLI and botocore cannot read this file (Latchkey can). Fix that line to use it with them.',
    ]);
    const after = await fs.readFile(ctx.env.AWS_SHARED_CREDENTIALS_FILE!, 'utf8');
    expect(after.startsWith(handWritten)).toBe(true);
    expect(after).toMatch(/\[work\]\n# Managed by Latchkey/);
    // Latchkey keeps reading it: the profile is listed as active and can be removed again.
    const unuse = await runCli(['unuse', 'work'], ctx.env);
    expect(unuse.code).toBe(0);
    expect(warnings(unuse.stderr)).toHaveLength(1);
    expect(await fs.readFile(ctx.env.AWS_SHARED_CREDENTIALS_FILE!, 'utf8')).toBe(handWritten);
  }, 60_000);

  it('a sign-in that adds its sso-session to a config with a byte order mark warns; export to it warns too', async () => {
    const config = '\ufeff[profile dup]\nregion = eu-west-1\nregion = us-east-1\n';
    await fs.writeFile(ctx.env.AWS_CONFIG_FILE!, config);
    const login = await deviceLoginCli(ctx.fake, ctx.env, ['--session', 'corp']);
    expect(login.code).toBe(0);
    expect(warnings(login.stderr)).toEqual([
      expect.stringMatching(/^latchkey: warning: ~\/\.aws\/config line 1: it starts with a byte order mark \(BOM\).*cannot read this file \(Latchkey can\)/),
    ]);
    expect(await fs.readFile(ctx.env.AWS_CONFIG_FILE!, 'utf8')).toContain('[sso-session corp]');

    const exported = await runCli(['export', ctx.role, '--yes'], ctx.env);
    expect(exported.code).toBe(0);
    expect(warnings(exported.stderr)).toEqual([expect.stringContaining('~/.aws/config line 1: it starts with a byte order mark')]);
    // Profiles still resolve from it.
    const listed = await runCli(['roles', '--profiles', '--json'], ctx.env);
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { profile: string }[]).length).toBe(1);
  }, 60_000);

  it('says nothing about a file the AWS CLI reads', async () => {
    const login = await deviceLoginCli(ctx.fake, ctx.env, ['--session', 'corp']);
    expect(login.code).toBe(0);
    const use = await runCli(['use', ctx.role, '--profile', 'work'], ctx.env);
    expect(use.code).toBe(0);
    expect(warnings(login.stderr + use.stderr)).toEqual([]);
  }, 60_000);
});
