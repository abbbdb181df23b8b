import { parseCommandArgs, stringOption } from '../args';
import { cliContext, type CliIo } from '../io';
import { credentialProcessCachePath, readCredentialProcessCache } from '../../core/sessions/credential-process-cache';
import { resolveSsoSession } from '../../core/sessions/sso-sessions';

// The hot path: SDKs call this before every client they build. Cached credentials are served
// after reading two small files; the AWS SDK is loaded only when new ones are needed.
export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('credential-process', argv, { session: { type: 'string' } }, { min: 1, max: 1, names: 'one ROLE (ACCOUNT/ROLE_NAME)' });
  const ctx = cliContext(io);
  const role = positionals[0]!;
  const session = await resolveSsoSession(ctx, stringOption(values, 'session'));
  const cacheFile = credentialProcessCachePath(ctx, { session: session.name, startUrl: session.startUrl, role });
  const cached = await readCredentialProcessCache(cacheFile, ctx.clock.now());
  if (cached) {
    io.stdout(JSON.stringify(cached) + '\n');
    return 0;
  }
  const { fetchForCredentialProcess } = await import('./credential-process-fetch');
  const output = await fetchForCredentialProcess(ctx, io, session, role, cacheFile);
  io.stdout(JSON.stringify(output) + '\n');
  return 0;
}
