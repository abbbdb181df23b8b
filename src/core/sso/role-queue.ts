// The accounts whose roles a sync has yet to list, in the order a person needs them: the one
// they clicked, then their favorites and recents, then what is on screen, then what matches
// their search, then the rest in listing order. Hints change while the sync runs (scrolling,
// typing); an account moves to its new place at once, so the next free request serves it.

export interface RolePriorities {
  /** Accounts the person opened: listed before anything else. */
  first?: readonly string[];
  /** Accounts of favorites and recent roles. */
  preferred?: readonly string[];
  /** Accounts on screen. */
  visible?: readonly string[];
  /** Accounts matching the search. */
  matching?: readonly string[];
}

const TIERS = ['first', 'preferred', 'visible', 'matching'] as const;
const REST = TIERS.length;

export class RoleQueue<T extends { accountId: string }> {
  /** One queue per tier, in insertion order (a Map keeps it); the last one is the rest. */
  private readonly tiers: Map<string, T>[] = Array.from({ length: REST + 1 }, () => new Map<string, T>());
  private readonly tierOf = new Map<string, number>();
  private hinted = new Map<string, number>();

  get size(): number {
    return this.tierOf.size;
  }

  add(item: T): void {
    const tier = this.hinted.get(item.accountId) ?? REST;
    this.tiers[tier]!.set(item.accountId, item);
    this.tierOf.set(item.accountId, tier);
  }

  /** The most urgent account, removed from the queue. */
  take(): T | undefined {
    for (const tier of this.tiers) {
      for (const [id, item] of tier) {
        tier.delete(id);
        this.tierOf.delete(id);
        return item;
      }
    }
    return undefined;
  }

  /** Replaces the hints; queued accounts move to their new tier. */
  prioritise(priorities: RolePriorities): void {
    const next = new Map<string, number>();
    TIERS.forEach((name, tier) => {
      for (const id of priorities[name] ?? []) if (!next.has(id)) next.set(id, tier);
    });
    const touched = new Set([...this.hinted.keys(), ...next.keys()]);
    this.hinted = next;
    // Within a tier the order of the hint is kept (the first visible account first).
    for (const id of [...next.keys(), ...touched]) {
      const from = this.tierOf.get(id);
      const to = next.get(id) ?? REST;
      if (from === undefined || !touched.has(id)) continue;
      touched.delete(id);
      const item = this.tiers[from]!.get(id)!;
      this.tiers[from]!.delete(id);
      this.tiers[to]!.set(id, item);
      this.tierOf.set(id, to);
    }
  }
}
