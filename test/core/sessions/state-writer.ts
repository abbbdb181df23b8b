// Run as a separate process by state-store.test.ts: adds COUNT favorites named after TAG.
import { createContext } from '../../../src/core/context';
import { addFavorite } from '../../../src/core/sessions/favorites';
import { StateStore } from '../../../src/core/sessions/state-store';

async function main(): Promise<void> {
  const [home = '', tag = 'proc', count = '10'] = process.argv.slice(2);
  const store = new StateStore(createContext({ env: { LATCHKEY_HOME: home } }));
  for (let i = 0; i < Number(count); i++) await store.update((s) => addFavorite(s, `${tag}/111122223333/Role${i}`));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
