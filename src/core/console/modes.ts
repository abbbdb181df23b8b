import type { CoreContext } from '../context';
import { federationEndpoint } from './federation-endpoint';
import { signOutHost, type Partition } from './partitions';

/**
 * How a console sign-in reaches a browser that may already hold another account's session:
 * `multi-session` opens the plain sign-in URL (the console adds a session when its
 * multi-session support is on in that browser); `sign-out` signs the browser out first and
 * hands over to the sign-in; `profile` opens each role in a Chromium-family browser profile of
 * its own; `container` opens each account in a Firefox container.
 */
export type ConsoleMode = 'multi-session' | 'sign-out' | 'profile' | 'container';

export const CONSOLE_MODES: readonly ConsoleMode[] = ['multi-session', 'sign-out', 'profile', 'container'];

/** The modes that start a browser of their own rather than the system's default. */
export function opensOwnBrowser(mode: ConsoleMode): mode is 'profile' | 'container' {
  return mode === 'profile' || mode === 'container';
}

export function isConsoleMode(value: string): value is ConsoleMode {
  return (CONSOLE_MODES as readonly string[]).includes(value);
}

/** The console sign-out endpoint; next to the federation endpoint when that is overridden. */
export function signOutEndpoint(ctx: Pick<CoreContext, 'env'>, partition: Partition): string {
  if (ctx.env.LATCHKEY_FEDERATION_ENDPOINT?.trim()) return federationEndpoint(ctx, partition).replace(/\/federation$/, '/oauth');
  return `https://${signOutHost(partition)}/oauth`;
}

/** The URL that signs the browser out of the console, then continues to `signinUrl`. */
export function signOutHandOverUrl(ctx: Pick<CoreContext, 'env'>, partition: Partition, signinUrl: string): string {
  return `${signOutEndpoint(ctx, partition)}?Action=logout&redirect_uri=${encodeURIComponent(signinUrl)}`;
}

/** What a mode opens for a sign-in URL. */
export function consoleUrlForMode(ctx: Pick<CoreContext, 'env'>, mode: ConsoleMode, partition: Partition, signinUrl: string): string {
  return mode === 'sign-out' ? signOutHandOverUrl(ctx, partition, signinUrl) : signinUrl;
}
