import { listManagedProfiles } from '../aws/credentials-file';
import { awsPaths } from '../aws/paths';
import type { CoreContext } from '../context';
import type { ActiveProfile, StateStore } from './state-store';

// Kept apart from ActiveProfiles so `latchkey status` can list them without loading the AWS SDK.

/** Active profiles of this credentials file, limited to those whose section is still there. */
export async function listActiveProfiles(ctx: CoreContext, store: StateStore): Promise<ActiveProfile[]> {
  const credentialsFile = awsPaths(ctx).credentialsFile;
  const [state, managed] = await Promise.all([store.read(), listManagedProfiles(credentialsFile)]);
  const present = new Set(managed.map((m) => m.profile));
  return state.activeProfiles.filter((p) => present.has(p.profile) && (p.credentialsFile ?? credentialsFile) === credentialsFile);
}
