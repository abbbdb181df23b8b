import { describe, expect, it } from 'vitest';
import { isLatchkeyError, LatchkeyError } from '../../../src/core/errors';
import { IniDocument, parseNestedValue, shlexSplit } from '../../../src/core/aws/ini';
import { handWrittenCredentials } from '../../../devkit/credentials-files';

const parse = (text: string) => IniDocument.parse(text, '~/.aws/credentials');

function parseError(text: string): LatchkeyError {
  try {
    parse(text);
  } catch (err) {
    if (isLatchkeyError(err)) return err;
    throw err;
  }
  throw new Error('expected a parse error');
}

describe('IniDocument round trip', () => {
  const samples: Record<string, string> = {
    empty: '',
    'only a BOM': '\ufeff',
    'BOM and CRLF': '\ufeff[a]\r\nx = 1\r\n',
    'no trailing newline': '[a]\nx = 1',
    'mixed endings, lone CR': '[a]\r\nx=1\n# c\r[b]\ny : 2\r\n\r\n',
    'blank and whitespace lines': '\n  \n\t\n[a]\n\n  \nx=1\n\n',
    'nested s3 settings': '[profile p]\ns3 =\n  max_concurrent_requests = 10\n  multipart_threshold = 64MB\nregion = us-east-1\n',
    'duplicate sections and keys': '[a]\nx=1\n[b]\n[a]\nx=2\nx=3\n',
    'comments of both kinds, indented': '# top\n; top\n[a]\n  # in\n\t; in\nx = 1 # not an inline comment\n',
    'a hand-written credentials file': handWrittenCredentials(50),
  };
  for (const [name, text] of Object.entries(samples)) {
    it(`returns the input exactly: ${name}`, () => {
      expect(parse(text).toString()).toBe(text);
    });
  }
});

describe('IniDocument reading (as botocore reads)', () => {
  it('reads `=` and `:` with any spacing, lower-cases keys, keeps empty values and keys with spaces', () => {
    const doc = parse('[a]\nAWS_Access_Key_Id=AK\nmy key : v:w=x\nempty =\nspaced\t=\t  v  \n');
    expect(doc.values().get('a')).toEqual({ aws_access_key_id: 'AK', 'my key': 'v:w=x', empty: '', spaced: 'v' });
  });

  it('continues a value on deeper-indented lines, across blank and comment lines', () => {
    const doc = parse('[a]\nregion = us\n   out = json\n\n  more\n# c\n    after\n[b]\ns3 =\n  m = 10\n');
    const values = doc.values();
    // These are exactly botocore's raw_config_parse results for the same text.
    expect(values.get('a')).toEqual({ region: 'us\nout = json\n\nmore\nafter' });
    expect(values.get('b')).toEqual({ s3: '\nm = 10' });
    expect(parseNestedValue(values.get('b')?.s3 ?? '')).toEqual({ m: '10' });
  });

  it('treats an indented header after a setting as a continuation, and one after none as a header', () => {
    expect([...parse('[a]\nx=1\n  [b]\ny=1\n').values().keys()]).toEqual(['a']);
    expect([...parse('[a]\n  x=1\n [b]\ny=1\n').values().keys()]).toEqual(['a', 'b']);
  });

  it('keeps section names as written, including inner spaces and `]`', () => {
    expect([...parse('[ sp ] junk\nk=v\n[a]b]\nk=v\n').values().keys()]).toEqual([' sp ', 'a]b']);
  });

  it('merges duplicate sections, later keys winning, and applies [DEFAULT] to every section', () => {
    const doc = parse('[DEFAULT]\nregion = eu-west-1\n[a]\nx=1\ny=1\n[b]\nz=1\n[a]\nx=2\nregion=us-east-1\n');
    expect(doc.values()).toEqual(
      new Map([
        ['a', { region: 'us-east-1', x: '2', y: '1' }],
        ['b', { region: 'eu-west-1', z: '1' }],
      ]),
    );
  });

  it('lists every section header with its own lines', () => {
    const doc = parse('# c\n[a]\nx=1\n  cont\n# about b\n\n[b]\n');
    expect(doc.sections()).toEqual([
      { name: 'a', start: 1, end: 4, next: 6 },
      { name: 'b', start: 6, end: 7, next: 7 },
    ]);
  });
});

describe('IniDocument malformed input', () => {
  const cases: [string, string, number, RegExp][] = [
    ['a line that is not a setting', '[a]\nx = 1\ngarbage\n', 3, /expected `key = value` or `\[section\]`/],
    ['an unterminated header', '# c\n[a]\nx=1\n[unterminated\n', 4, /missing its closing `\]`/],
    ['a key before any section', '# c\n\nx = 1\n[a]\n', 3, /before any `\[section\]`/],
    ['a setting with no name', '[a]\n = 1\n', 2, /no name/],
    ['garbage after a CRLF line', '[a]\r\nx=1\r\n\r\nnope\r\n', 4, /expected/],
  ];
  for (const [name, text, line, what] of cases) {
    it(`rejects ${name}, naming the file and the line`, () => {
      const err = parseError(text);
      expect(err.code).toBe('BAD_CONFIG_FILE');
      expect(err.message).toMatch(new RegExp(`^~/\\.aws/credentials line ${line}: `));
      expect(err.message).toMatch(what);
      expect(err.hint).toMatch(/Fix or remove line/);
    });
  }

  it('never quotes the offending line (it could be a pasted secret)', () => {
    const err = parseError('[a]\nwJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n');
    expect(`${err.message} ${err.hint}`).not.toContain('wJalrXUtnFEMI');
  });

  it('accepts what configparser accepts: `[x = y` is a setting inside a section', () => {
    expect(parse('[a]\n[x = y\n').values().get('a')).toEqual({ '[x': 'y' });
  });
});

describe('IniDocument edits', () => {
  const section = ['[new]', 'k = v'];

  it('appends after a blank separator with the dominant line ending, and removal restores the bytes', () => {
    const original = '# hi\r\n[a]\r\nx=1\n[b]\r\ny=2\r\n';
    const doc = parse(original);
    doc.appendSection(section);
    expect(doc.toString()).toBe(`${original}\r\n[new]\r\nk = v\r\n`);
    doc.removeSection(doc.sections()[2]!);
    expect(doc.toString()).toBe(original);
  });

  it('moves a missing final newline to the end of an appended section, and back on removal', () => {
    const original = '\ufeff[a]\nx = 1';
    const doc = parse(original);
    doc.appendSection(section);
    expect(doc.toString()).toBe('\ufeff[a]\nx = 1\n\n[new]\nk = v');
    doc.appendSection(['[other]', 'o = 1']);
    expect(doc.toString()).toBe('\ufeff[a]\nx = 1\n\n[new]\nk = v\n\n[other]\no = 1');
    doc.removeSection(doc.sections()[1]!);
    doc.removeSection(doc.sections()[1]!);
    expect(doc.toString()).toBe(original);
  });

  it('starts an empty file without a separator and can return to empty', () => {
    const doc = parse('');
    doc.appendSection(section);
    expect(doc.toString()).toBe('[new]\nk = v\n');
    doc.removeSection(doc.sections()[0]!);
    expect(doc.toString()).toBe('');
  });

  it('replaces a section in place, leaving the comments that follow it alone', () => {
    const doc = parse('[a]\nx=1\n# about b\n[b]\ny=2');
    doc.replaceSection(doc.sections()[0]!, ['[a]', 'x = 9', 'z = 8']);
    expect(doc.toString()).toBe('[a]\nx = 9\nz = 8\n# about b\n[b]\ny=2');
    doc.replaceSection(doc.sections()[1]!, ['[b]', 'y = 3']);
    expect(doc.toString()).toBe('[a]\nx = 9\nz = 8\n# about b\n[b]\ny = 3');
  });
});

describe('shlexSplit (as botocore splits `[profile NAME]`)', () => {
  it('splits on whitespace and honours quotes', () => {
    expect(shlexSplit('profile dev')).toEqual(['profile', 'dev']);
    expect(shlexSplit('profile  "my dev"')).toEqual(['profile', 'my dev']);
    expect(shlexSplit("profile 'a b' c")).toEqual(['profile', 'a b', 'c']);
    expect(shlexSplit('profile a\\ b')).toEqual(['profile', 'a b']);
    expect(shlexSplit('profile "unclosed')).toBeUndefined();
  });
});
