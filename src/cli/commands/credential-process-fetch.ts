import type { CoreContext } from '../../core/context';
import { toCredentialProcessOutput, writeCredentialProcessCache, type CredentialProcessOutput } from '../../core/sessions/credential-process-cache';
import { SessionManager } from '../../core/sessions/session-manager';
import type { SsoSessionRef } from '../../core/types';
import type { CliIo } from '../io';
import { describePrompt } from './login';

/** No cached credentials: make sure we are signed in (a browser sign-in if the token cannot be
 * refreshed — SDKs call us with no terminal), then fetch, cache and return fresh ones. */
export async function fetchForCredentialProcess(ctx: CoreContext, io: CliIo, session: SsoSessionRef, roleArg: string, cacheFile: string): Promise<CredentialProcessOutput> {
  const manager = new SessionManager(ctx);
  await manager.auth.ensureSignedIn(session, {
    flow: 'pkce',
    openBrowser: true,
    onPrompt: (prompt) => io.stderr(describePrompt(prompt, false)),
  });
  const role = await manager.resolveRole(roleArg, session.name);
  const output = toCredentialProcessOutput(await manager.getRoleCredentials(role));
  await writeCredentialProcessCache(cacheFile, output);
  return output;
}
