import { LatchkeyError } from '../errors';
import { consoleHost, normalizeRegion, partitionOf, regionalConsoleHost } from './partitions';
import { resolveConsoleService } from './services';

export interface ConsoleDestinationOptions {
  region: string;
  /** A service name or alias ("ec2", "Route 53", "logs"); none means the console home. */
  service?: string;
  /**
   * A page inside the service (or inside the console when no service is given), replacing
   * "home": e.g. "home#/roles" or "v2/home". The region parameter is added for regional pages.
   */
  path?: string;
}

/**
 * The console URL to land on after sign-in. Regional pages carry the region both in the host
 * (how the console itself redirects) and in `?region=`, which is what makes the console open in
 * that region rather than the last one the person used.
 */
export function consoleDestination(options: ConsoleDestinationOptions): string {
  const region = normalizeRegion(options.region);
  const partition = partitionOf(region);
  const service = options.service?.trim() ? resolveConsoleService(options.service) : undefined;
  const global = service?.global ?? false;

  const custom = options.path === undefined ? undefined : checkPath(options.path);
  const page = custom ?? (service ? `${service.page}${service.fragment ? `#${service.fragment}` : ''}` : 'home');
  const [pagePath = '', fragment] = splitOnce(page, '#');
  const pageUrl = `${service ? `${service.slug}/` : custom ? '' : 'console/'}${pagePath}`;

  const host = global ? consoleHost(partition) : regionalConsoleHost(partition, region);
  let url = `https://${host}/${pageUrl}`;
  if (!global && !/[?&]region=/.test(pagePath)) url += `${pagePath.includes('?') ? '&' : '?'}region=${region}`;
  if (fragment !== undefined) url += `#${fragment}`;
  return url;
}

// The path is appended to a fixed host, so it cannot move the person elsewhere; still refuse
// anything that is not a plain relative page (spaces, control characters, dot segments).
function checkPath(path: string): string {
  const trimmed = path.trim().replace(/^\/+/, '');
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f\\]/.test(trimmed) || /(^|\/)\.\.?(\/|$|[?#])/.test(trimmed)) {
    throw new LatchkeyError('BAD_INPUT', `"${path}" is not a console page path.`, {
      hint: 'Give a path inside the service, such as home#/roles.',
    });
  }
  return trimmed === '' ? 'home' : trimmed;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
