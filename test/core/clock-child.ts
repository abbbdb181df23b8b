// Run in a child process by clock.test.ts: one scenario per run, output on stdout. The process
// must stay up exactly as long as the scenario says, so nothing else may keep it alive.
import { systemClock } from '../../src/core/clock';
import { AdaptiveLimiter } from '../../src/core/sso/adaptive-limiter';

const say = (text: string) => process.stdout.write(text);

const scenarios: Record<string, () => Promise<void> | void> = {
  timeout: () => void systemClock.setTimeout(() => say('fired'), 100),
  sleep: () => systemClock.sleep(100).then(() => void say('slept')),
  background: () => void systemClock.setBackgroundTimeout(() => say('fired'), 120_000),
  // The way a throttled command waits: every request queued on the limiter's wake-up timer.
  limiter: async () => {
    const limiter = new AdaptiveLimiter({ clock: systemClock, maxConcurrency: 4, initialRate: 4 });
    for (let i = 0; i < 3; i++) (await limiter.acquire()).release('ok');
    say('acquired 3');
  },
};

void scenarios[process.argv[2]!]!();
