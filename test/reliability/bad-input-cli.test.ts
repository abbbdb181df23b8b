import fs from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main';
import { runCli } from '../../devkit/cli';
import { homeEnv, tempHome } from '../../devkit/home';
import { fuzzParameters } from './arbitraries';
import { fileDigests } from './file-digests';
import { iterations, timeoutFor } from './soak';

// Bad input on the command line: start URLs, regions, role names, profile and
// session names, MFA codes and durations that cannot be right. Each is refused with exit 2 and
// one clear line on stderr — no stack, nothing on stdout — before anything is written or AWS
// is asked (the AWS endpoints point at a closed port: reaching them would exit 1). The bulk runs
// the command in-process; a sample spawns the built `latchkey`.

const CONFIG = [
  '[sso-session corp]',
  'sso_start_url = https://corp.awsapps.com/start',
  'sso_region = us-east-1',
  '',
  '[profile ana]',
  'mfa_serial = arn:aws:iam::111122223333:mfa/ana',
  'region = eu-west-1',
  '',
  // Whole numbers AWS refuses. One Python's int() cannot read ('abc', '1e3', '900.5', '3600 s')
  // is not bad input: botocore ignores it, so Latchkey does too, with a warning
  // (test/interop/profile-resolution.test.ts).
  ...['0', '899', '43201', '-900', '+43_201'].flatMap((d, i) => [
    `[profile dur-${i}]`,
    'role_arn = arn:aws:iam::111122223333:role/Deploy',
    'source_profile = ana',
    `duration_seconds = ${d}`,
    '',
  ]),
].join('\n');
const CREDENTIALS = '[ana]\naws_access_key_id = AKIAHANDWRITTEN00001\naws_secret_access_key = hand/written/secret\n';
const BAD_DURATIONS = 5;

let home: string;
let env: Record<string, string>;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ home, env, cleanup } = await tempHome());
  // Anything that got as far as AWS would fail to connect (exit 1), failing these tests.
  env = { ...env, AWS_ENDPOINT_URL: 'http://127.0.0.1:9', BROWSER: 'false' };
  await fs.mkdir(path.join(home, '.aws'));
  await fs.mkdir(path.join(env.LATCHKEY_HOME!, 'logs'), { recursive: true });
  await fs.writeFile(env.AWS_CONFIG_FILE!, CONFIG);
  await fs.writeFile(env.AWS_SHARED_CREDENTIALS_FILE!, CREDENTIALS);
  // In-process commands find the SSO token cache under os.homedir().
  vi.stubEnv('HOME', home);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await cleanup();
});

/** Every file under HOME with a digest of its bytes; Latchkey's own log (LATCHKEY_HOME/logs) may record the refusal. */
const snapshot = () => fileDigests(home, path.join(env.LATCHKEY_HOME!, 'logs'));

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

async function runInProcess(argv: string[]): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env, isTTY: false });
  return { code, stdout, stderr };
}

/** Exit 2, one line starting "latchkey: " that says what is wrong, no stack, no output. */
function expectRefused(r: Outcome, what: RegExp, argv: string[]): void {
  const where = `latchkey ${JSON.stringify(argv).slice(0, 200)}`;
  expect(r.code, `${where}: ${r.stderr}`).toBe(2);
  expect(r.stdout, where).toBe('');
  expect(r.stderr.endsWith('\n'), where).toBe(true);
  expect(r.stderr.trimEnd().split('\n'), where).toHaveLength(1);
  expect(r.stderr, where).toMatch(/^latchkey: /);
  expect(r.stderr, where).toMatch(what);
  expect(r.stderr, where).not.toMatch(/\bat .*\.(m?js|ts):\d+/);
  expect(r.stderr.length, where).toBeLessThan(500);
}

const LONG = 'a'.repeat(100_000);
const START = 'https://corp.awsapps.com/start';
const NEW_START = 'https://other.awsapps.com/start';

const START_URLS = [
  'http://corp.awsapps.com/start',
  'https://',
  'https:///start',
  'corp.awsapps.com/start',
  'javascript:alert(1)',
  'file:///etc/passwd',
  'data:text/html,hi',
  'https://ana:hunter2@corp.awsapps.com/start',
  'https://corp.awsapps.com/st art',
  'https://corp.awsapps.com/start\n[profile evil]',
  `https://${LONG}.awsapps.com/start`,
  'https://ünïcode.awsapps.com/start',
  'https://corp.awsapps.com/start\u0000',
  'https://corp.awsapps.com:99999/start',
  '',
];
const REGIONS = ['', 'US-EAST-1', 'us-east-1\n[evil]', 'us-east-1 ', 'moon-1', 'us_east_1', 'us-east-1;rm -rf ~', LONG, 'us-éast-1', '../us-east-1'];
const PROFILES = ['a b', 'DEFAULT', 'x]', '[x', 'a\nb', '#x', '', 'p'.repeat(65), 'préprod', '\u001b[31mred'];
const SESSIONS = ['bad name', 'a\nb', '', 'x/y', 'naïve', 's'.repeat(200), '[corp]'];
const ROLES = [
  '123456789012/',
  '/Admin',
  '123456789012/Ad min',
  '123456789012/Admin\n[x]',
  `123456789012/${'R'.repeat(65)}`,
  '123456789012/Ädmin',
  '123456789012/Ad\u0000min',
];
const MFA_CODES = ['12', '1234567', 'abcdef', '12345a', '', '１２３４５６', '123-456', LONG];

/** [argv, what the line must say] for every kind of bad value, through each command taking it. */
const CASES: [string[], RegExp][] = [
  ...START_URLS.map((u): [string[], RegExp] => [['login', '--start-url', u, '--region', 'us-east-1', '--no-browser'], /start URL/]),
  ...REGIONS.flatMap((r): [string[], RegExp][] => [
    [['login', '--start-url', NEW_START, '--region', r, '--no-browser'], /not an AWS region/],
    [['console', '123456789012/Admin', '--region', r, '--print'], /not an AWS region/],
    [['export', '123456789012/Admin', '--region', r], /not an AWS region/],
  ]),
  ...PROFILES.flatMap((p): [string[], RegExp][] => [
    [['use', '123456789012/Admin', '--profile', p], /cannot be used as a profile name/],
    [['unuse', p], /cannot be used as a profile name/],
  ]),
  ...SESSIONS.map((s): [string[], RegExp] => [
    ['login', '--start-url', NEW_START, '--region', 'us-east-1', '--session', s, '--no-browser'],
    /cannot be used as an sso-session name/,
  ]),
  ...ROLES.flatMap((r): [string[], RegExp][] => [
    [['use', r], /role/],
    [['console', r, '--print'], /role/],
    [['export', r], /role/],
  ]),
  ...MFA_CODES.map((c): [string[], RegExp] => [['use', 'ana', '--mfa-code', c, '--profile', 'ana-mfa'], /MFA code is the 6 digits/]),
  [['use', '123456789012/Admin', '--mfa-code', '123456'], /--mfa-code does not apply/],
  [['use', 'ana', '--session', 'corp'], /--session does not apply/],
  [['console', '123456789012/Admin', '--service', '../../etc/passwd', '--print'], /not a console service name/],
  ...Array.from({ length: BAD_DURATIONS }, (_, i): [string[], RegExp] => [
    ['use', `dur-${i}`, '--profile', `out-${i}`],
    /duration_seconds of \[profile dur-\d\]/,
  ]),
  [['login', '--start-url', START], /--start-url and --region go together/],
  [['use', '123456789012/Admin', '--bogus'], /Unknown option '--bogus'/],
  [['use'], /takes one ROLE/],
];

describe('bad input on the command line', () => {
  it(`refuses ${CASES.length} bad values with exit 2 and one clear line, writing nothing`, async () => {
    for (const [argv, what] of CASES) {
      const before = await snapshot();
      expectRefused(await runInProcess(argv), what, argv);
      expect(await snapshot(), `latchkey ${argv.join(' ').slice(0, 120)} wrote something`).toEqual(before);
    }
  });

  it('never echoes a password in a start URL or more than a short excerpt of a huge value', async () => {
    const r = await runInProcess(['login', '--start-url', 'https://ana:hunter2@corp.awsapps.com/start', '--region', 'us-east-1']);
    expect(r.stderr).not.toContain('hunter2');
    const huge = await runInProcess(['login', '--start-url', NEW_START, '--region', LONG]);
    expect(huge.stderr.length).toBeLessThan(300);
  });

  // Valid values with one character that cannot belong spliced in, for each kind of value.
  // Inside the value, not at its ends: surrounding whitespace is trimmed, as people paste it.
  const spliced = (valid: string, bad: string[]) =>
    fc.tuple(fc.integer({ min: 1, max: valid.length - 1 }), fc.constantFrom(...bad)).map(([at, c]) => valid.slice(0, at) + c + valid.slice(at));
  const JUNK = [' ', '\n', '\r', '\t', '\u0000', '\u001b', '[', ']', '"', '#', ';', 'é', '日', '🔑', '\u2028', '\ufeff', '\\'];
  const generated: [string, fc.Arbitrary<string[]>, RegExp][] = [
    [
      'start URL',
      spliced(
        NEW_START,
        JUNK.filter((c) => !'[]"#;\\'.includes(c)),
      ).map((u) => ['login', '--start-url', u, '--region', 'us-east-1', '--no-browser']),
      /start URL/,
    ],
    [
      'region',
      spliced('eu-west-1', [...JUNK, 'A', '_', '.']).map((r) => ['login', '--start-url', NEW_START, '--region', r, '--no-browser']),
      /not an AWS region/,
    ],
    ['profile name', spliced('prod-admin', JUNK).map((p) => ['use', '123456789012/Admin', '--profile', p]), /cannot be used as a profile name/],
    [
      'session name',
      spliced('my-corp', [...JUNK, '/', ':']).map((s) => ['login', '--start-url', NEW_START, '--region', 'us-east-1', '--session', s]),
      /cannot be used as an sso-session name/,
    ],
    ['role name', spliced('Admin', [...JUNK, '!', '*', '%']).map((r) => ['use', `123456789012/${r}`]), /not a valid role name/],
    [
      'MFA code',
      spliced('123456', [...JUNK.filter((c) => !/\s/.test(c)), '0', 'x', '-']).map((c) => ['use', 'ana', '--mfa-code', c, '--profile', 'ana-mfa']),
      /MFA code/,
    ],
  ];
  for (const [kind, argvs, what] of generated) {
    it(
      `refuses generated bad ${kind}s the same way`,
      async () => {
        await fc.assert(
          fc.asyncProperty(argvs, async (argv) => {
            const before = await snapshot();
            expectRefused(await runInProcess(argv), what, argv);
            expect(await snapshot()).toEqual(before);
          }),
          fuzzParameters(iterations(60, 2_000)),
        );
      },
      timeoutFor(30_000, 600_000),
    );
  }

  it('the built command refuses a sample the same way (exit 2, one line, no stack, nothing written)', async () => {
    const sample = [
      CASES[0]!,
      CASES[7]!,
      CASES[16]!,
      CASES.find(([a]) => a[0] === 'unuse')!,
      CASES.find(([a]) => a.includes('--mfa-code'))!,
      CASES.find(([a]) => a[1] === 'dur-0')!,
    ];
    const spawnEnv = { ...homeEnv(home), AWS_ENDPOINT_URL: 'http://127.0.0.1:9', BROWSER: 'false' };
    for (const [argv, what] of sample) {
      const before = await snapshot();
      expectRefused(await runCli(argv, spawnEnv), what, argv);
      expect(await snapshot()).toEqual(before);
    }
  });
});
