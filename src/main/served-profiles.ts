import { awsPaths } from '../core/aws/paths';
import { readManagedProfile } from '../core/aws/credentials-file';
import { formatEnvironment, type EnvFormat } from '../core/aws/env-exports';
import type { CoreContext } from '../core/context';
import { startCredentialServer, type CredentialServer, type Endpoint } from '../core/credential-server/credential-server';
import { LatchkeyError } from '../core/errors';
import type { Latchkey } from '../core/sessions/latchkey';
import type { RoleCredentials } from '../core/types';
import type { Settings } from '../shared/views';

// The credential server in the app: while the setting is on, every active profile is served at
// its own path and token on one server. Each request reads the profile as the refresh loop last
// wrote it, so a program gets what the terminal gets, renewed when the profile is, and never
// keys that have expired (or another role's, once the profile name is reused).

/** Credentials this close to expiry are not handed out: an SDK would have to ask again at once. */
const LAST_MINUTE_MS = 60_000;

export type ServerSettings = Pick<Settings, 'credentialServer' | 'credentialServerAddress'>;

export interface ServedProfiles {
  /** Starts, moves (new address: new endpoints) or closes the server as the settings say. */
  apply(settings: ServerSettings): Promise<void>;
  /** Follows the active profiles: new ones get an endpoint, removed ones lose theirs. */
  sync(): Promise<void>;
  /** The two lines a shell runs to use `profile`'s endpoint. NOT_FOUND if it is not served. */
  exportLines(profile: string, format: EnvFormat): string;
  /** The profiles served now. */
  served(): string[];
  close(): Promise<void>;
}

export function createServedProfiles(ctx: CoreContext, latchkey: Latchkey): ServedProfiles {
  let running: { server: CredentialServer; address: string; endpoints: Map<string, Endpoint> } | undefined;
  let wanted: ServerSettings = { credentialServer: false, credentialServerAddress: '127.0.0.1' };
  // One change at a time: settings and profile events can arrive together.
  let queue: Promise<void> = Promise.resolve();
  const serial = (work: () => Promise<void>): Promise<void> => (queue = queue.then(work, work));

  const current = async (profile: string): Promise<RoleCredentials> => {
    const creds = await readManagedProfile(awsPaths(ctx).credentialsFile, profile);
    if (!creds) throw new LatchkeyError('NOT_FOUND', `Profile "${profile}" is no longer in the credentials file.`);
    if (creds.expiration - ctx.clock.now() <= LAST_MINUTE_MS) {
      throw new LatchkeyError('NOT_SIGNED_IN', `Profile "${profile}"'s credentials have expired; sign in again in Latchkey to renew them.`);
    }
    return creds;
  };

  const syncNow = async (): Promise<void> => {
    if (!running) return;
    const active = new Set((await latchkey.profiles.list()).map((p) => p.profile));
    const { server, endpoints } = running;
    for (const [profile, endpoint] of endpoints) {
      if (active.has(profile)) continue;
      server.remove(endpoint);
      endpoints.delete(profile);
    }
    for (const profile of active) {
      if (!endpoints.has(profile)) endpoints.set(profile, server.add({ label: `profile ${profile}`, current: () => current(profile) }));
    }
  };

  const closeNow = async (): Promise<void> => {
    const closing = running;
    running = undefined;
    await closing?.server.close();
  };

  return {
    apply: (settings) =>
      serial(async () => {
        wanted = settings;
        if (running && (!settings.credentialServer || running.address !== settings.credentialServerAddress)) await closeNow();
        if (!settings.credentialServer || running) return;
        const server = await startCredentialServer({ bind: settings.credentialServerAddress, logger: ctx.logger });
        running = { server, address: settings.credentialServerAddress, endpoints: new Map() };
        ctx.logger.info('credential server: listening', { address: settings.credentialServerAddress, port: server.port });
        await syncNow();
      }),
    sync: () => serial(syncNow),
    exportLines(profile, format) {
      const endpoint = running?.endpoints.get(profile);
      if (!endpoint) {
        throw new LatchkeyError('NOT_FOUND', `Profile "${profile}" is not served to local programs.`, {
          hint: running
            ? 'Use a role in the terminal as this profile first.'
            : wanted.credentialServer
              ? `The server could not listen on ${wanted.credentialServerAddress}; choose another address in Settings.`
              : 'Turn on "Serve credentials to local programs" in Settings.',
        });
      }
      return formatEnvironment(
        {
          set: [
            ['AWS_CONTAINER_CREDENTIALS_FULL_URI', endpoint.url],
            ['AWS_CONTAINER_AUTHORIZATION_TOKEN', endpoint.token],
          ],
          unset: [],
        },
        format,
      );
    },
    served: () => [...(running?.endpoints.keys() ?? [])].sort(),
    close: () => serial(closeNow),
  };
}
