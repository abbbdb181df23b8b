#!/usr/bin/env node
// `npm run security`: Electronegativity over src/ (TypeScript and TSX are parsed as they are).
// Fails on any HIGH or MEDIUM finding that is not silenced inline, and on any inline silence
// without a reason, and on any file it cannot parse (an unchecked file). Silence a finding on its own line, saying why:
//   shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK -- checked against the allow-list above
// (in JSX, Prettier may move a comment between attributes off the finding's line: silence a one-line handler above the JSX instead). Mind that
// Electronegativity reads a silence on a file's first line as covering the whole file.
//   node scripts/electronegativity.mjs [--input DIR]
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FAILING = new Set(['HIGH', 'MEDIUM']);
const MIN_REASON = 10;

/** Inline silences (`eng-disable CHECK`) that give no reason after `--`. */
export function silencesWithoutReason(dir) {
  const bad = [];
  const walk = (d) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(full);
      } else if (/\.(m?[jt]sx?|html)$/.test(entry.name)) {
        fs.readFileSync(full, 'utf8')
          .split(/\r?\n/)
          .forEach((line, i) => {
            const m = /eng-disable\b(.*)$/.exec(line);
            if (!m) return;
            const reason = /--\s*(.*?)\s*(\*\/|-->|$)/.exec(m[1])?.[1] ?? '';
            if (reason.length < MIN_REASON) bad.push({ file: path.relative(dir, full), line: i + 1, text: line.trim() });
          });
      }
    }
  };
  walk(dir);
  return bad;
}

function electronVersion() {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/electron/package.json'), 'utf8')).version;
}

/** Runs Electronegativity in-process: its findings, and the files it could not parse. */
export async function runElectronegativity(input) {
  const require = createRequire(path.join(ROOT, 'package.json'));
  const initTranslations = require('@doyensec/electronegativity/dist/locales/i18n.js');
  const run = require('@doyensec/electronegativity/dist/runner.js');
  await initTranslations();
  const result = await run(
    {
      input,
      output: undefined,
      isSarif: false,
      customScan: [],
      // The release-list check only informs and needs GitHub; offline it costs ten seconds.
      excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
      severitySet: 'informational',
      confidenceSet: 'tentative',
      isRelative: true,
      isVerbose: false,
      electronUpgrade: undefined,
      electronVersionOverride: electronVersion(),
      parserPlugins: [],
    },
    false,
  );
  const findings = result.issues.map((i) => ({
    check: i.id,
    severity: i.severity.name,
    confidence: i.confidence.name,
    file: i.file,
    location: `${i.location.line}:${i.location.column}`,
    sample: String(i.sample ?? '').trim(),
    url: `https://github.com/doyensec/electronegativity/wiki/${i.id}`,
  }));
  // A file it cannot parse is a file it did not check.
  const unscanned = result.errors.filter((e) => !e.tolerable).map((e) => ({ file: path.relative(input, e.file), message: e.message }));
  return { findings, unscanned };
}

async function main() {
  const at = process.argv.indexOf('--input');
  const input = path.resolve(ROOT, at > 0 ? process.argv[at + 1] : 'src');
  const { findings, unscanned } = await runElectronegativity(input);
  const failing = findings.filter((f) => FAILING.has(f.severity));
  const reasonless = silencesWithoutReason(input);
  for (const f of failing) {
    console.error(`${f.severity} ${f.check} ${f.file}:${f.location}\n    ${f.sample.slice(0, 160)}\n    ${f.url}`);
  }
  for (const s of reasonless) {
    console.error(`SILENCED WITHOUT A REASON ${s.file}:${s.line}\n    ${s.text.slice(0, 160)}\n    add "-- why it is safe" after the check name`);
  }
  for (const u of unscanned) console.error(`NOT SCANNED (parse error) ${u.file}: ${u.message}`);
  const low = findings.length - failing.length;
  console.log(
    `electronegativity: ${findings.length} finding(s) in ${path.relative(ROOT, input) || '.'}/ — ${failing.length} HIGH/MEDIUM not silenced, ${low} LOW/INFORMATIONAL (reported, allowed), ${reasonless.length} silence(s) without a reason, ${unscanned.length} file(s) not scanned`,
  );
  return failing.length || reasonless.length || unscanned.length ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(2);
    },
  );
}
