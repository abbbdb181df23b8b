import type { CoreContext } from '../../core/context';
import { writeContainerOnlyFiles } from '../../core/aws/container-only-files';
import { startCredentialServer } from '../../core/credential-server/credential-server';
import { RenewingCredentials } from '../../core/credential-server/renewing-credentials';
import type { CliIo } from '../io';
import { runChild } from '../run-child';
import { freshCredentials, toRoleCredentials, type RoleOptions } from './role-credentials';

/** What an SDK would take before the container endpoint: keys, a web identity, another
 * endpoint (the relative URI wins over the full one), a token file. */
const SHADOWING = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
];

/** exec --server: the command gets no keys, only a loopback endpoint that renews them for as
 * long as it runs. The first credentials are fetched before it starts, so a failure to get any
 * is ours to report, not the command's. */
export async function runWithServer(
  ctx: CoreContext,
  io: CliIo,
  role: string,
  options: RoleOptions,
  run: { env: Record<string, string | undefined>; region: string | undefined; cmd: string[] },
): Promise<number> {
  const credentials = new RenewingCredentials({
    fetch: async () => toRoleCredentials(await freshCredentials(ctx, io, role, options)),
    clock: ctx.clock,
    logger: ctx.logger,
    label: role,
  });
  await credentials.current();
  const server = await startCredentialServer({ logger: ctx.logger });
  const files = await writeContainerOnlyFiles(ctx);
  try {
    const endpoint = server.add({ label: role, current: () => credentials.current() });
    const env = { ...run.env };
    for (const name of SHADOWING) delete env[name];
    Object.assign(env, {
      AWS_CONTAINER_CREDENTIALS_FULL_URI: endpoint.url,
      AWS_CONTAINER_AUTHORIZATION_TOKEN: endpoint.token,
      AWS_CONFIG_FILE: files.configFile,
      AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile,
      ...(run.region ? { AWS_REGION: run.region, AWS_DEFAULT_REGION: run.region } : {}),
    });
    return await runChild(run.cmd[0]!, run.cmd.slice(1), env, io.stderr);
  } finally {
    credentials.stop();
    await server.close();
    await files.remove();
  }
}
