import { LatchkeyError } from '../errors';

// A lossless model of the AWS config and credentials files. Every line keeps its exact text
// and line ending (a file may mix CRLF, LF and CR), the UTF-8 BOM is kept aside, so toString()
// of an unedited document is the input byte for byte. Edits work on whole sections and touch
// no other line.
//
// Parsing follows Python's configparser.RawConfigParser, which botocore (and so the AWS CLI)
// uses, so we read exactly what the AWS CLI reads and reject only lines it rejects too:
// `=` or `:` delimiters, option names lower-cased, keys with spaces, empty values, `#`/`;`
// comment lines (also indented; no inline comments), a line indented deeper than its key
// continues that key's value (AWS's nested `s3 =` settings), blank and comment lines never end
// a value, `[DEFAULT]` supplies defaults to every section. Where configparser's strict mode
// (and so botocore) rejects a file — duplicate sections, duplicate keys, a BOM — we are more
// lenient: duplicate sections merge and later keys win, as non-strict configparser does.

export type Eol = '' | '\n' | '\r\n' | '\r';

export type LineKind = 'blank' | 'comment' | 'header' | 'key' | 'continuation';

export interface IniLine {
  /** The line without its line ending (and, for the first line, without the BOM). */
  readonly text: string;
  readonly eol: Eol;
  readonly kind: LineKind;
  /** header: the section name as configparser sees it; key: the option name, lower-cased. */
  readonly name?: string;
  /** key: the value on the key's own line, trimmed. */
  readonly value?: string;
}

/** A section's place in the document. */
export interface IniSection {
  readonly name: string;
  /** Index of the header line. */
  readonly start: number;
  /** Exclusive end of the section's own lines: just after its last key or continuation line
   * (or after the header when it has none). Comments and blank lines after that are left to
   * what follows, since they usually describe the next section. */
  readonly end: number;
  /** Index of the next section's header, or the number of lines. */
  readonly next: number;
}

export type IniValues = Record<string, string>;

const BOM = '\ufeff';
const DEFAULT_SECTION = 'DEFAULT';

export class IniDocument {
  private bom: string;
  private parsed: IniLine[];
  private readonly label: string;

  private constructor(bom: string, lines: IniLine[], label: string) {
    this.bom = bom;
    this.parsed = lines;
    this.label = label;
  }

  /** Parses `text`; `label` names the file in error messages (e.g. "~/.aws/credentials"). */
  static parse(text: string, label: string): IniDocument {
    const bom = text.startsWith(BOM) ? BOM : '';
    return new IniDocument(bom, classify(splitLines(text.slice(bom.length)), label), label);
  }

  get lines(): readonly IniLine[] {
    return this.parsed;
  }

  toString(): string {
    return this.bom + this.parsed.map((l) => l.text + l.eol).join('');
  }

  /** The most common line ending (the first seen on a tie); LF for a file with none. */
  get eol(): Exclude<Eol, ''> {
    const counts = new Map<Eol, number>();
    for (const l of this.parsed) if (l.eol) counts.set(l.eol, (counts.get(l.eol) ?? 0) + 1);
    let best: Exclude<Eol, ''> = '\n';
    let bestCount = 0;
    for (const [eol, n] of counts) {
      if (n > bestCount) [best, bestCount] = [eol as Exclude<Eol, ''>, n];
    }
    return best;
  }

  /** Every section header in file order, duplicates included. */
  sections(): IniSection[] {
    const out: IniSection[] = [];
    let current: { name: string; start: number; end: number } | undefined;
    const close = (next: number) => {
      if (current) out.push({ ...current, next });
    };
    this.parsed.forEach((line, i) => {
      if (line.kind === 'header') {
        close(i);
        current = { name: line.name ?? '', start: i, end: i + 1 };
      } else if (current && (line.kind === 'key' || line.kind === 'continuation')) {
        current.end = i + 1;
      }
    });
    close(this.parsed.length);
    return out;
  }

  /** The values as botocore reads them: duplicate sections merged, later keys win, `[DEFAULT]`
   * keys inherited by every section (and not listed itself). Continued values are joined with
   * "\n" as configparser does, so a nested block reads "\nkey = value\n…". */
  values(): Map<string, IniValues> {
    const sections = new Map<string, Map<string, string[]>>();
    let section: Map<string, string[]> | undefined;
    let parts: string[] | undefined;
    for (const line of this.parsed) {
      switch (line.kind) {
        case 'header': {
          const name = line.name ?? '';
          section = sections.get(name) ?? new Map();
          sections.set(name, section);
          parts = undefined;
          break;
        }
        case 'key':
          parts = [line.value ?? ''];
          section?.set(line.name ?? '', parts);
          break;
        case 'continuation':
          parts?.push(pyStrip(line.text));
          break;
        case 'blank':
          // configparser keeps empty lines inside a value (then trims the end of the value).
          parts?.push('');
          break;
        case 'comment':
          break;
      }
    }
    const join = (m: Map<string, string[]> | undefined): IniValues => {
      // No prototype: a key named "__proto__" is a setting like any other, not a setter.
      const out: IniValues = Object.create(null) as IniValues;
      for (const [k, v] of m ?? []) out[k] = pyRstrip(v.join('\n'));
      return out;
    };
    const defaults = join(sections.get(DEFAULT_SECTION));
    const out = new Map<string, IniValues>();
    for (const [name, m] of sections) {
      if (name !== DEFAULT_SECTION) out.set(name, { ...defaults, ...join(m) });
    }
    return out;
  }

  /** Replaces a section's own lines ([start, end)) with `lines` (header first). Lines before and
   * after are untouched; a section ending the file without a newline still does after. */
  replaceSection(section: Pick<IniSection, 'start' | 'end'>, lines: readonly string[]): void {
    // The section's last line keeps its line ending: a line break that did not merge with the
    // next line before (a CR then an LF reads as one CRLF) cannot merge after.
    const lastEol = this.parsed[section.end - 1]?.eol;
    const fresh = this.makeLines(lines, lastEol ?? this.eol);
    this.splice(section.start, section.end - section.start, fresh);
  }

  /**
   * Appends a section (header first) at the end of the file, after a blank separator line
   * unless the file is empty. If the file did not end with a newline, the new section inherits
   * that: the former last line gets one and the new section gets none. removeSection undoes
   * exactly this, so adding then removing a section restores the original bytes.
   */
  appendSection(lines: readonly string[]): void {
    const eol = this.eol;
    const n = this.parsed.length;
    const last = this.parsed[n - 1];
    const endsWithoutNewline = last !== undefined && last.eol === '';
    const fresh = this.makeLines(n > 0 ? ['', ...lines] : lines, endsWithoutNewline ? '' : eol);
    // After a line ending in a lone CR, a blank separator ending in LF would read back as part
    // of a CRLF (and removeSection could not find it): end the separator with a CR as well.
    if (n > 0 && last?.eol === '\r' && fresh[0]) fresh[0] = { ...fresh[0], eol: '\r' };
    const patched = last && endsWithoutNewline ? [{ ...last, eol }] : [];
    this.splice(n - patched.length, patched.length, [...patched, ...fresh]);
  }

  /** Removes a section's lines [start, end) and the blank separator line directly before it,
   * the inverse of appendSection. If the section ended the file without a newline, the line
   * that now ends the file loses its newline. */
  removeSection(section: Pick<IniSection, 'start' | 'end'>): void {
    const endedWithoutNewline = section.end === this.parsed.length && this.parsed[section.end - 1]?.eol === '';
    let start = section.start;
    if (start > 0 && this.parsed[start - 1]?.text === '') start--;
    this.splice(start, section.end - start, []);
    const last = this.parsed[start - 1];
    if (endedWithoutNewline && last && start === this.parsed.length) {
      this.splice(start - 1, 1, [{ ...last, eol: '' }]);
    }
  }

  private makeLines(texts: readonly string[], lastEol: Eol): IniLine[] {
    const eol = this.eol;
    return texts.map((text, i) => {
      if (/[\r\n]/.test(text)) throw new Error('ini: a line must not contain a line break');
      return { text, eol: i === texts.length - 1 ? lastEol : eol, kind: 'blank' as const };
    });
  }

  // Re-classifies the whole document after an edit, so line kinds always mean what the
  // AWS CLI would read; our own lines are always valid, so this cannot throw on them.
  private splice(start: number, deleteCount: number, insert: IniLine[]): void {
    const raw = [...this.parsed];
    raw.splice(start, deleteCount, ...insert);
    this.parsed = classify(raw, this.label);
  }
}

function splitLines(text: string): { text: string; eol: Eol }[] {
  const lines: { text: string; eol: Eol }[] = [];
  const breaks = /\r\n|\r|\n/g;
  let from = 0;
  let m: RegExpExecArray | null;
  while ((m = breaks.exec(text))) {
    lines.push({ text: text.slice(from, m.index), eol: m[0] as Eol });
    from = m.index + m[0].length;
  }
  if (from < text.length) lines.push({ text: text.slice(from), eol: '' });
  return lines;
}

// Whitespace as Python's str.strip() and re's \s see it, which is what configparser trims: JS's
// trim() also strips U+FEFF but keeps U+001C–U+001F and U+0085, so a key could read differently.
const PY_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_LEADING = new RegExp(`^[${PY_SPACE}]+`);
const PY_NON_SPACE = new RegExp(`[^${PY_SPACE}]`);

function pyRstrip(s: string): string {
  // A loop, not /[…]+$/: a regex anchored at the end backtracks on every run of spaces.
  let end = s.length;
  while (end > 0 && !PY_NON_SPACE.test(s[end - 1] as string)) end--;
  return s.slice(0, end);
}

function pyStrip(s: string): string {
  return pyRstrip(s.replace(PY_LEADING, ''));
}

/** configparser's OPTCRE, `(.*?)\s*[=:]\s*(.*)$`: the name is everything before the first `=`
 * or `:`, trimmed, the value everything after it. Split by hand: that regex takes quadratic time
 * on a long run of spaces (1 MB of them hung the reader), and JS's `.` stops at U+2028 where
 * Python's does not. */
function splitOption(stripped: string): { name: string; value: string } | undefined {
  const at = stripped.search(/[=:]/);
  return at < 0 ? undefined : { name: pyRstrip(stripped.slice(0, at)), value: pyStrip(stripped.slice(at + 1)) };
}

/** Classifies lines exactly as configparser's _read walks them. */
function classify(lines: readonly { text: string; eol: Eol }[], label: string): IniLine[] {
  let inSection = false;
  let inValue = false; // a key was seen since the last header: deeper lines continue it
  let indentLevel = 0;
  return lines.map(({ text, eol }, i): IniLine => {
    const stripped = pyStrip(text);
    if (stripped.startsWith('#') || stripped.startsWith(';')) return { text, eol, kind: 'comment' };
    if (!stripped) return { text, eol, kind: 'blank' };
    const indent = text.search(PY_NON_SPACE);
    if (inSection && inValue && indent > indentLevel) return { text, eol, kind: 'continuation' };
    indentLevel = indent;
    const close = stripped.lastIndexOf(']');
    if (stripped.startsWith('[') && close >= 2) {
      inSection = true;
      inValue = false;
      return { text, eol, kind: 'header', name: stripped.slice(1, close) };
    }
    const lineNo = i + 1;
    const option = splitOption(stripped);
    if (!option || !inSection) {
      const what =
        stripped.startsWith('[') && close < 0
          ? 'a section header is missing its closing `]`'
          : !option
            ? 'expected `key = value` or `[section]`'
            : 'a setting comes before any `[section]` header';
      throw malformed(label, lineNo, what);
    }
    const name = option.name.toLowerCase();
    if (!name) throw malformed(label, lineNo, 'a setting has no name before its `=`');
    inValue = true;
    return { text, eol, kind: 'key', name, value: option.value };
  });
}

// The message names the file and line but never quotes the line: it might hold a secret.
function malformed(label: string, lineNo: number, what: string): LatchkeyError {
  return new LatchkeyError('BAD_CONFIG_FILE', `${label} line ${lineNo}: ${what}.`, {
    hint: `Fix or remove line ${lineNo} of ${label} (the AWS CLI cannot read it either), then try again. Latchkey has not changed the file.`,
  });
}

/** botocore's nested settings (`s3 =` then indented `key = value` lines) as a record. */
export function parseNestedValue(value: string): IniValues {
  const out: IniValues = {};
  for (const line of value.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out;
}

/** Python's shlex.split (POSIX mode), which botocore uses on `[profile NAME]`-style headers;
 * undefined where shlex raises (an unclosed quote, a trailing backslash). */
export function shlexSplit(s: string): string[] | undefined {
  const out: string[] = [];
  let token = '';
  let inToken = false;
  for (let i = 0; i < s.length;) {
    const c = s[i] as string;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      if (inToken) out.push(token);
      [token, inToken, i] = ['', false, i + 1];
      continue;
    }
    inToken = true;
    if (c === "'") {
      const close = s.indexOf("'", i + 1);
      if (close < 0) return undefined;
      token += s.slice(i + 1, close);
      i = close + 1;
    } else if (c === '"') {
      for (i++; ;) {
        if (i >= s.length) return undefined;
        const d = s[i] as string;
        if (d === '"') {
          i++;
          break;
        }
        const escaped = d === '\\' && (s[i + 1] === '"' || s[i + 1] === '\\');
        token += escaped ? s[i + 1] : d;
        i += escaped ? 2 : 1;
      }
    } else if (c === '\\') {
      if (i + 1 >= s.length) return undefined;
      token += s[i + 1];
      i += 2;
    } else {
      token += c;
      i++;
    }
  }
  if (inToken) out.push(token);
  return out;
}
