import type { RoleCredentials } from '../src/core/types';
import { seededRandom } from './fake-aws/random';

// Credentials files as tests and benchmarks need them: fake keys, files written by hand the
// way people do, and the same file with Latchkey's sections cut out.

export { seededRandom };

export function fakeCreds(n: number, expiration = Date.UTC(2030, 0, 1, 12, 0, 0)): RoleCredentials {
  return {
    accessKeyId: `ASIAFAKE${String(n).padStart(12, '0')}`,
    secretAccessKey: `secret/${n}+abcdefghijklmnopqrstuvwxyz0123456789`,
    sessionToken: `IQoJb3JpZ2luX2VjEFAKE${n}//////////token==`,
    expiration,
  };
}

/**
 * A credentials file as people write them by hand: `profiles` sections with `#` and `;`
 * comments (some indented), blank lines, `=` and `:` with odd spacing, tabs, trailing spaces,
 * empty values, upper-case keys; CRLF line endings with a few LF ones mixed in.
 */
export function handWrittenCredentials(profiles: number, seed = 1): string {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const eol = () => (rnd() < 0.9 ? '\r\n' : '\n');
  const spacing = ['=', ' = ', '  =\t', '= ', ' =', ':', ' : ', '\t=\t'];
  const out: string[] = [`# My AWS credentials — hand-written, please keep!${eol()}`, `; (semicolon comment)${eol()}`, eol()];
  for (let i = 0; i < profiles; i++) {
    if (rnd() < 0.5) out.push(`${pick(['#', ';', '  #', '\t;'])} profile ${i}: ${pick(['prod', 'staging', 'old keys, do not delete'])}${eol()}`);
    out.push(`${pick(['[', '['])}${i === 0 ? 'default' : `hand-${i}`}]${pick(['', '', '   '])}${eol()}`);
    out.push(`aws_access_key_id${pick(spacing)}AKIAHAND${String(i).padStart(12, '0')}${pick(['', ' ', '\t'])}${eol()}`);
    if (rnd() < 0.3) out.push(`# rotated ${2020 + (i % 5)}${eol()}`);
    out.push(`${pick(['aws_secret_access_key', 'AWS_SECRET_ACCESS_KEY'])}${pick(spacing)}hand/secret/${i}${eol()}`);
    if (rnd() < 0.2) out.push(`region${pick(spacing)}${eol()}`);
    if (rnd() < 0.2) out.push(`s3 =${eol()}  max_concurrent_requests = ${i}${eol()}    multipart_threshold = 64MB${eol()}`);
    for (let b = Math.floor(rnd() * 3); b > 0; b--) out.push(pick(['', '   ', '\t']) + eol());
  }
  out.push(`; end of file${'\r\n'}`);
  return out.join('');
}

/**
 * The file with every section Latchkey wrote for `names` cut out, found by its shape rather
 * than by the code under test: the blank separator line, `[name]`, the marker comment and the
 * credential lines.
 */
export function withoutManagedSections(withBom: string, names: readonly string[]): string {
  const bom = withBom.startsWith('\ufeff') ? '\ufeff' : '';
  const text = withBom.slice(bom.length);
  const lines = text.match(/[^\r\n]*(\r\n|\r|\n|$)/g)?.filter((l) => l !== '') ?? [];
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const header = /^\[(.*)\]\r?\n?$/.exec(lines[i] ?? '');
    if (header && names.includes(header[1] ?? '') && lines[i + 1]?.startsWith('# Managed by Latchkey')) {
      if (kept.length > 0 && /^(\r\n|\r|\n)$/.test(kept[kept.length - 1] ?? '')) kept.pop();
      i += 2;
      while (i < lines.length && /^(aws_access_key_id|aws_secret_access_key|aws_session_token|x_security_token_expires) = /.test(lines[i] ?? '')) i++;
      i--;
      continue;
    }
    kept.push(lines[i] ?? '');
  }
  return bom + kept.join('');
}
