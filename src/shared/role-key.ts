// The key that names an Identity Center role in favorites and recents: "session/accountId/roleName".
// Shared by the core (which stores it), main (the tray) and the window.

export interface RoleRef {
  session: string;
  accountId: string;
  roleName: string;
}

export function roleKey(r: RoleRef): string {
  return `${r.session}/${r.accountId}/${r.roleName}`;
}

/** The inverse of roleKey, read from the right because a session name may contain '/'. */
export function parseRoleKey(key: string): RoleRef | undefined {
  const match = /^(.+)\/(\d{12})\/([^/]+)$/.exec(key);
  return match ? { session: match[1]!, accountId: match[2]!, roleName: match[3]! } : undefined;
}
