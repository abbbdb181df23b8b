import type { Clock } from '../core/clock';
import { parseRoleKey } from '../shared/role-key';
import type { CatalogView, SignInPromptView, UpdateStatusView } from '../shared/views';
import type { Handlers } from './handlers/types';
import type { RoleEntry, TrayState, WaitingSignIn } from './tray-menu';

// Gathers what the tray shows through the same handlers the window uses, so the menu and the
// popup never disagree. Account names come from catalogs the app has already seen, and the
// sign-ins under way from their prompts.

export class TrayStateSource {
  private readonly accountNames = new Map<string, string>();
  private error: { message: string } | undefined;
  private update: UpdateStatusView | undefined;
  /** Session → the sign-in waiting for the person, in the order they started. */
  private readonly waiting = new Map<string, WaitingSignIn & { expiresAt?: number }>();

  constructor(
    private readonly handlers: Pick<Handlers, 'sessions.list' | 'profiles.list' | 'favorites.get'>,
    private readonly clock: Clock,
  ) {}

  rememberCatalog(catalog: CatalogView): void {
    for (const a of catalog.accounts) this.accountNames.set(`${catalog.session}/${a.accountId}`, a.accountName);
  }

  setError(message: string | undefined): void {
    this.error = message === undefined ? undefined : { message };
  }

  setUpdate(status: UpdateStatusView): void {
    this.update = status;
  }

  signInWaiting(prompt: SignInPromptView): void {
    this.waiting.set(
      prompt.session,
      prompt.kind === 'device' ? { session: prompt.session, userCode: prompt.userCode, expiresAt: prompt.expiresAt } : { session: prompt.session },
    );
  }

  signInEnded(session: string): void {
    this.waiting.delete(session);
  }

  async collect(): Promise<TrayState> {
    const [sessions, activeProfiles, state] = await Promise.all([
      this.handlers['sessions.list'](undefined),
      this.handlers['profiles.list'](undefined),
      this.handlers['favorites.get'](undefined),
    ]);
    const entry = (key: string): RoleEntry | undefined => {
      const role = parseRoleKey(key);
      if (!role) return undefined;
      const accountName = this.accountNames.get(`${role.session}/${role.accountId}`);
      return accountName ? { ...role, accountName } : role;
    };
    const now = this.clock.now();
    // An expired code can no longer be used; its sign-in ends on its own.
    const waiting = [...this.waiting.values()]
      .filter((w) => w.expiresAt === undefined || w.expiresAt > now)
      .map(({ session, userCode }) => (userCode ? { session, userCode } : { session }));
    return {
      now,
      sessions: sessions.map((s) => ({
        name: s.name,
        signedIn: s.signedIn,
        refreshable: s.refreshable,
        ...(s.expiresAt !== undefined ? { expiresAt: s.expiresAt } : {}),
      })),
      activeProfiles,
      favorites: state.favorites.map(entry).filter((e): e is RoleEntry => !!e),
      recents: state.recents.map((r) => entry(r.key)).filter((e): e is RoleEntry => !!e),
      ...(this.error ? { error: this.error } : {}),
      ...(waiting.length ? { waiting } : {}),
      ...(this.update ? { update: this.update } : {}),
    };
  }
}
