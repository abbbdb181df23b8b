// What the figures were measured on, printed above the table: the same figures on another
// machine differ, and a reader must be able to tell.

import fs from 'node:fs';
import os from 'node:os';

function osName(): string {
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(fs.readFileSync('/etc/os-release', 'utf8'))?.[1];
    if (pretty) return `${pretty} (${os.type()} ${os.release()})`;
  } catch {
    // not Linux, or no os-release
  }
  return `${os.type()} ${os.release()}`;
}

export function describeMachine(): string[] {
  const cpus = os.cpus();
  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  return [
    `CPU: ${cpus[0]?.model.trim() ?? 'unknown'} × ${cpus.length} cores (os.cpus)`,
    `RAM: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `OS: ${osName()} ${os.arch()}`,
    `Node: ${process.version}${process.env.BENCH_NODE ? `; spawned commands run ${process.env.BENCH_NODE}` : ' (this process and every spawned command)'}`,
    `Load average at start: ${load}`,
  ];
}
