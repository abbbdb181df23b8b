import { afterAll, beforeAll, beforeEach, onTestFinished } from 'vitest';
import { ManualClock } from '../../../src/core/clock';
import { startFakeAws, type FakeAws, type FakeAwsOptions } from '../../../devkit/fake-aws';
import { startAppUnderTest, type AppUnderTest } from '../app-harness';
import { present } from '../../helpers/per-test';

// What the app-lifecycle tests share: one emulator for the file and the whole main process
// started per test. The test file still calls vi.mock('electron') itself (vitest hoists it
// only there).

type StartOptions = NonNullable<Parameters<typeof startAppUnderTest>[1]>;

export interface AppTestContext {
  readonly aws: FakeAws;
  /** The test's manual clock, which the emulator shares (with `manualClock` only). */
  readonly clock: ManualClock;
  /** Starts the app against the emulator (on the test's clock), closed when the test ends. */
  start(options?: Omit<StartOptions, 'clock'>): Promise<AppUnderTest>;
}

export interface AppTestOptions {
  /**
   * A new manual clock for each test that the emulator and the app both read, with sign-ins
   * lasting 8 hours and role credentials an hour, so a test moves time and things expire.
   */
  manualClock?: boolean;
}

/** Registers the vitest hooks: call it at the test file's top level. */
export function useAppAgainstFake(fakeOptions: FakeAwsOptions, options: AppTestOptions = {}): AppTestContext {
  let aws: FakeAws | undefined;
  let clock: ManualClock | undefined;
  const ctx: AppTestContext = {
    get aws() {
      return present(aws, 'useAppAgainstFake: the emulator is read before it started');
    },
    get clock() {
      return present(clock, 'useAppAgainstFake: no manual clock (pass { manualClock: true }), or read outside a test');
    },
    async start(startOptions = {}) {
      const t = await startAppUnderTest(ctx.aws, { ...startOptions, ...(clock ? { clock } : {}) });
      let closed: Promise<void> | undefined;
      // A test may close the app itself to start another; the app is closed once.
      const close = () => (closed ??= t.close());
      onTestFinished(close);
      return { ...t, close };
    },
  };
  beforeAll(async () => {
    aws = await startFakeAws(options.manualClock ? { ...fakeOptions, now: () => ctx.clock.now() } : fakeOptions);
  });
  afterAll(async () => {
    await aws?.close();
  });
  if (options.manualClock) {
    beforeEach(() => {
      clock = new ManualClock(Date.now());
      ctx.aws.configure({ accessTokenTtlSeconds: 8 * 3600, roleCredentialsTtlSeconds: 3600 });
    });
  }
  return ctx;
}
