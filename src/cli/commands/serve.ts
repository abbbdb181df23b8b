import { parseCommandArgs, stringOption } from '../args';
import { cliContext, type CliIo } from '../io';
import { formatEnvironment } from '../../core/aws/env-exports';
import { startCredentialServer } from '../../core/credential-server/credential-server';
import { RenewingCredentials } from '../../core/credential-server/renewing-credentials';
import { LatchkeyError } from '../../core/errors';
import { assertOptionsApply } from './profile-target';
import { freshCredentials, toRoleCredentials } from './role-credentials';

// The credential server in the foreground, for machines without the app: one loopback port,
// one path and token per role, each renewed until the server is stopped.

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'serve',
    argv,
    { port: { type: 'string' }, session: { type: 'string' } },
    { min: 1, max: 100, names: 'one or more ROLEs' },
  );
  const port = portOption(stringOption(values, 'port'));
  const roles = [...new Set(positionals)];
  const options = { session: stringOption(values, 'session'), command: 'serve' };
  for (const role of roles) assertOptionsApply('serve', role, options);
  const ctx = cliContext(io);
  const served = roles.map(
    (role) =>
      [
        role,
        new RenewingCredentials({
          fetch: async () => toRoleCredentials(await freshCredentials(ctx, io, role, options)),
          clock: ctx.clock,
          logger: ctx.logger,
          label: role,
        }),
      ] as const,
  );
  // Every role must resolve before anything is offered: a typo fails now, not in a program later.
  for (const [, credentials] of served) await credentials.current();
  const server = await startCredentialServer({ logger: ctx.logger, ...(port === undefined ? {} : { port }) });
  for (const [role, credentials] of served) {
    const endpoint = server.add({ label: role, current: () => credentials.current() });
    io.stdout(`# ${role}\n`);
    io.stdout(
      formatEnvironment(
        {
          set: [
            ['AWS_CONTAINER_CREDENTIALS_FULL_URI', endpoint.url],
            ['AWS_CONTAINER_AUTHORIZATION_TOKEN', endpoint.token],
          ],
          unset: [],
        },
        'sh',
      ),
    );
  }
  io.stderr(`Serving ${roles.length === 1 ? 'credentials' : `${roles.length} roles`} on 127.0.0.1:${server.port} until stopped (Ctrl-C).\n`);
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => resolve());
  });
  for (const [, credentials] of served) credentials.stop();
  await server.close();
  io.stderr('Stopped serving credentials.\n');
  return 0;
}

function portOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) {
    throw new LatchkeyError('BAD_INPUT', `--port must be a number from 1 to 65535 (not "${value}").`, { hint: 'Leave it out for a free port.' });
  }
  return port;
}
