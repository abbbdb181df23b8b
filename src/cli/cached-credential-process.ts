import { writeSync } from 'node:fs';
import { createContext } from '../core/context';
import { readCredentialProcessCache } from '../core/sessions/credential-process-cache';
import { cacheOf } from './commands/role-cache';

// The entry bin/latchkey.js tries first for `credential-process`: SDKs run it before every
// client they build, so with good cached credentials it answers from a bundle of its own, a
// few dozen kilobytes, without the command bundle, its streams or its logger. It is
// synchronous and loads neither promise-based fs nor node:crypto: each costs more to load than
// the whole answer. Anything else (no cache, an option it does not know, debugging, any error)
// is left to the full command, which reports it.

/** Prints cached credentials, or runs the full command (`runCommand`). */
export function answerOrRunCommand(argv: readonly string[], env: NodeJS.ProcessEnv, runCommand: () => void): void {
  if (!serveCachedCredentials(argv, env)) runCommand();
}

/** True when it printed cached credentials; false to run the full command. */
export function serveCachedCredentials(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  if (argv[0] !== 'credential-process' || env.LATCHKEY_DEBUG) return false;
  const request = parse(argv.slice(1));
  if (!request) return false;
  try {
    const ctx = createContext({ env });
    const source = cacheOf(ctx, request.role, request);
    const cached = readCredentialProcessCache(ctx, source.cacheFile, source.session?.name);
    if (!cached) return false;
    writeSync(1, JSON.stringify(cached) + '\n');
    return true;
  } catch {
    return false;
  }
}

/** `ROLE` or `ROLE --session NAME` (either order); anything else goes to the full parser. */
function parse(args: readonly string[]): { role: string; session?: string } | undefined {
  if (args.length === 1 && !args[0]!.startsWith('-')) return { role: args[0]! };
  if (args.length !== 3) return undefined;
  const at = args.indexOf('--session');
  if (at < 0 || at === 2) return undefined;
  const role = at === 0 ? args[2]! : args[0]!;
  const session = args[at + 1]!;
  if (role.startsWith('-') || session.startsWith('-') || role.includes('/') === false) return undefined;
  return { role, session };
}
