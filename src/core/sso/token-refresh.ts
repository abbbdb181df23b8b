import { CreateTokenCommand } from '@aws-sdk/client-sso-oidc';
import type { CoreContext } from '../context';
import { withFileLock } from '../aws/file-lock';
import type { SsoSessionRef } from '../types';
import { createOidcClient, errorName, mapOidcError, notSignedIn } from './oidc';
import { saveSessionToken } from './legacy-token';
import { forgetRegistrationsOfClient } from './registration-cache';
import { tokensFrom, type OidcTokens } from './sign-in';
import { isRefreshable, isoUtc, parseIso, tokenCachePath, writeCachedToken, type CachedSsoToken } from './token-cache';

export { isRefreshable };

// Refreshing with the refresh token (CreateToken grantType refresh_token), the way botocore
// does it, so the result serves the AWS CLI and SDKs as well. A refresh token that AWS refuses
// is dropped from the cache at once: one failed attempt, never a loop.

/** A fresh access token (also written to the cache), or the still-valid one when the refresh
 * fails; NOT_SIGNED_IN when the token has expired and can no longer be refreshed. */
export async function refreshAccessToken(
  ctx: CoreContext,
  session: SsoSessionRef,
  seen: CachedSsoToken,
  options: { marginMs: number; read: () => Promise<CachedSsoToken | undefined> },
): Promise<string> {
  // Across processes too: refresh tokens may rotate, and two processes spending the same
  // one would sign each other out.
  return withFileLock(
    `${tokenCachePath(ctx, session.name)}.refresh`,
    async () => {
      const token = (await options.read()) ?? seen;
      const now = ctx.clock.now();
      if (token.accessToken !== seen.accessToken && parseIso(token.expiresAt) - now > options.marginMs) {
        return token.accessToken; // another process refreshed while we waited
      }
      const stillValid = parseIso(token.expiresAt) > now;
      if (!isRefreshable(token, now)) {
        // Another process found the refresh token dead while we waited.
        if (stillValid) return token.accessToken;
        throw notSignedIn(`Your sign-in to "${session.name}" expired.`);
      }
      const client = createOidcClient(ctx, token.region || session.region);
      let tokens: OidcTokens;
      try {
        const out = await client.send(
          new CreateTokenCommand({
            grantType: 'refresh_token',
            clientId: token.clientId,
            clientSecret: token.clientSecret,
            refreshToken: token.refreshToken,
          }),
        );
        tokens = tokensFrom(out);
      } catch (err) {
        const mapped = mapOidcError(err, 'refresh', session);
        const name = errorName(err);
        if (mapped.code === 'NOT_SIGNED_IN' || name === 'InvalidClientException' || name === 'UnauthorizedClientException') {
          // This refresh token will never work again: forget it so nobody retries in a loop.
          const { refreshToken: _dropped, ...rest } = token;
          await writeCachedToken(ctx, session.name, rest);
          if (name === 'InvalidClientException') await forgetRegistrationsOfClient(ctx, session, token.clientId);
          ctx.logger.warn('The sign-in can no longer be refreshed', { session: session.name, error: name });
          if (stillValid) return token.accessToken;
          throw notSignedIn(`Your sign-in to "${session.name}" ended and could not be renewed.`, err);
        }
        if (stillValid) {
          ctx.logger.warn('Token refresh failed; using the still-valid token', { session: session.name, error: name || mapped.code });
          return token.accessToken;
        }
        throw mapped;
      } finally {
        client.destroy();
      }
      const next: CachedSsoToken = {
        ...token,
        accessToken: tokens.accessToken,
        expiresAt: isoUtc(now + tokens.expiresIn * 1000),
        ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
      };
      await saveSessionToken(ctx, session, next);
      ctx.logger.info('Refreshed the access token', { session: session.name, expiresAt: next.expiresAt });
      return next.accessToken;
    },
    { timeoutMs: 60_000 },
  );
}
