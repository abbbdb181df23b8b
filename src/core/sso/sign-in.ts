import type { CoreContext } from '../context';

// What the two interactive sign-in flows share.

export type LoginPrompt =
  | { kind: 'browser'; url: string }
  | { kind: 'device'; userCode: string; verificationUri: string; verificationUriComplete: string; expiresAt: number };

export type SignInPrompt = (prompt: LoginPrompt) => void;

/** What CreateToken returned, before it becomes a cached token. */
export interface OidcTokens {
  accessToken: string;
  /** Seconds. */
  expiresIn: number;
  refreshToken?: string;
}

/** Opens a URL; a browser that cannot be opened must not end the sign-in, since the prompt
 * also carries the URL for the person to open by hand. */
export async function openQuietly(ctx: CoreContext, url: string): Promise<void> {
  try {
    await ctx.openUrl(url);
  } catch (err) {
    ctx.logger.warn('Could not open the browser; open the sign-in URL by hand', { error: (err as Error)?.message ?? String(err) });
  }
}
