import { afterAll, afterEach, beforeAll, beforeEach, onTestFinished } from 'vitest';
import { startFakeAws, type FakeAws, type FakeAwsOptions, type FakeConfigUpdate } from '../../devkit/fake-aws/index';
import { tempHome, type TempHome } from '../../devkit/home';
import { firstRole, signInCli, type SignedInHome } from '../../devkit/signed-in-home';

/** The emulator for the running test, closed when the test ends, however it ends. */
export async function startFakeForTest(options?: FakeAwsOptions): Promise<FakeAws> {
  const fake = await startFakeAws(options);
  onTestFinished(() => fake.close());
  return fake;
}

/** `value`, or a clear error where a hook's value is read before the hook ran. */
export function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(what);
  return value;
}

/** What a command's test runs against: read it inside a test or hook, never at the file's top level. */
export type CliHome = Omit<SignedInHome, 'close'>;

export interface CliHomeOptions {
  /** The emulator, one for the whole file. */
  fake: FakeAwsOptions;
  /** Names each test's temporary HOME (tempHome's label). */
  label?: string;
  /** Set on the emulator before each test, so what one test changed does not reach the next. */
  configure?: FakeConfigUpdate;
  /** Joins the command's environment (after the HOME's and the emulator's); it may name files in the HOME. */
  env?: (home: string) => Record<string, string>;
  /** Writes what each test starts from into the new HOME (config files), before any sign-in. */
  prepare?: (ctx: CliHome) => Promise<void>;
  /** Signs the command in (device code) before each test; a list gives `login` more arguments. */
  signedIn?: boolean | string[];
}

/**
 * One emulator for the file and a new temporary HOME for each test, removed after it; the
 * emulator's counters start at zero in each test. Registers the vitest hooks, so call it at
 * the file's (or a describe's) top level.
 */
export function useCliHome(options: CliHomeOptions): CliHome {
  let fake: FakeAws | undefined;
  let home: TempHome | undefined;
  let env: Record<string, string> | undefined;
  const ctx: CliHome = {
    get fake() {
      return present(fake, 'useCliHome: the emulator is read before it started');
    },
    get home() {
      return present(home, 'useCliHome: the HOME is read outside a test').home;
    },
    get env() {
      return present(env, 'useCliHome: the environment is read outside a test');
    },
    get role() {
      return firstRole(ctx.fake);
    },
  };
  beforeAll(async () => {
    fake = await startFakeAws(options.fake);
  });
  afterAll(async () => {
    await fake?.close();
  });
  beforeEach(async () => {
    home = await tempHome(options.label);
    env = { ...home.env, ...ctx.fake.env, ...options.env?.(home.home) };
    if (options.configure) ctx.fake.configure(options.configure);
    ctx.fake.resetStats();
    await options.prepare?.(ctx);
    if (options.signedIn) await signInCli(ctx.fake, env, Array.isArray(options.signedIn) ? options.signedIn : []);
  });
  afterEach(async () => {
    await home?.cleanup();
    home = undefined;
    env = undefined;
  });
  return ctx;
}
