import fs from 'node:fs';
import path from 'node:path';
import { redact } from '../../src/core/redact';

// The secret sweep's searching, without any of its hooks into vitest, fs or child_process
// (secret-sweep.ts) so that a test can run it on planted leaks and see it catch them.

export interface SweepSecret {
  value: string;
  /** What it is ("SSO refresh token"), the only thing a report may say about it. */
  kind: string;
}

export interface Leak {
  /** Where: a file path, or a log / output source. */
  source: string;
  kind: string;
  /** The text around the hit, redact()ed, with every other known secret replaced by its kind. */
  excerpt: string;
}

export interface SweepCounts {
  files: number;
  bytes: number;
  lines: number;
  outputs: number;
}

/**
 * The kind of an emulator-issued secret, from its shape (devkit/fake-aws issues each kind with its
 * own prefix or length; see oidc.ts, federation.ts, state.ts). Unknown shapes are still swept.
 */
export function secretKind(value: string): string {
  if (value.startsWith('aoa')) return 'SSO access token';
  if (value.startsWith('aor')) return 'SSO refresh token';
  if (value.startsWith('eyJraWQiOiJrZXktMTU2')) return 'OIDC client secret';
  if (value.startsWith('IQoJb3JpZ2luX2VjE')) return 'STS session token';
  switch (value.length) {
    case 40:
      return 'secret access key';
    case 43:
      return 'PKCE authorization code';
    case 86:
      return 'device code';
    case 400:
      return 'console sign-in token';
    default:
      return 'emulator-issued secret';
  }
}

/** Finds secrets in text, as written and as they appear percent-encoded in a URL. */
export class SecretMatcher {
  private readonly forms: { form: string; kind: string }[] = [];

  constructor(secrets: Iterable<SweepSecret>) {
    const seen = new Set<string>();
    for (const { value, kind } of secrets) {
      if (value.length < 8) continue; // too short to be told apart from ordinary text
      for (const form of new Set([value, encodeURIComponent(value)])) {
        if (seen.has(form)) continue;
        seen.add(form);
        this.forms.push({ form, kind });
      }
    }
    // Longest first, so masking a secret never leaves part of a longer one behind.
    this.forms.sort((a, b) => b.form.length - a.form.length);
  }

  get size(): number {
    return this.forms.length;
  }

  /** Each secret found (once per kind and position), with a masked excerpt around it. */
  find(source: string, text: string): Leak[] {
    const leaks: Leak[] = [];
    for (const { form, kind } of this.forms) {
      const at = text.indexOf(form);
      if (at < 0) continue;
      const start = Math.max(0, at - 60);
      const around = text.slice(start, at + form.length + 60);
      leaks.push({ source, kind, excerpt: this.mask(redact(around)).replace(/\s+/g, ' ').slice(0, 200) });
    }
    return leaks;
  }

  mask(text: string): string {
    let out = text;
    for (const { form, kind } of this.forms) if (out.includes(form)) out = out.split(form).join(`<${kind}>`);
    return out;
  }
}

/** Files Latchkey shares with the AWS CLI and SDKs: where credentials belong. */
export function isAwsFile(file: string, awsFiles: ReadonlySet<string>): boolean {
  return file.split(path.sep).includes('.aws') || awsFiles.has(path.resolve(file));
}

const MAX_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Reads every regular file under `root` (or `root` itself) that `skip` does not exclude and
 * returns the secrets found. Missing paths and unreadable files are passed over: the tree may
 * be half-removed or made unreadable on purpose by a test.
 */
export function sweepTree(root: string, matcher: SecretMatcher, skip: (file: string, st: fs.Stats) => boolean, counts: SweepCounts): Leak[] {
  const leaks: Leak[] = [];
  const visit = (p: string) => {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      let names: string[];
      try {
        names = fs.readdirSync(p);
      } catch {
        return;
      }
      for (const name of names) visit(path.join(p, name));
      return;
    }
    if (!st.isFile() || skip(p, st) || st.size > MAX_FILE_BYTES) return;
    let text: string;
    try {
      text = fs.readFileSync(p, 'utf8');
    } catch {
      return;
    }
    counts.files++;
    counts.bytes += st.size;
    leaks.push(...matcher.find(p, text));
  };
  visit(root);
  return leaks;
}

/** The failure message: where and what kind, never the secret. */
export function describeLeaks(leaks: Leak[]): string {
  const lines = leaks.slice(0, 20).map((l) => `  - ${l.kind} (issued by the emulator) in ${l.source}: …${l.excerpt}…`);
  if (leaks.length > 20) lines.push(`  … and ${leaks.length - 20} more`);
  return `Secret sweep: ${leaks.length} secret(s) found outside the AWS files:\n${lines.join('\n')}`;
}

interface IssuingFake {
  issuedSecrets(): string[];
}

/**
 * One test file's sweep: the emulators it started (their secrets are read when searching, so
 * what they issue later counts too), the log lines and command outputs it produced, the temp
 * folders it made. Files are searched when they are about to be removed and, for temp folders
 * still there, at the end.
 */
export class SecretSweep {
  private readonly fakes: IssuingFake[] = [];
  private readonly planted: SweepSecret[] = [];
  private readonly logLines: string[] = [];
  private readonly outputs: { source: string; text: string }[] = [];
  private readonly tempDirs = new Set<string>();
  private readonly leaks: Leak[] = [];
  /** Files searched as they were (path, mtime, size): fs.rm's recursion calls unlink and
   * rmdir, which are hooked too, and must not search (and report) them twice. */
  private readonly searched = new Set<string>();
  /** AWS files that an environment pointed somewhere other than ~/.aws. */
  readonly awsFiles = new Set<string>();
  /** Files written by test tooling rather than by Latchkey (the stand-in browser's URL log). */
  readonly toolFiles = new Set<string>();
  /** Profiles of a real browser a test drives: its history and cache keep the URLs it opened. */
  readonly browserProfiles = new Set<string>();
  readonly counts: SweepCounts = { files: 0, bytes: 0, lines: 0, outputs: 0 };

  addFake(fake: IssuingFake, options: { iamUsers?: { secretAccessKey: string }[] } = {}): void {
    this.fakes.push(fake);
    for (const user of options.iamUsers ?? []) this.addSecret(user.secretAccessKey, 'IAM user secret access key');
  }

  addSecret(value: string, kind: string): void {
    this.planted.push({ value, kind });
  }

  secrets(): SweepSecret[] {
    return [...this.planted, ...this.fakes.flatMap((f) => f.issuedSecrets().map((value) => ({ value, kind: secretKind(value) })))];
  }

  logLine(line: string): void {
    this.logLines.push(line);
  }

  output(source: string, text: string): void {
    if (text) this.outputs.push({ source, text });
  }

  /** Remembers where an environment puts the AWS files and the stand-in browser's log. */
  noteEnv(env: Readonly<Record<string, string | undefined>> | undefined): void {
    if (!env) return;
    for (const key of ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE']) if (env[key]) this.awsFiles.add(path.resolve(env[key]));
    if (env.FAKE_BROWSER_LOG) this.toolFiles.add(path.resolve(env.FAKE_BROWSER_LOG));
  }

  browserProfileCreated(dir: string): void {
    this.browserProfiles.add(path.resolve(dir));
  }

  tempDirCreated(dir: string): void {
    this.tempDirs.add(path.resolve(dir));
  }

  /** Searches a file or folder about to be removed. */
  beforeRemove(target: string): void {
    if (this.fakes.length === 0 && this.planted.length === 0) return; // nothing to look for
    this.leaks.push(...sweepTree(path.resolve(target), new SecretMatcher(this.secrets()), (f, st) => this.skipped(f, st), this.counts));
  }

  private awsOrToolFile(file: string): boolean {
    return isAwsFile(file, this.awsFiles) || this.toolFiles.has(file) || [...this.browserProfiles].some((d) => file.startsWith(d + path.sep));
  }

  private skipped(file: string, st: fs.Stats): boolean {
    if (this.awsOrToolFile(file)) return true;
    const key = `${file}\0${st.mtimeMs}\0${st.size}`;
    if (this.searched.has(key)) return true;
    this.searched.add(key);
    return false;
  }

  /** Searches what is left and returns every leak found in this file's run. */
  finish(): { leaks: Leak[]; counts: SweepCounts; secrets: number } {
    const secrets = this.secrets();
    const matcher = new SecretMatcher(secrets);
    for (const dir of this.tempDirs) if (fs.existsSync(dir)) this.leaks.push(...sweepTree(dir, matcher, (f) => this.awsOrToolFile(f), this.counts));
    this.counts.lines = this.logLines.length;
    this.counts.outputs = this.outputs.length;
    if (matcher.size > 0) {
      // One search over all lines (a debug run logs thousands), then the line of each hit.
      const all = this.logLines.join('\n');
      for (const leak of matcher.find('in-process logs', all)) {
        const line = this.logLines.findIndex((l) => matcher.find('', l).some((hit) => hit.kind === leak.kind));
        this.leaks.push({ ...leak, source: `in-process log line ${line + 1}` });
      }
      for (const o of this.outputs) this.leaks.push(...matcher.find(o.source, o.text));
    }
    return { leaks: this.leaks, counts: this.counts, secrets: secrets.length };
  }
}
