import fc from 'fast-check';
import { SOAK } from './soak';

// fast-check generators for the bad-input suites: AWS INI files as people (and broken editors)
// leave them, the bytes they may be saved as, and the replay settings that make a failure
// reproducible.

/**
 * fast-check settings. `npm test` uses a fixed seed (the same files every run); `npm run soak`
 * a fresh one. A failure prints `seed` and `path`; replay exactly that case with
 * `LATCHKEY_FUZZ_SEED=<seed> LATCHKEY_FUZZ_PATH=<path> npx vitest run <file>`.
 */
export function fuzzParameters<T = unknown>(numRuns: number): fc.Parameters<T> {
  const seed = process.env.LATCHKEY_FUZZ_SEED ? Number(process.env.LATCHKEY_FUZZ_SEED) : SOAK ? Date.now() % 2 ** 31 : 20261123;
  const replayPath = process.env.LATCHKEY_FUZZ_PATH;
  return { seed, numRuns, ...(replayPath ? { path: replayPath, endOnFailure: true } : {}) };
}

/** Characters that have broken INI readers: separators, brackets, comment marks, Unicode
 * whitespace that JS and Python disagree on, a BOM mid-file, NUL, lone surrogates, emoji. */
const ODD_CHARS = [
  ' ',
  '\t',
  '=',
  ':',
  '[',
  ']',
  '#',
  ';',
  '"',
  "'",
  '\\',
  '/',
  '\0',
  '\v',
  '\f',
  '\u00a0',
  '\u0085',
  '\u2028',
  '\u2029',
  '\u3000',
  '\ufeff',
  '\u001c',
  'é',
  'ß',
  'İ',
  'Σ',
  '日本',
  '🔑',
  '\ud800',
  '\udc00',
];

const oddChar = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.'.split('')) },
  { weight: 2, arbitrary: fc.constantFrom(...ODD_CHARS) },
);

/** Text for one line: no line breaks (those are the eol's business). */
export const lineText = (maxLength = 24) => fc.string({ unit: oddChar, maxLength });

const indent = fc.constantFrom('', '', '', ' ', '  ', '\t', '    ', '\u00a0');

/** Section names, few enough to repeat (duplicates), with the ones botocore treats specially. */
const sectionName = fc.oneof(
  fc.constantFrom(
    'default',
    'DEFAULT',
    'dev',
    'prod',
    'profile dev',
    'profile "with space"',
    "profile 'q'",
    'sso-session corp',
    'services local',
    '__proto__',
    'constructor',
    'prod-日本',
    'a]b',
    ' spaced ',
  ),
  lineText(12).filter((s) => s.length > 0 && !/lk-fuzz|latchkey/i.test(s)),
);

const keyName = fc.oneof(
  fc.constantFrom(
    'aws_access_key_id',
    'AWS_Secret_Access_Key',
    'aws_session_token',
    'region',
    'output',
    'sso_start_url',
    'sso_region',
    'sso_session',
    'role_arn',
    'source_profile',
    'mfa_serial',
    'duration_seconds',
    's3',
    'key with spaces',
    '__proto__',
    'constructor',
    'toString',
    'clé',
  ),
  lineText(10).filter((s) => /\S/.test(s) && !/[=:]/.test(s)),
);

const separator = fc.constantFrom('=', ' = ', ':', ' : ', '\t=\t', '  =', '= ');

/** Comments never carry Latchkey's own markers: the fuzzer checks what Latchkey does with
 * files it did not write. */
const commentText = lineText(30).filter((s) => !/Managed by Latchkey|latchkey export/i.test(s));

export type LineKind = 'header' | 'key' | 'continuation' | 'comment' | 'blank' | 'garbage';

/** One line of a hand-kept file; `weights` shifts how often each kind appears. */
function line(valid: boolean): fc.Arbitrary<string> {
  const kinds: fc.WeightedArbitrary<string>[] = [
    { weight: 3, arbitrary: fc.tuple(indent, sectionName, fc.constantFrom('', '', ' ', '  # trailing')).map(([i, n, t]) => `${i}[${n}]${t}`) },
    { weight: 8, arbitrary: fc.tuple(indent, keyName, separator, lineText(40)).map(([i, k, s, v]) => `${i}${k}${s}${v}`) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom('  ', '    ', '\t'), keyName, separator, lineText(20)).map(([i, k, s, v]) => `${i}${k}${s}${v}`) },
    { weight: 2, arbitrary: fc.tuple(indent, fc.constantFrom('#', ';', '# ', '; '), commentText).map(([i, c, t]) => `${i}${c}${t}`) },
    { weight: 2, arbitrary: fc.constantFrom('', '', '  ', '\t', '\u00a0') },
  ];
  if (!valid) {
    kinds.push(
      { weight: 2, arbitrary: lineText(30).filter((s) => /\S/.test(s)) },
      { weight: 1, arbitrary: fc.constantFrom('[unclosed', '[]', '= no name', 'garbage', '[a', ']') },
    );
  }
  return fc.oneof(...kinds);
}

const eol = fc.oneof({ weight: 6, arbitrary: fc.constant('\n') }, { weight: 3, arbitrary: fc.constant('\r\n') }, { weight: 1, arbitrary: fc.constant('\r') });

/**
 * A whole file as text. Most start with a section and keep to lines the AWS CLI reads (so the
 * writes get exercised); the rest mix in lines it rejects. A BOM, mixed line endings and a
 * missing final newline all occur.
 */
export const iniText: fc.Arbitrary<string> = fc
  .tuple(
    fc.boolean().chain((valid) => fc.tuple(fc.constant(valid), fc.array(fc.tuple(line(valid), eol), { maxLength: 40 }))),
    fc.tuple(indent, sectionName).map(([i, n]) => `${i}[${n}]`),
    fc.oneof({ weight: 4, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constant('\ufeff') }),
    fc.boolean(),
    eol,
  )
  .map(([[valid, lines], first, bom, finalNewline, firstEol]) => {
    const head = valid ? [[first, firstEol] as const] : [];
    const all = [...head, ...lines];
    return bom + all.map(([text, end], i) => text + (i < all.length - 1 || finalNewline ? end : '')).join('');
  });

export type Encoding = 'utf8' | 'utf8-bom' | 'latin1' | 'utf16le-bom' | 'utf16le' | 'utf16be-bom' | 'utf8+bad-bytes';

const BAD_BYTES = [
  [0xed, 0xa0, 0x80], // a lone surrogate (CESU-8 / WTF-8), never valid UTF-8
  [0xc0, 0xaf], // an overlong "/"
  [0xe2, 0x82], // a truncated euro sign
  [0xff],
  [0x00], // NUL: valid UTF-8, but a sign of UTF-16 or a binary file
  [0xe9], // Latin-1 "é"
];

/** The bytes a file's text may be saved as: mostly UTF-8, sometimes another encoding or with a
 * few bad bytes spliced in. */
export const fileBytes: fc.Arbitrary<{ encoding: Encoding; bytes: Buffer; text: string }> = fc
  .tuple(
    iniText,
    fc.oneof(
      { weight: 12, arbitrary: fc.constant<Encoding>('utf8') },
      { weight: 1, arbitrary: fc.constantFrom<Encoding>('utf8-bom', 'latin1', 'utf16le-bom', 'utf16le', 'utf16be-bom', 'utf8+bad-bytes') },
    ),
    fc.nat(),
    fc.constantFrom(...BAD_BYTES),
  )
  .map(([text, encoding, at, bad]) => ({ encoding, text, bytes: encode(text, encoding, at, bad) }));

function encode(text: string, encoding: Encoding, at: number, bad: number[]): Buffer {
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf8-bom':
      return Buffer.from(`\ufeff${text}`, 'utf8');
    case 'latin1':
      return Buffer.from(text, 'latin1');
    case 'utf16le':
      return Buffer.from(text, 'utf16le');
    case 'utf16le-bom':
      return Buffer.from(`\ufeff${text}`, 'utf16le');
    case 'utf16be-bom':
      return Buffer.from(`\ufeff${text}`, 'utf16le').swap16();
    case 'utf8+bad-bytes': {
      const utf8 = Buffer.from(text, 'utf8');
      const i = utf8.length ? at % utf8.length : 0;
      return Buffer.concat([utf8.subarray(0, i), Buffer.from(bad), utf8.subarray(i)]);
    }
  }
}
