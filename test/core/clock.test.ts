import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../../devkit/cli';

// A command's process ends when nothing keeps Node's event loop busy. Timers that work in progress
// waits on must keep it alive; a background timer must not. Each scenario runs in a process of its
// own, since that is the only place the difference shows.
// A process still running after 60 s is killed (status null): the background timer is 2 minutes.
function run(scenario: string): { stdout: string; status: number | null } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO, 'test/core/clock-child.ts'), scenario], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { stdout: r.stdout, status: r.status };
}

describe('systemClock', () => {
  it('keeps the process alive for a pending setTimeout and sleep', () => {
    expect(run('timeout')).toMatchObject({ stdout: 'fired', status: 0 });
    expect(run('sleep')).toMatchObject({ stdout: 'slept', status: 0 });
  });

  it('keeps the process alive while requests wait on the adaptive limiter’s pacing', () => {
    expect(run('limiter')).toMatchObject({ stdout: 'acquired 3', status: 0 });
  });

  it('lets the process end with a background timer pending', () => {
    expect(run('background')).toEqual({ stdout: '', status: 0 });
  });
});
