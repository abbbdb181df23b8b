// Things the person is told once (until what caused them is fixed), not on every refresh.

export type WarningKey =
  /** A sign-in is needed for this session. */
  | { kind: 'sign-in'; session: string }
  /** A sign-in that cannot renew itself is about to end. */
  | { kind: 'session-expiry'; session: string }
  /** An active profile is about to expire without having been refreshed. */
  | { kind: 'profile-expiry'; profile: string }
  /** A config profile's refresh needs an MFA code nobody is there to type. */
  | { kind: 'mfa'; profile: string };

export class RefreshWarnings {
  private readonly given = new Set<string>();

  /** True the first time `key` is warned about; false until it is cleared again. */
  once(key: WarningKey): boolean {
    const id = idOf(key);
    if (this.given.has(id)) return false;
    this.given.add(id);
    return true;
  }

  clear(...keys: WarningKey[]): void {
    for (const key of keys) this.given.delete(idOf(key));
  }
}

function idOf(key: WarningKey): string {
  return JSON.stringify([key.kind, 'session' in key ? key.session : key.profile]);
}
