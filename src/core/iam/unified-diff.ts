// A unified diff of two texts that differ in one contiguous run of lines (what the export
// block edit produces), shown to the person before the file is written.

export function unifiedDiff(before: string, after: string, label: string, context = 3): string {
  if (before === after) return '';
  const a = splitKeepingEnds(before);
  const b = splitKeepingEnds(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) [endA, endB] = [endA - 1, endB - 1];
  const from = Math.max(0, start - context);
  const toA = Math.min(a.length, endA + context);
  const toB = Math.min(b.length, endB + context);
  const lines: string[] = [`--- ${label}`, `+++ ${label}`, `@@ -${range(from, toA - from)} +${range(from, toB - from)} @@`];
  for (let i = from; i < start; i++) lines.push(' ' + show(a[i]!));
  for (let i = start; i < endA; i++) lines.push('-' + show(a[i]!));
  for (let i = start; i < endB; i++) lines.push('+' + show(b[i]!));
  for (let i = endA; i < toA; i++) lines.push(' ' + show(a[i]!));
  return lines.join('\n') + '\n';
}

function range(start: number, count: number): string {
  return count === 1 ? `${start + 1}` : `${count === 0 ? start : start + 1},${count}`;
}

function splitKeepingEnds(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

/** The line without its ending; a missing final newline is marked as diff(1) does. */
function show(line: string): string {
  const body = line.replace(/(\r\n|\r|\n)$/, '');
  return body === line ? `${body}\n\\ No newline at end of file` : body;
}
