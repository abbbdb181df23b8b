import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomicSafe } from '../aws/atomic-write';
import { withFileLock } from '../aws/file-lock';
import { latchkeyHome } from '../aws/paths';
import type { CoreContext } from '../context';
import { redact } from '../redact';
import { migrateActiveProfile, type ActiveProfile } from './active-profile';

export type { ActiveProfile, ConfigActiveProfile, SsoActiveProfile } from './active-profile';

export { parseRoleKey, roleKey } from '../../shared/role-key';

// Latchkey's own state (favorites, recents, active profiles, settings), shared by the app and
// the command. Every change is a read-modify-write under a file lock with an atomic replace,
// so two processes never lose each other's update. Broken state is never fatal: it is set
// aside for inspection and rebuilt empty.

export const STATE_VERSION = 1;
export const STATE_FILE_NAME = 'state.json';

export interface AppState {
  version: 1;
  /** Role keys ("session/accountId/roleName"), in the order they were added. */
  favorites: string[];
  /** Most recent first, at most MAX_RECENTS. */
  recents: { key: string; usedAt: number }[];
  activeProfiles: ActiveProfile[];
  settings?: Record<string, unknown>;
}

export function emptyState(): AppState {
  return { version: STATE_VERSION, favorites: [], recents: [], activeProfiles: [] };
}

type Loaded = { state: AppState } | { broken: string };

export function stateFilePath(ctx: CoreContext): string {
  return path.join(latchkeyHome(ctx), STATE_FILE_NAME);
}

/** The state on disk, synchronously and read-only (`latchkey status` answered by its small
 * entry); undefined when it is broken, which only StateStore.read() handles (it sets it aside). */
export function readStateSync(ctx: CoreContext): AppState | undefined {
  let text: string;
  try {
    text = readFileSync(stateFilePath(ctx), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
    throw err;
  }
  const loaded = parseStateText(text);
  return 'state' in loaded ? loaded.state : undefined;
}

export class StateStore {
  readonly file: string;

  constructor(private readonly ctx: CoreContext) {
    this.file = stateFilePath(ctx);
  }

  /** The current state; an empty one when there is none yet or it was broken (then set aside). */
  async read(): Promise<AppState> {
    const loaded = await this.load();
    if ('state' in loaded) return loaded.state;
    // Set it aside under the lock, so a writer that just fixed it is not undone.
    return withFileLock(this.file, () => this.loadOrRebuild());
  }

  /**
   * Applies `mutate` to the latest state on disk and writes the result, all under the lock.
   * `mutate` may change the state in place or return a new one.
   */
  async update(mutate: (s: AppState) => AppState | void): Promise<AppState> {
    return withFileLock(this.file, async () => {
      const current = await this.loadOrRebuild();
      const next = normalizeState(mutate(current) ?? current);
      await writeFileAtomicSafe(this.file, serialize(this.ctx, next));
      return next;
    });
  }

  private async loadOrRebuild(): Promise<AppState> {
    const loaded = await this.load();
    if ('state' in loaded) return loaded.state;
    await this.setAside(loaded.broken);
    return emptyState();
  }

  private async load(): Promise<Loaded> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: emptyState() };
      throw err;
    }
    return parseStateText(text);
  }

  private async setAside(why: string): Promise<void> {
    const target = await freeName(`${this.file}.corrupt-${this.ctx.clock.now()}`);
    try {
      await fs.rename(this.file, target);
    } catch (err) {
      // Already moved by another process: nothing left to set aside.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      return;
    }
    this.ctx.logger.warn(`state: ${this.file} could not be used (${why}); it was moved to ${target} and Latchkey starts afresh`);
  }
}

function parseStateText(text: string): Loaded {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { broken: 'it is not valid JSON' };
  }
  return parseState(raw);
}

/** Validates what was on disk. Wrong shape at the top is "broken"; bad entries are dropped. */
function parseState(raw: unknown): Loaded {
  if (!isRecord(raw)) return { broken: 'it is not a JSON object' };
  if (raw.version !== STATE_VERSION) return { broken: `its version is ${JSON.stringify(raw.version) ?? 'missing'}, expected ${STATE_VERSION}` };
  for (const field of ['favorites', 'recents', 'activeProfiles'] as const) {
    if (raw[field] !== undefined && !Array.isArray(raw[field])) return { broken: `"${field}" is not a list` };
  }
  if (raw.settings !== undefined && !isRecord(raw.settings)) return { broken: '"settings" is not an object' };
  // Unknown top-level fields are kept, so a newer app's additions survive an older command.
  return { state: normalizeState({ ...raw, ...emptyState(), ...pickLists(raw) } as AppState) };
}

function pickLists(raw: Record<string, unknown>): Partial<AppState> {
  const out: Partial<AppState> = {};
  if (Array.isArray(raw.favorites)) out.favorites = raw.favorites as string[];
  if (Array.isArray(raw.recents)) out.recents = raw.recents as AppState['recents'];
  if (Array.isArray(raw.activeProfiles)) out.activeProfiles = raw.activeProfiles as ActiveProfile[];
  if (isRecord(raw.settings)) out.settings = raw.settings;
  return out;
}

export const MAX_RECENTS = 20;

/** Drops malformed entries and duplicates and caps the recents, whatever wrote the state. */
export function normalizeState(state: AppState): AppState {
  const favorites = unique(state.favorites.filter((k): k is string => typeof k === 'string' && k !== ''));
  const seen = new Set<string>();
  const recents = state.recents
    .filter((r) => isRecord(r) && typeof r.key === 'string' && r.key !== '' && Number.isFinite(r.usedAt))
    .sort((a, b) => b.usedAt - a.usedAt)
    .filter((r) => !seen.has(r.key) && seen.add(r.key))
    .slice(0, MAX_RECENTS)
    .map((r) => ({ key: r.key, usedAt: r.usedAt }));
  const profiles = new Map<string, ActiveProfile>();
  for (const raw of state.activeProfiles as unknown[]) {
    const p = migrateActiveProfile(raw);
    if (p) profiles.set(`${p.credentialsFile ?? ''}\0${p.profile}`, p);
  }
  return { ...state, version: STATE_VERSION, favorites, recents, activeProfiles: [...profiles.values()] };
}

/** The state never holds a secret; should one slip into free-form settings, it is masked. */
function serialize(ctx: CoreContext, state: AppState): string {
  const text = JSON.stringify(state, null, 2) + '\n';
  const safe = redact(text);
  if (safe !== text) ctx.logger.warn('state: a value that looks like a secret was masked before saving the app state');
  return safe;
}

async function freeName(base: string): Promise<string> {
  for (let i = 0; ; i++) {
    const candidate = i === 0 ? base : `${base}-${i}`;
    try {
      await fs.access(candidate);
    } catch {
      return candidate;
    }
  }
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
