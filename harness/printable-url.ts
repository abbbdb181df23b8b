// What `npm run dev:web` prints for a URL the app opened. Against the local emulator the URL is
// printed whole (its sign-in tokens are fake, and the developer opens the link by hand). When the
// harness is pointed at real AWS, a console URL's SigninToken is a live credential for the
// account: it is masked, so it never lands in a terminal's scrollback or a CI log.

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** Query parameters that carry a credential: the federation endpoint's SigninToken and Session. */
const SECRET_PARAM = /^(signintoken|session)$/i;
const MASK = '[REDACTED]';

export function printableOpenedUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '(an unparseable URL)';
  }
  if (LOOPBACK_HOSTS.has(parsed.hostname.toLowerCase())) return url;
  const masked = withSecretsMasked(url);
  return masked !== url ? `${masked}\n  (its sign-in token is a live AWS credential and is not printed)` : url;
}

/** `url` with its SigninToken and Session parameters masked, whatever its host (what the harness
 * records for a test); unchanged when it has none. */
export function withSecretsMasked(url: string): string {
  if (!URL.canParse(url)) return '(an unparseable URL)';
  const parsed = new URL(url);
  const secret = [...parsed.searchParams.keys()].filter((name) => SECRET_PARAM.test(name));
  for (const name of secret) parsed.searchParams.set(name, MASK);
  return secret.length ? parsed.href : url;
}
