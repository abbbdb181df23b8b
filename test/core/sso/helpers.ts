// Shared set-up for the sign-in tests: a real fake-aws over HTTP, a temporary HOME, a logger
// that keeps every line (so tests can look for leaked secrets) and a "browser".
import fs from 'node:fs/promises';
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

/** A context on a fresh temp HOME whose opener behaves like a person clicking Approve. */
export async function makeCtx(fake: FakeAws, overrides: Partial<CoreContext> = {}): Promise<TestCtx> {
  const home = (await tempHome('sso')).home;
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

export async function removeHome(t: TestCtx | undefined): Promise<void> {
  if (t) await fs.rm(t.home, { recursive: true, force: true });
}

export { waitFor } from '../../../devkit/wait';

/** Every secret the fake issued that appears in `texts`. */
export function leakedSecrets(fake: FakeAws, texts: string[]): string[] {
  const all = texts.join('\n');
  return fake.issuedSecrets().filter((s) => all.includes(s));
}
