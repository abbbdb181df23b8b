import { LatchkeyError } from '../../core/errors';
import type { Handlers, HandlerDeps } from './types';
import { toSessionView } from './views';

type SessionHandlers = Pick<Handlers, 'sessions.list' | 'sessions.add' | 'sessions.login' | 'sessions.cancelLogin' | 'sessions.logout'>;

export function sessionHandlers(deps: HandlerDeps): SessionHandlers {
  const { manager } = deps;
  // One sign-in per session at a time, cancellable from the window.
  const signIns = new Map<string, AbortController>();

  return {
    'sessions.list': async () => (await manager.listSessions()).map(toSessionView),

    'sessions.add': async ({ startUrl, region, name }) => {
      const session = await manager.addSession({ startUrl, region, ...(name ? { name } : {}) });
      return toSessionView({ ...session, ...(await manager.auth.status(session)) });
    },

    'sessions.login': async ({ session: name, flow }) => {
      const session = await manager.resolveSession(name);
      signIns.get(name)?.abort();
      const controller = new AbortController();
      signIns.set(name, controller);
      try {
        const { expiresAt } = await manager.login(session, {
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
      await manager.logout(await manager.resolveSession(name), { unuse: unuse === true });
    },
  };
}
