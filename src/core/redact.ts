// Secrets never reach a log line or an error message. Two defences: every secret value the
// core handles is registered here when it is obtained, and well-known secret fields are masked
// by pattern even when their value was never registered.

const MASK = '[REDACTED]';
const registered = new Set<string>();

/** Remembers a secret value (token, key, signin token…) so that `redact` masks it anywhere. */
export function registerSecret(value: string | undefined | null): void {
  if (value && value.length >= 8) registered.add(value);
}

const SECRET_FIELD = String.raw`(?:access_?token|refresh_?token|client_?secret|secret_?access_?key|aws_secret_access_key|session_?token|aws_session_token|signin_?token|code_?verifier|device_?code|sessionKey|sessionToken|sessionId|SecretAccessKey|SessionToken|SigninToken|AccessToken|RefreshToken|ClientSecret)`;

const PATTERNS: RegExp[] = [
  // "field": "value" (JSON; a value cut off before its closing quote is masked to the end) and
  // field=value / field: value (INI, query strings, headers)
  new RegExp(String.raw`("${SECRET_FIELD}"\s*:\s*")([^"]*)("|$)`, 'gi'),
  new RegExp(String.raw`(\b${SECRET_FIELD}\s*[=:]\s*)([^\s&,;"']+)()`, 'gi'),
  // the portal's bearer header
  /(x-amz-sso_bearer_token\s*[:=]\s*)([^\s,;"']+)()/gi,
  /(authorization\s*:\s*bearer\s+)([^\s,;"']+)()/gi,
];

export function redact(text: string): string {
  let out = text;
  for (const secret of registered) {
    if (out.includes(secret)) out = out.split(secret).join(MASK);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret && out.includes(encoded)) out = out.split(encoded).join(MASK);
  }
  for (const re of PATTERNS) out = out.replace(re, (_m, a: string, _v: string, c: string) => `${a}${MASK}${c}`);
  return out;
}

/**
 * Text for an error message or a log line, at most `max` characters: masked first, then cut at
 * a character boundary with the cut marked "…". Never the other way round: a registered secret
 * or a `"SecretAccessKey": "…"` cut in half is no longer recognised, and its first half would
 * be printed. Every place that shortens text for a person or a log goes through here.
 */
export function redactAndShorten(text: string, max: number): string {
  const chars = Array.from(redact(text));
  return chars.length <= max
    ? chars.join('')
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

/** Test support: forget registered secrets. */
export function clearRegisteredSecrets(): void {
  registered.clear();
}
