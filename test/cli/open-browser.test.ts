import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAws, type FakeAws } from '../../devkit/fake-aws';
import { startCli } from '../../devkit/cli';
import { tempHome } from '../../devkit/home';
import { waitFor } from '../../devkit/wait';

// The command is one CommonJS bundle and `open` (v11) is ESM-only: with BROWSER unset,
// `latchkey login` must still load it and open the system browser. On Linux `open` runs
// xdg-open, which (no desktop, no DISPLAY) tries `www-browser`: a stub of that name records the
// URL instead of opening anything. Other platforms would open a real browser, so Linux only.
// The machine running the tests may have no display or be a container, where the sign-in would
// pick the device code: LATCHKEY_SIGNIN_FLOW=pkce asks for the browser regardless.
describe.runIf(process.platform === 'linux')('latchkey login without BROWSER', () => {
  let fake: FakeAws;
  beforeAll(async () => {
    fake = await startFakeAws({ accounts: 1 });
  });
  afterAll(async () => {
    await fake.close();
  });

  it('opens the sign-in page with the system browser through the open package', async () => {
    const { home, env, cleanup } = await tempHome();
    try {
      const bin = path.join(home, 'bin');
      const opened = path.join(home, 'opened.txt');
      await fs.mkdir(bin);
      await fs.writeFile(path.join(bin, 'www-browser'), `#!/bin/sh\nprintf '%s\\n' "$@" >> '${opened}'\n`, { mode: 0o755 });
      const run = startCli(['login', '--start-url', fake.startUrl, '--region', fake.region], {
        ...env,
        ...fake.env,
        PATH: `${bin}:${env.PATH}`,
        LATCHKEY_SIGNIN_FLOW: 'pkce',
      });
      try {
        const url = await waitFor(
          async () => (await fs.readFile(opened, 'utf8').catch(() => '')).trim() || undefined,
          15_000,
          'the stub browser to be started',
        );
        expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/authorize\?/);
        expect(run.stderrSoFar()).not.toMatch(/ERR_REQUIRE_ESM|unexpected error/);
      } finally {
        run.child.kill();
        await run.done;
      }
    } finally {
      await cleanup();
    }
  });
});
