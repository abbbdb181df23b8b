import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCliRefusal, awsCliRefusalWarning } from '../../../src/core/aws/aws-cli-readable';
import { IniDocument } from '../../../src/core/aws/ini';
import { hasAwsCli, skipNote } from '../../../devkit/peers';
import { tempHome } from '../../../devkit/home';

// Which files the AWS CLI refuses (strict configparser in botocore) and Latchkey still reads,
// and the line it trips on. The verdicts are checked against the real `aws`.

skipNote('the AWS CLI (aws), to confirm which files it refuses', hasAwsCli);

const SAMPLES: { name: string; text: string; refused?: { line: number; what: RegExp } }[] = [
  {
    name: 'duplicate section',
    text: '[default]\nregion = us-east-1\n\n[profile a]\nregion = eu-west-1\n[profile a]\noutput = json\n',
    refused: { line: 6, what: /\[profile a\] appears a second time/ },
  },
  {
    name: 'duplicate key',
    text: '[default]\nregion = us-east-1\noutput = json\nregion = eu-west-1\n',
    refused: { line: 4, what: /"region" appears a second time in \[default\]/ },
  },
  {
    name: 'duplicate key in another case',
    text: '[default]\nRegion = us-east-1\nregion = eu-west-1\n',
    refused: { line: 3, what: /"region" appears a second time/ },
  },
  { name: 'byte order mark', text: '\ufeff[default]\nregion = us-east-1\n', refused: { line: 1, what: /byte order mark/ } },
  {
    name: 'a key repeated across two [DEFAULT] sections',
    text: '[DEFAULT]\nregion = a\n[default]\nx = 1\n[DEFAULT]\nregion = b\n',
    refused: { line: 6, what: /"region" appears a second time in \[DEFAULT\]/ },
  },
  {
    name: 'a nested block line without "="',
    text: '[default]\ns3 =\n  max_concurrent_requests = 10\n  oops\n',
    refused: { line: 4, what: /nested setting has no "="/ },
  },
  { name: 'a clean file', text: '[default]\nregion = us-east-1\ns3 =\n  addressing_style = path\n\n[profile a]\nregion = eu-west-1\n' },
  { name: 'the same key in two sections', text: '[a]\nregion = x\n[b]\nregion = y\n' },
  { name: 'two [DEFAULT] sections with different keys', text: '[DEFAULT]\nregion = a\n[DEFAULT]\noutput = json\n[default]\nx = 1\n' },
  { name: 'headers that differ only in spacing', text: '[profile a]\nregion = x\n[profile  a]\noutput = json\n' },
];

let home: string;
beforeAll(async () => {
  home = (await tempHome('aws')).home;
});
afterAll(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

/** Which files botocore refuses, by the function the AWS CLI reads both its files with
 * (botocore.configloader.raw_config_parse), in one Python process. */
function botocoreRefuses(files: string[]): Promise<boolean[]> {
  const script = [
    'import sys, json, botocore.configloader as c, botocore.exceptions as e',
    'out = []',
    'for f in sys.argv[1:]:',
    '    try:',
    '        c.raw_config_parse(f)',
    '        out.append(False)',
    '    except e.ConfigParseError:',
    '        out.append(True)',
    'print(json.dumps(out))',
  ].join('\n');
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-c', script, ...files], { env: { ...process.env, PYTHONWARNINGS: 'ignore' } });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.once('error', reject);
    child.once('close', () => resolve(JSON.parse(stdout) as boolean[]));
  });
}

async function sampleFiles(): Promise<string[]> {
  return Promise.all(
    SAMPLES.map(async (s, i) => {
      const file = path.join(home, `sample-${i}`);
      await fs.writeFile(file, s.text);
      return file;
    }),
  );
}

describe('awsCliRefusal', () => {
  it.each(SAMPLES)('$name', ({ text, refused }) => {
    // Latchkey reads every one of them.
    expect(() => IniDocument.parse(text, 'f').values()).not.toThrow();
    const found = awsCliRefusal(text, 'f');
    if (!refused) return expect(found).toBeUndefined();
    expect(found?.line).toBe(refused.line);
    expect(found?.what).toMatch(refused.what);
  });

  it('words the warning with the file and the line, on one line', () => {
    expect(awsCliRefusalWarning(SAMPLES[0]!.text, '~/.aws/config')).toBe(
      '~/.aws/config line 6: the section [profile a] appears a second time, so the AWS CLI and botocore cannot read this file (Latchkey can). Fix that line to use it with them.',
    );
    expect(awsCliRefusalWarning(SAMPLES[6]!.text, '~/.aws/config')).toBeUndefined();
  });

  it.skipIf(!hasAwsCli)(
    'refuses exactly what botocore refuses, and the AWS CLI stops on such a file',
    async () => {
      const files = await sampleFiles();
      const refused = await botocoreRefuses(files);
      expect(
        SAMPLES.map((s, i) => ({ name: s.name, botocore: refused[i], latchkey: awsCliRefusal(s.text, 'f') !== undefined })).filter(
          (v) => v.botocore !== v.latchkey,
        ),
      ).toEqual([]);
      // The command itself, on one of them: it reads the credentials file with the same function.
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: home,
        AWS_PAGER: '',
        AWS_CONFIG_FILE: path.join(home, 'none'),
        AWS_SHARED_CREDENTIALS_FILE: files[0],
      };
      if (process.env.PYENV_ROOT) env.PYENV_ROOT = process.env.PYENV_ROOT;
      const aws = spawnSync('aws', ['configure', 'list-profiles'], { env, encoding: 'utf8' });
      expect(aws.status).not.toBe(0);
      expect(aws.stderr).toContain(`Unable to parse config file: ${files[0]}`);
    },
    60_000,
  );
});
