import { LatchkeyError } from '../core/errors';
import { isLiveOneTimeUrl } from '../core/console/one-time-url';
import { isValidStartUrl } from '../core/validation';

// shell.openExternal hands a URL to the OS, which may launch any registered protocol handler;
// so only https pages Latchkey has a reason to open get through: AWS sign-in, console, portal
// and device-verification hosts, the docs, and the start URLs of the configured sessions.

export interface AllowListOptions {
  /** Start URLs of the configured SSO sessions (their hosts are allowed). */
  startUrls?: readonly string[];
  /** http://127.0.0.1 / localhost / [::1] — only for runs against the local emulator. */
  allowLoopback?: boolean;
}

// The sign-in and console hosts of each partition whose console Latchkey opens (the sources
// are cited in src/core/console/partitions.ts).
const EXACT_HOSTS = new Set([
  'signin.aws.amazon.com',
  'signin.amazonaws-us-gov.com',
  'signin.amazonaws.cn',
  'eusc-de-east-1.signin.amazonaws-eusc.eu',
  'console.aws.amazon.com',
  'console.amazonaws-us-gov.com',
  'console.amazonaws.cn',
  'console.amazonaws-eusc.eu',
  'docs.aws.amazon.com',
]);

const HOST_PATTERNS: RegExp[] = [
  // The Identity Center portal: d-xxxxxxxxxx.awsapps.com or a custom alias.
  /^[a-z0-9-]+\.awsapps\.com$/,
  /^[a-z0-9-]+\.awsapps\.cn$/,
  // The European Sovereign Cloud's portals: ssoins-INSTANCE.eusc-de-east-1.portal.amazonaws.eu.
  /^[a-z0-9-]+\.eusc-[a-z]+-[a-z]+-\d+\.portal\.amazonaws\.eu$/,
  // Regional consoles: us-east-1.console.aws.amazon.com, eu-west-1.console.aws.amazon.com, …
  /^[a-z0-9-]+\.console\.aws\.amazon\.com$/,
  // Device verification and the OIDC authorize page, per region.
  /^device\.sso\.[a-z0-9-]+\.amazonaws\.com$/,
  /^oidc\.[a-z0-9-]+\.amazonaws\.com$/,
  /^device\.sso\.[a-z0-9-]+\.amazonaws\.com\.cn$/,
  /^oidc\.[a-z0-9-]+\.amazonaws\.com\.cn$/,
  // aws-eusc's DNS suffix is amazonaws.eu (botocore partitions.json).
  /^device\.sso\.eusc-[a-z0-9-]+\.amazonaws\.eu$/,
  /^oidc\.eusc-[a-z0-9-]+\.amazonaws\.eu$/,
];

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** True when `url` may be opened in the person's browser. */
export function isAllowedExternalUrl(url: string, options: AllowListOptions = {}): boolean {
  return allowedExternalUrl(url, options) !== undefined;
}

/**
 * The URL to hand to the OS when `url` may be opened, else undefined. It is the parsed,
 * normalised form — exactly what was checked — never the raw string, which another parser
 * (a browser, xdg-open, ShellExecute) might read differently: `https://signin.aws.amazon.com\@evil`,
 * tabs or newlines inside the host, stray spaces.
 */
export function allowedExternalUrl(url: string, options: AllowListOptions = {}): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  return isAllowedParsedUrl(parsed, options) ? parsed.href : undefined;
}

function isAllowedParsedUrl(parsed: URL, options: AllowListOptions): boolean {
  // Credentials in the authority (https://aws.amazon.com@evil.example) are a classic disguise.
  if (parsed.username || parsed.password) return false;
  // A one-time console URL this process serves (it redirects to an allowed sign-in URL).
  if (isLiveOneTimeUrl(parsed.href)) return true;
  const host = parsed.hostname.toLowerCase();
  if (parsed.protocol === 'http:') return options.allowLoopback === true && LOOPBACK_HOSTS.has(host);
  if (parsed.protocol !== 'https:') return false;
  if (parsed.port && parsed.port !== '443' && !(options.allowLoopback && LOOPBACK_HOSTS.has(host))) return false;
  if (options.allowLoopback && LOOPBACK_HOSTS.has(host)) return true;
  if (EXACT_HOSTS.has(host) || HOST_PATTERNS.some((re) => re.test(host))) return true;
  return startUrlHosts(options.startUrls ?? []).has(host);
}

/** The hosts of the start URLs that pass the core's rule: one read in ~/.aws/config that the
 * core would refuse (a backslash, a host that parses differently) allows nothing. */
function startUrlHosts(startUrls: readonly string[]): Set<string> {
  const hosts = new Set<string>();
  for (const s of startUrls) if (isValidStartUrl(s)) hosts.add(new URL(s).hostname.toLowerCase());
  return hosts;
}

/** Loopback URLs are allowed only when the app is pointed at a local emulator on purpose. */
export function loopbackAllowedFromEnv(env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.LATCHKEY_ALLOW_LOOPBACK_URLS === '1') return true;
  const federation = env.LATCHKEY_FEDERATION_ENDPOINT;
  if (!federation) return false;
  try {
    return LOOPBACK_HOSTS.has(new URL(federation).hostname.toLowerCase());
  } catch {
    return false;
  }
}

export interface ExternalOpenerOptions {
  /** The configured sessions' start URLs, read at each open (a session may just have been added). */
  startUrls(): Promise<readonly string[]>;
  allowLoopback: boolean;
  /** Receives only the normalised URL that passed the check. */
  open(url: string): Promise<void>;
  /** Told the host of a refused URL (never the whole URL: it may carry a token). */
  onRefused?(host: string): void;
}

/** The one gate in front of the browser, used by the tray app and the web harness alike. */
export function externalOpener(options: ExternalOpenerOptions): (url: string) => Promise<void> {
  return async (url) => {
    const checked = allowedExternalUrl(url, { startUrls: await options.startUrls(), allowLoopback: options.allowLoopback });
    if (!checked) {
      options.onRefused?.(hostOf(url));
      throw new LatchkeyError('ACCESS_DENIED', 'Latchkey opens only AWS sign-in, console, portal and documentation pages.', {
        hint: 'Open other links yourself in your browser.',
      });
    }
    await options.open(checked);
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'unparseable';
  }
}
