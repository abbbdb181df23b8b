import { readAwsConfig } from '../aws/config-file';
import { awsPaths } from '../aws/paths';
import type { CoreContext } from '../context';
import type { SsoSessionRef } from '../types';
import { sameStartUrl } from '../validation';
import { PORTAL_SCOPE, scopesOf } from './oidc';
import { deleteCachedToken, readCachedToken, tokenCachePath, writeCachedToken, type CachedSsoToken } from './token-cache';

// Legacy profiles (sso_start_url + sso_region, no sso_session) find their token where botocore's
// SSOTokenLoader and the JS SDK's getSSOTokenFromFile look: ~/.aws/sso/cache/<sha1(start URL)>.json,
// the start URL exactly as the profile spells it, needing only accessToken and expiresAt
// (botocore/utils.py SSOTokenLoader, botocore/credentials.py SSOCredentialFetcher). Neither
// refreshes such a token, so every new access token of a session is copied there for each
// legacy profile of the same portal, and `aws --profile legacy …` needs no second sign-in.

/** The start URLs, spelled as written, of the legacy profiles that sign in to this session's portal. */
export async function legacyStartUrls(ctx: CoreContext, session: SsoSessionRef): Promise<string[]> {
  const config = await readAwsConfig(awsPaths(ctx).configFile);
  const urls = new Set<string>();
  for (const values of config.profiles.values()) {
    const url = values.sso_start_url;
    if (!url || values.sso_session || values.sso_region !== session.region || !sameStartUrl(url, session.startUrl)) continue;
    urls.add(url);
  }
  const own = tokenCachePath(ctx, session.name);
  return [...urls].filter((url) => tokenCachePath(ctx, url) !== own);
}

/** Writes the session's token, then a copy for each legacy profile of its portal. A copy that
 * cannot be written costs the AWS CLI a sign-in, not Latchkey's: it is logged, never thrown. */
export async function saveSessionToken(ctx: CoreContext, session: SsoSessionRef, token: CachedSsoToken): Promise<void> {
  await writeCachedToken(ctx, session.name, token);
  // Legacy profiles exist to get role credentials from the portal: a token without the portal
  // scope would only replace one that can.
  if (!scopesOf(session).includes(PORTAL_SCOPE)) return;
  let urls: string[];
  try {
    urls = await legacyStartUrls(ctx, session);
  } catch (err) {
    ctx.logger.warn('Could not read the AWS config for legacy SSO profiles', { error: (err as Error)?.message });
    return;
  }
  for (const url of urls) {
    // Only what the legacy readers use: the refresh token and client secret stay in one file,
    // so a rotated refresh token can never be spent from a stale copy.
    const copy: CachedSsoToken = { startUrl: url, region: token.region, accessToken: token.accessToken, expiresAt: token.expiresAt };
    try {
      await writeCachedToken(ctx, url, copy);
    } catch (err) {
      ctx.logger.warn('Could not write the token for a legacy SSO profile', { error: (err as Error)?.message });
    }
  }
  if (urls.length) ctx.logger.info('Shared the sign-in with legacy SSO profiles', { session: session.name, copies: urls.length });
}

/** Removes the legacy copies that still hold this access token (a copy another sign-in wrote
 * stays). The start URL as the session spells it is checked too: a profile removed from the
 * config since the sign-in may have left its copy there. */
export async function removeLegacyCopies(ctx: CoreContext, session: SsoSessionRef, accessToken: string): Promise<string[]> {
  const urls = new Set(await legacyStartUrls(ctx, session).catch(() => []));
  if (tokenCachePath(ctx, session.startUrl) !== tokenCachePath(ctx, session.name)) urls.add(session.startUrl);
  const removed: string[] = [];
  for (const url of urls) {
    if ((await readCachedToken(ctx, url))?.accessToken !== accessToken) continue;
    await deleteCachedToken(ctx, url);
    removed.push(url);
  }
  return removed;
}
