import { LatchkeyError } from '../../core/errors';
import type { DomainHandlers, HandlerDeps } from './types';
import { toSessionView } from '../ipc/views';

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

    'sessions.login': async ({ session: name, flow }) => {
      const session = await latchkey.sessions.resolve(name);
      signIns.get(name)?.abort();
      const controller = new AbortController();
      signIns.set(name, controller);
      try {
        const { expiresAt } = await latchkey.sessions.login(session, {
          flow,
          deviceIfBrowserFails: true,
          signal: controller.signal,
          onPrompt: (prompt) => deps.emit('sign-in-prompt', { session: name, ...prompt }),
        });
        return { expiresAt };
      } finally {
        if (signIns.get(name) === controller) signIns.delete(name);
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
