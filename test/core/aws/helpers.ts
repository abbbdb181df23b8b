import path from 'node:path';
import * as peers from '../../../devkit/peers';
import { pythonEnv, runAws, skipNote } from '../../../devkit/peers';

// The AWS CLI as a reader of the files the core writes, for the file tests.

/** Whether the AWS CLI is on PATH (the node machines ship v1 with botocore). */
export function hasAwsCli(): boolean {
  skipNote('the AWS CLI (aws)', peers.hasAwsCli);
  return peers.hasAwsCli;
}

/** `aws ARGS` against the given files in an isolated HOME: its trimmed stdout, or a throw with its stderr. */
export async function awsOutput(home: string, files: { credentials?: string; config?: string }, args: string[]): Promise<string> {
  const r = await runAws(args, {
    PATH: process.env.PATH ?? '',
    HOME: home,
    ...pythonEnv(),
    AWS_SHARED_CREDENTIALS_FILE: files.credentials ?? path.join(home, 'no-credentials'),
    AWS_CONFIG_FILE: files.config ?? path.join(home, 'no-config'),
  });
  if (r.code !== 0) throw new Error(`aws ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout.trim();
}
