import { homedir } from 'node:os';
import { systemClock, type Clock } from './clock';
import { silentLogger, type Logger } from './log';

/** Everything the core touches outside itself, passed in so tests control all of it. */
export interface CoreContext {
  /** Environment variables (process.env in production). */
  env: Readonly<Record<string, string | undefined>>;
  homedir: string;
  platform: NodeJS.Platform;
  clock: Clock;
  logger: Logger;
  /** Opens a URL in the person's browser (the app passes shell.openExternal). */
  openUrl(url: string): Promise<void>;
  /** Tells the person something worth knowing that stops nothing (one line, no secret): the
   * command prints it on stderr, the app shows a notification. Absent: the log only. */
  warnUser?(message: string): void;
}

export function createContext(overrides: Partial<CoreContext> = {}): CoreContext {
  return {
    env: overrides.env ?? process.env,
    homedir: overrides.homedir ?? homedir(),
    platform: overrides.platform ?? process.platform,
    clock: overrides.clock ?? systemClock,
    logger: overrides.logger ?? silentLogger,
    openUrl:
      overrides.openUrl ??
      (async () => {
        throw new Error('no browser opener configured');
      }),
    ...(overrides.warnUser ? { warnUser: overrides.warnUser } : {}),
  };
}

/** A warning for the person (see CoreContext.warnUser); always logged as well. */
export function warnUser(ctx: Pick<CoreContext, 'logger' | 'warnUser'>, message: string): void {
  ctx.logger.warn(message);
  ctx.warnUser?.(message);
}

export type AwsService = 'SSO_OIDC' | 'SSO' | 'STS';

/**
 * The endpoint override for an SDK service, resolved the way the AWS SDKs do it from the
 * environment (`AWS_ENDPOINT_URL_<SERVICE>`, then `AWS_ENDPOINT_URL`), but from the injected env
 * so in-process tests need not touch process.env. Undefined means "the SDK's default".
 */
export function endpointFor(ctx: Pick<CoreContext, 'env'>, service: AwsService): string | undefined {
  if (ctx.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true') return undefined;
  return ctx.env[`AWS_ENDPOINT_URL_${service}`] || ctx.env.AWS_ENDPOINT_URL || undefined;
}
