import { IniDocument } from './ini';

// Latchkey reads the config and credentials files the way non-strict configparser would, so a
// file with a duplicate section or key, or a byte order mark, still works here. The AWS CLI
// reads them with strict configparser.RawConfigParser (botocore/configloader.py
// raw_config_parse) and refuses the whole file ("Unable to parse config file") on the first
// such line, and on a nested block (`s3 =` then indented lines) with a line that has no "="
// (_parse_nested). This finds that first line, so a write can warn that the AWS CLI, unlike
// Latchkey, cannot read the file.

export interface AwsCliRefusal {
  /** 1-based, as configparser counts. */
  line: number;
  what: string;
}

const DEFAULT_SECTION = 'DEFAULT';

/** Where and why the AWS CLI refuses `text`, or undefined when it reads it. */
export function awsCliRefusal(text: string, label: string): AwsCliRefusal | undefined {
  // No line can be named in a file Latchkey cannot parse itself (the caller never writes one).
  let doc: IniDocument;
  try {
    doc = IniDocument.parse(text, label);
  } catch {
    return undefined;
  }
  if (text.startsWith('\ufeff')) return { line: 1, what: 'it starts with a byte order mark (BOM), which the AWS CLI reads as part of the first line' };
  const sections = new Set<string>();
  const keys = new Set<string>();
  let section: string | undefined;
  let nested: { line: number } | undefined; // a key whose value is a nested block
  for (const [i, l] of doc.lines.entries()) {
    const line = i + 1;
    if (l.kind === 'header') {
      nested = undefined;
      section = l.name ?? '';
      // configparser keeps reading [DEFAULT] into one place; a repeated key there is still refused.
      if (section !== DEFAULT_SECTION) {
        if (sections.has(section)) return { line, what: `the section [${section}] appears a second time` };
        sections.add(section);
      }
    } else if (l.kind === 'key' && section !== undefined) {
      const id = `${section}\u0000${l.name ?? ''}`;
      if (keys.has(id)) return { line, what: `"${l.name}" appears a second time in [${section}]` };
      keys.add(id);
      nested = l.value === '' ? { line } : undefined;
    } else if (l.kind === 'continuation' && nested && !l.text.includes('=')) {
      return { line, what: 'a line of a nested setting has no "="' };
    }
  }
  return undefined;
}

/** The one-line warning for a write that left `text` in `label`; undefined when the AWS CLI reads it. */
export function awsCliRefusalWarning(text: string, label: string): string | undefined {
  const refusal = awsCliRefusal(text, label);
  if (!refusal) return undefined;
  return `${label} line ${refusal.line}: ${refusal.what}, so the AWS CLI and botocore cannot read this file (Latchkey can). Fix that line to use it with them.`;
}
