import { join } from 'node:path';
import type { CoreContext } from '../context';

export interface AwsPaths {
  configFile: string;
  credentialsFile: string;
  ssoCacheDir: string;
  /** The AWS CLI's cache of assumed-role credentials; Latchkey's own files there are prefixed `latchkey-`. */
  cliCacheDir: string;
}

function expandHome(p: string, homedir: string): string {
  return p === '~' || p.startsWith('~/') || p.startsWith('~\\') ? join(homedir, p.slice(1)) : p;
}

/** The AWS files, from the standard environment variables as the AWS CLI and SDKs read them. */
export function awsPaths(ctx: Pick<CoreContext, 'env' | 'homedir'>): AwsPaths {
  const awsDir = join(ctx.homedir, '.aws');
  return {
    configFile: ctx.env.AWS_CONFIG_FILE ? expandHome(ctx.env.AWS_CONFIG_FILE, ctx.homedir) : join(awsDir, 'config'),
    credentialsFile: ctx.env.AWS_SHARED_CREDENTIALS_FILE ? expandHome(ctx.env.AWS_SHARED_CREDENTIALS_FILE, ctx.homedir) : join(awsDir, 'credentials'),
    ssoCacheDir: join(awsDir, 'sso', 'cache'),
    cliCacheDir: join(awsDir, 'cli', 'cache'),
  };
}

/** Latchkey's own state directory, shared by the app and the command. */
export function latchkeyHome(ctx: Pick<CoreContext, 'env' | 'homedir' | 'platform'>): string {
  if (ctx.env.LATCHKEY_HOME) return expandHome(ctx.env.LATCHKEY_HOME, ctx.homedir);
  switch (ctx.platform) {
    case 'darwin':
      return join(ctx.homedir, 'Library', 'Application Support', 'Latchkey');
    case 'win32':
      return join(ctx.env.APPDATA || join(ctx.homedir, 'AppData', 'Roaming'), 'Latchkey');
    default:
      return join(ctx.env.XDG_CONFIG_HOME ? expandHome(ctx.env.XDG_CONFIG_HOME, ctx.homedir) : join(ctx.homedir, '.config'), 'Latchkey');
  }
}
