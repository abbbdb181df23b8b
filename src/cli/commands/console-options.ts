import { LatchkeyError } from '../../core/errors';

// The console command's typed values, checked before anything is read or asked of AWS.

export const MIN_DURATION_MINUTES = 15;
export const MAX_DURATION_MINUTES = 720;

/** --duration MINUTES: a whole number of minutes, 15 to 720 (AWS's SessionDuration bounds). */
export function durationMinutesOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const minutes = /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isInteger(minutes) || minutes < MIN_DURATION_MINUTES || minutes > MAX_DURATION_MINUTES) {
    throw new LatchkeyError('BAD_INPUT', `--duration ${value} is not a console session length.`, {
      hint: `Give whole minutes from ${MIN_DURATION_MINUTES} to ${MAX_DURATION_MINUTES} (12 hours).`,
    });
  }
  return minutes;
}

/**
 * --path PATH: a page on the region's console host, starting with one "/". Anything that could
 * name another host or scheme ("//host", "https:", a backslash) is refused; the core refuses
 * dot segments, spaces and control characters.
 */
export function consolePathOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  // eslint-disable-next-line no-control-regex
  if (!value.startsWith('/') || value.startsWith('//') || /[\\@\s\u0000-\u001f\u007f]/.test(value) || /^\/[a-z][a-z0-9+.-]*:/i.test(value)) {
    throw new LatchkeyError('BAD_INPUT', `--path ${value} is not a console page path.`, {
      hint: 'Give a path on the console host starting with "/", e.g. /iam/home#/roles.',
    });
  }
  return value;
}
