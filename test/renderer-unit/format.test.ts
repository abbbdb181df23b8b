import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../src/renderer/src/format';

describe('formatDuration', () => {
  it('shows the two largest units, with seconds only under an hour', () => {
    expect(formatDuration(65_000, 'en')).toBe('1m 5s');
    expect(formatDuration(59 * 60_000 + 58_000, 'en')).toBe('59m 58s');
    expect(formatDuration(7 * 3_600_000 + 59 * 60_000 + 30_000, 'en')).toBe('7h 59m');
    expect(formatDuration(3_600_000 + 5_000, 'en')).toBe('1h');
    expect(formatDuration(2 * 86_400_000 + 3 * 3_600_000, 'en')).toBe('2d 3h');
  });

  it('never counts below zero', () => {
    expect(formatDuration(-5_000, 'en')).toBe('0s');
  });

  it('writes Japanese units without spaces', () => {
    expect(formatDuration(65_000, 'ja-JP')).toBe('1分5秒');
    expect(formatDuration(7 * 3_600_000 + 59 * 60_000, 'ja')).toBe('7時間59分');
  });
});
