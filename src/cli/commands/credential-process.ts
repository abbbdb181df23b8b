import { parseCommandArgs } from '../args';
import { cliContext, type CliIo } from '../io';
import { ONE_ROLE, ROLE_OPTIONS, roleTarget } from './profile-target';
import { cachedOrFreshCredentials } from './role-credentials';

// The hot path: SDKs call this before every client they build. Cached credentials are served
// after reading two small files and one stat (the sign-in's token file is still there); the
// AWS SDK is loaded only when new ones are needed.
export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('credential-process', argv, ROLE_OPTIONS, ONE_ROLE);
  const { role, ...options } = roleTarget('credential-process', positionals, values);
  const output = await cachedOrFreshCredentials(cliContext(io), io, role, options);
  io.stdout(JSON.stringify(output) + '\n');
  return 0;
}
