import { onTestFinished } from 'vitest';
import { startFakeAws, type FakeAws, type FakeAwsOptions } from '../../devkit/fake-aws/index';

/** The emulator for the running test, closed when the test ends, however it ends. */
export async function startFakeForTest(options?: FakeAwsOptions): Promise<FakeAws> {
  const fake = await startFakeAws(options);
  onTestFinished(() => fake.close());
  return fake;
}
