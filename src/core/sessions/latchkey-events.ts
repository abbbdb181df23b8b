import { EventEmitter } from 'node:events';
import { LatchkeyError } from '../errors';
import type { SyncProgress } from '../sso/catalog-sync';
import type { CatalogView } from '../types';
import type { ActiveProfile } from './state-store';

// What the core tells its host while it works: one emitter shared by the sign-in sessions,
// the catalog, the active profiles and the refresh loop.

export type LatchkeyEvents = {
  'sessions-changed': [];
  'sync-progress': [{ session: string; progress: SyncProgress }];
  'catalog-updated': [CatalogView];
  /** A sync's catalog so far (its `pending` accounts have no roles yet); 'catalog-updated' ends it. */
  'catalog-partial': [CatalogView];
  'profiles-changed': [ActiveProfile[]];
  'profile-refreshed': [ActiveProfile];
  'expiry-warning': [{ kind: 'profile' | 'session'; name: string; expiresAt: number }];
  'sign-in-needed': [{ session: string }];
  /** A background failure; `session` or `profile` says what it concerns, when one thing does. */
  error: [ErrorEvent];
};

export type ErrorEvent = { code: string; message: string; session?: string; profile?: string };

export class LatchkeyEmitter extends EventEmitter<LatchkeyEvents> {}

/** Any thrown thing as a LatchkeyError: an unexpected one becomes AWS_ERROR with its message. */
export function toLatchkeyError(err: unknown): LatchkeyError {
  if (err instanceof LatchkeyError) return err;
  return new LatchkeyError('AWS_ERROR', String((err as Error)?.message ?? err));
}

/** A background failure as the 'error' event's payload, naming what it concerns. */
export function errorEvent(err: unknown, about: { session?: string; profile?: string } = {}): ErrorEvent {
  const e = toLatchkeyError(err);
  return { code: e.code, message: e.message, ...about };
}
