import type { RoleTarget } from '../../../../shared/schemas';
import { entryOfTarget } from '../../catalog/entries';
import { profileEntry, type Entry } from '../../catalog/filter';
import { createStore } from '../create-store';
import type { CatalogSlice } from './catalog';
import type { ConfigProfilesSlice } from './config-profiles';
import type { ConsoleOpenChoice, EntriesSlice } from './entries';

// The question the first console open asks (which mode fits), over whatever view is open:
// from a role's console button, or from the tray's "Open console" (main names the role).

export interface ConsoleQuestion {
  entry: Entry;
  options: ConsoleOpenChoice | undefined;
}

export interface ConsoleQuestionState {
  asked?: ConsoleQuestion;
}

interface Needs {
  catalog: Pick<CatalogSlice, 'store'>;
  configProfiles: Pick<ConfigProfilesSlice, 'store' | 'load'>;
  entries: Pick<EntriesSlice, 'openConsole'>;
}

export function createConsoleQuestion({ catalog, configProfiles, entries }: Needs) {
  const store = createStore<ConsoleQuestionState>({});
  const resolve = (target: RoleTarget) => entryOfTarget(target, catalog.store.get().catalogs, configProfiles.store.get().view);
  return {
    store,
    ask(entry: Entry, options?: ConsoleOpenChoice): void {
      store.update({ asked: { entry, options } });
    },
    /** The tray's question: about a role main named. A config profile the popup has not read
     * yet is read first; one ~/.aws/config no longer has gets main's answer (not found). */
    async askFor(target: RoleTarget): Promise<void> {
      let entry = resolve(target);
      if (!entry) {
        await configProfiles.load();
        entry = resolve(target);
      }
      if (entry) store.update({ asked: { entry, options: undefined } });
      // Main answers for a profile it cannot find either: the failure shows, nothing opens.
      else if (target.kind === 'profile')
        await entries.openConsole(profileEntry({ profile: target.profile, kind: 'assumed-role', mfa: false, chain: [target.profile] }));
    },
    /** Takes the question off screen, with what it was about. */
    take(): ConsoleQuestion | undefined {
      const asked = store.get().asked;
      store.update({ asked: undefined });
      return asked;
    },
  };
}

export type ConsoleQuestionSlice = ReturnType<typeof createConsoleQuestion>;
