import { parseCommandArgs, stringOption } from '../args';
import { cliContext, type CliIo } from '../io';
import { awsPaths } from '../../core/aws/paths';
import { credentialProcessCachePath, readCredentialProcessCache } from '../../core/sessions/credential-process-cache';
import { resolveSsoSession } from '../../core/sessions/sso-sessions';
import { assertOptionsApply, isConfigProfileArg } from './profile-target';

// The hot path: SDKs call this before every client they build. Cached credentials are served
// after reading two small files and one stat (the sign-in's token file is still there); the
// AWS SDK is loaded only when new ones are needed.
export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'credential-process',
    argv,
    { session: { type: 'string' }, 'mfa-code': { type: 'string' } },
    { min: 1, max: 1, names: 'one ROLE (ACCOUNT/ROLE_NAME or a profile of ~/.aws/config)' },
  );
  const role = positionals[0]!;
  assertOptionsApply('credential-process', role, { session: stringOption(values, 'session'), mfaCode: stringOption(values, 'mfa-code') });
  const ctx = cliContext(io);
  if (isConfigProfileArg(role)) {
    // Keyed by the config file too: the same profile name in another AWS_CONFIG_FILE is another profile.
    const cacheFile = credentialProcessCachePath(ctx, { session: '', startUrl: `profile:${awsPaths(ctx).configFile}`, role });
    const cached = await readCredentialProcessCache(ctx, cacheFile);
    if (cached) {
      io.stdout(JSON.stringify(cached) + '\n');
      return 0;
    }
    const { fetchProfileForCredentialProcess } = await import('./credential-process-fetch');
    const output = await fetchProfileForCredentialProcess(ctx, io, role, cacheFile, stringOption(values, 'mfa-code'));
    io.stdout(JSON.stringify(output) + '\n');
    return 0;
  }
  const session = await resolveSsoSession(ctx, stringOption(values, 'session'));
  const cacheFile = credentialProcessCachePath(ctx, { session: session.name, startUrl: session.startUrl, role });
  const cached = await readCredentialProcessCache(ctx, cacheFile, session.name);
  if (cached) {
    io.stdout(JSON.stringify(cached) + '\n');
    return 0;
  }
  const { fetchForCredentialProcess } = await import('./credential-process-fetch');
  const output = await fetchForCredentialProcess(ctx, io, session, role, cacheFile);
  io.stdout(JSON.stringify(output) + '\n');
  return 0;
}
