// The set-up the command benchmarks share: the emulator in this process, a temporary HOME, and
// the built command signed in to it (device code, approved in the emulator).

import { startFakeAws, type FakeAws, type FakeAwsOptions } from '../devkit/fake-aws/index';
import { deviceLoginCli } from '../devkit/cli';
import { tempHome } from '../devkit/home';

export interface SignedInHome {
  fake: FakeAws;
  home: string;
  env: Record<string, string>;
  /** ACCOUNT/ROLE of the organisation's first role. */
  role: string;
}

/** Runs `fn` with a signed-in HOME; removes the HOME and stops the emulator afterwards. */
export async function withSignedInHome<T>(options: FakeAwsOptions, fn: (t: SignedInHome) => Promise<T>): Promise<T> {
  const fake = await startFakeAws({ deviceInterval: 0.2, ...options });
  const home = await tempHome();
  try {
    const env = { ...home.env, ...fake.env };
    if ((await deviceLoginCli(fake, env)).code !== 0) throw new Error('bench sign-in failed');
    const role = `${fake.accounts[0]!.accountId}/${fake.accounts[0]!.roles[0]}`;
    return await fn({ fake, home: home.home, env, role });
  } finally {
    await home.cleanup();
    await fake.close();
  }
}
