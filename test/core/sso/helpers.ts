// Shared set-up for the sign-in tests: a real fake-aws over HTTP, a temporary HOME, a logger
// that keeps every line (so tests can look for leaked secrets) and a "browser".
import { onTestFinished } from 'vitest';
import { browse, type FakeAws } from '../../../devkit/fake-aws/index';
import { createContext, type CoreContext } from '../../../src/core/context';
import { createLogger } from '../../../src/core/log';
import type { SsoSessionRef } from '../../../src/core/types';
import { tempHome } from '../../../devkit/home';

export interface TestCtx {
  ctx: CoreContext;
  home: string;
  lines: string[];
  opened: string[];
}

/** A context on a fresh temp HOME, removed when the running test ends, whose opener behaves
 * like a person clicking Approve. */
export async function makeCtx(fake: FakeAws, overrides: Partial<CoreContext> = {}): Promise<TestCtx> {
  const { home, cleanup } = await tempHome('sso');
  onTestFinished(cleanup);
  const lines: string[] = [];
  const opened: string[] = [];
  const ctx = createContext({
    env: { ...fake.env },
    homedir: home,
    logger: createLogger((line) => lines.push(line), 'debug'),
    openUrl: async (url) => {
      opened.push(url);
      await browse(url, 'approve');
    },
    ...overrides,
  });
  return { ctx, home, lines, opened };
}

export function sessionFor(fake: FakeAws, name = 'work'): SsoSessionRef {
  return { name, startUrl: fake.startUrl, region: fake.region };
}

export { waitFor } from '../../../devkit/wait';
export { startFakeForTest } from '../../helpers/per-test';

/** Every secret the fake issued that appears in `texts`. */
export function leakedSecrets(fake: FakeAws, texts: string[]): string[] {
  const all = texts.join('\n');
  return fake.issuedSecrets().filter((s) => all.includes(s));
}
