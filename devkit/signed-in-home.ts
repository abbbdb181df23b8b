// The emulator, a temporary HOME and the built command signed in to it (device code, approved
// in the emulator): what the command's tests and benchmarks start from.

import { startFakeAws, type FakeAws, type FakeAwsOptions } from './fake-aws/index';
import { deviceLoginCli } from './cli';
import { tempHome } from './home';

export interface SignedInHome {
  fake: FakeAws;
  home: string;
  env: Record<string, string>;
  /** ACCOUNT/ROLE of the organisation's first role. */
  role: string;
  /** Removes the HOME and stops the emulator. */
  close(): Promise<void>;
}

export interface SignedInHomeOptions {
  /** Names the temporary HOME (tempHome's label). */
  label?: string;
  /** Joins the command's environment (after the HOME's and the emulator's). */
  env?: Record<string, string>;
}

/** Starts the emulator and signs the command in from a new HOME; throws if the sign-in fails. */
export async function startSignedInHome(options: FakeAwsOptions, more: SignedInHomeOptions = {}): Promise<SignedInHome> {
  const fake = await startFakeAws({ deviceInterval: 0.2, ...options });
  const home = await tempHome(more.label);
  const close = async () => {
    await home.cleanup();
    await fake.close();
  };
  try {
    const env = { ...home.env, ...fake.env, ...more.env };
    await signInCli(fake, env);
    return { fake, home: home.home, env, role: firstRole(fake), close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Signs the built command in from the HOME `env` names; throws, with the command's first line, if it fails. */
export async function signInCli(fake: FakeAws, env: Record<string, string>, extraArgs: string[] = []): Promise<void> {
  const login = await deviceLoginCli(fake, env, extraArgs);
  if (login.code !== 0) throw new Error(`sign-in failed (exit ${login.code}): ${login.stderr.split('\n')[0]}`);
}

/** ACCOUNT/ROLE of the emulator's first role. */
export const firstRole = (fake: FakeAws): string => `${fake.accounts[0]!.accountId}/${fake.accounts[0]!.roles[0]}`;

/** Runs `fn` with a signed-in HOME; removes the HOME and stops the emulator afterwards. */
export async function withSignedInHome<T>(options: FakeAwsOptions, fn: (t: SignedInHome) => Promise<T>): Promise<T> {
  const t = await startSignedInHome(options);
  try {
    return await fn(t);
  } finally {
    await t.close();
  }
}
