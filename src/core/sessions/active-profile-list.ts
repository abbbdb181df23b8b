import { listManagedProfiles, listManagedProfilesSync, type ManagedProfile } from '../aws/credentials-file';
import { awsPaths } from '../aws/paths';
import type { CoreContext } from '../context';
import { readStateSync, type ActiveProfile, type AppState, type StateStore } from './state-store';

// Kept apart from ActiveProfiles so `latchkey status` can list them without loading the AWS SDK.

/** Active profiles of this credentials file, limited to those whose section is still there. */
export async function listActiveProfiles(ctx: CoreContext, store: StateStore): Promise<ActiveProfile[]> {
  const credentialsFile = awsPaths(ctx).credentialsFile;
  const [state, managed] = await Promise.all([store.read(), listManagedProfiles(credentialsFile)]);
  return stillWritten(state, managed, credentialsFile);
}

/** The same, synchronously and read-only (`latchkey status` answered by its small entry);
 * undefined when the state is broken (listActiveProfiles sets it aside). */
export function listActiveProfilesSync(ctx: CoreContext): ActiveProfile[] | undefined {
  const credentialsFile = awsPaths(ctx).credentialsFile;
  const state = readStateSync(ctx);
  return state && stillWritten(state, listManagedProfilesSync(credentialsFile), credentialsFile);
}

function stillWritten(state: AppState, managed: ManagedProfile[], credentialsFile: string): ActiveProfile[] {
  const present = new Set(managed.map((m) => m.profile));
  return state.activeProfiles.filter((p) => present.has(p.profile) && (p.credentialsFile ?? credentialsFile) === credentialsFile);
}
