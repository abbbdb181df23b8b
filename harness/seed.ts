import type { Harness } from './server';

// Shortcuts for the bench, the screenshots and tests that are not about signing in: the same
// core calls the UI makes, with the device code approved at the emulator as a person would.

/** Adds the emulator's SSO session and signs in to it; returns the session name. */
export async function signInAtEmulator(harness: Harness, name?: string): Promise<string> {
  const fake = harness.fake;
  if (!fake) throw new Error('signInAtEmulator needs the harness to run its own emulator');
  const session = await harness.latchkey.sessions.add({ startUrl: fake.startUrl, region: fake.region, ...(name ? { name } : {}) });
  await harness.latchkey.sessions.login(session, {
    flow: 'device',
    openBrowser: false,
    onPrompt: (prompt) => {
      if (prompt.kind === 'device') fake.approveDevice(prompt.userCode);
    },
  });
  return session.name;
}

/** Signs in and syncs the whole catalog into the cache, so the UI opens on a full list. */
export async function signInAndSync(harness: Harness, name?: string): Promise<string> {
  const session = await signInAtEmulator(harness, name);
  await harness.latchkey.catalog.get(await harness.latchkey.sessions.resolve(session), { refresh: true });
  return session;
}

/** Resolves on the next catalog-updated event (e.g. the background sync after the UI opens). */
export function nextCatalogUpdate(harness: Harness, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      harness.latchkey.events.off('catalog-updated', done);
      reject(new Error('no catalog-updated event'));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      harness.latchkey.events.off('catalog-updated', done);
      resolve();
    };
    harness.latchkey.events.on('catalog-updated', done);
  });
}
