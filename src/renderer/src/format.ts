// Locale-aware times and durations. Intl.DurationFormat is not everywhere yet, so durations
// are assembled from Intl.NumberFormat unit parts ("1h 5m" in English, "1時間5分" in Japanese).

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type Unit = 'day' | 'hour' | 'minute' | 'second';

function isCjk(locale: string): boolean {
  return /^(ja|zh|ko)\b/i.test(locale);
}

const unitFormats = new Map<string, Intl.NumberFormat>();
function unitFormat(locale: string, unit: Unit): Intl.NumberFormat {
  const id = `${locale}|${unit}`;
  let f = unitFormats.get(id);
  if (!f) {
    // CJK "narrow" falls back to Latin letters ("5m"); "short" gives "5 分", spaces dropped below.
    f = new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: isCjk(locale) ? 'short' : 'narrow' });
    unitFormats.set(id, f);
  }
  return f;
}

/**
 * The two largest non-zero units of a duration: "2d 3h", "7h 59m", "4m 05s"-style precision
 * without the noise. Seconds are shown only under an hour, so a countdown ticks visibly when
 * it matters. Negative durations read as zero.
 */
export function formatDuration(ms: number, locale: string): string {
  const total = Math.max(0, Math.floor(ms / SECOND)) * SECOND;
  const parts: [number, Unit][] = [
    [Math.floor(total / DAY), 'day'],
    [Math.floor((total % DAY) / HOUR), 'hour'],
    [Math.floor((total % HOUR) / MINUTE), 'minute'],
    [Math.floor((total % MINUTE) / SECOND), 'second'],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  const fmt = (n: number, u: Unit) => {
    const text = unitFormat(locale, u).format(n);
    return isCjk(locale) ? text.replace(/\s+/g, '') : text;
  };
  if (first === -1) return fmt(0, 'second');
  const shown = parts.slice(first, first + 2).filter(([n], i) => i === 0 || n > 0);
  // Under an hour the seconds matter; above it they are noise.
  const visible = total >= HOUR ? shown.filter(([, u]) => u !== 'second') : shown;
  return visible.map(([n, u]) => fmt(n, u)).join(isCjk(locale) ? '' : ' ');
}

const clockFormats = new Map<string, Intl.DateTimeFormat>();
/** Wall-clock time, e.g. "15:42" or "3:42 PM" as the locale writes it. */
export function formatClock(epochMs: number, locale: string): string {
  let f = clockFormats.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' });
    clockFormats.set(locale, f);
  }
  return f.format(epochMs);
}

/** Date and time for "synced at". */
export function formatDateTime(epochMs: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(epochMs);
}

export function formatCount(n: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(n);
}
