import { LatchkeyError } from '../../core/errors';
import type { DomainHandlers, HandlerDeps } from './types';
import { toSessionView, toSignInPromptView } from '../ipc/views';

export function sessionHandlers(deps: HandlerDeps): DomainHandlers<'sessions'> {
  const { latchkey } = deps;
  // One sign-in per session at a time, cancellable from the window.
  const signIns = new Map<string, AbortController>();

  return {
    'sessions.list': async () => (await latchkey.sessions.list()).map(toSessionView),

    'sessions.add': async ({ startUrl, region, name }) => {
      const session = await latchkey.sessions.add({ startUrl, region, ...(name ? { name } : {}) });
      return toSessionView(await latchkey.sessions.summary(session));
    },

    'sessions.login': async ({ session: name, flow: asked }) => {
      const session = await latchkey.sessions.resolve(name);
      // The app runs where its display is, so a browser it opens can reach its loopback
      // redirect: 'auto' is the browser unless the setting says device code, and a browser
      // that fails to open switches to the device code.
      const flow = asked !== 'auto' ? asked : deps.settings.get().signInFlow === 'device' ? 'device' : 'pkce';
      signIns.get(name)?.abort();
      const controller = new AbortController();
      signIns.set(name, controller);
      let ok = false;
      try {
        const { expiresAt } = await latchkey.sessions.login(session, {
          flow,
          deviceIfBrowserFails: true,
          signal: controller.signal,
          onPrompt: (prompt) => deps.emit('sign-in-prompt', toSignInPromptView(name, prompt)),
        });
        ok = true;
        return { expiresAt };
      } finally {
        // A sign-in replaced by a newer one to the same session has not ended for the window.
        if (signIns.get(name) === controller) {
          signIns.delete(name);
          deps.emit('sign-in-finished', { session: name, ok });
        }
      }
    },

    'sessions.cancelLogin': async ({ session }) => {
      const controller = signIns.get(session);
      if (!controller) throw new LatchkeyError('NOT_FOUND', `No sign-in to "${session}" is in progress.`);
      controller.abort();
    },

    'sessions.logout': async ({ session: name, unuse }) => {
      await latchkey.sessions.logout(await latchkey.sessions.resolve(name), { unuse: unuse === true });
    },
  };
}
