import { parseCommandArgs, stringOption } from '../args';
import { cliContext, type CliIo } from '../io';
import { assertOptionsApply } from './profile-target';
import { cachedOrFreshCredentials } from './role-credentials';

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
  const options = { session: stringOption(values, 'session'), mfaCode: stringOption(values, 'mfa-code') };
  assertOptionsApply('credential-process', role, options);
  const output = await cachedOrFreshCredentials(cliContext(io), io, role, options);
  io.stdout(JSON.stringify(output) + '\n');
  return 0;
}
