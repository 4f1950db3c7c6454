import { describe, expect, it } from 'vitest';
import { dayAfter, formatCountdown, splitByNow } from '../src/lib/countdown';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('formatCountdown', () => {
  it.each([
    ['already allowed', -5 * MIN, 'now'],
    ['exactly now', 0, 'now'],
    ['seconds left', 30_000, 'in < 1 min'],
    ['minutes', 12 * MIN + 59_000, 'in 12 min'],
    ['whole hours', 5 * HOUR, 'in 5 h'],
    ['hours and minutes', 5 * HOUR + 20 * MIN, 'in 5 h 20 min'],
    ['makeup after 24 h, 1 min in', 24 * HOUR - MIN, 'in 23 h 59 min'],
    ['whole days', 2 * DAY, 'in 2 d'],
    ['days and hours (minutes dropped)', 2 * DAY + 3 * HOUR + 40 * MIN, 'in 2 d 3 h'],
  ])('%s', (_name, remaining, want) => {
    const now = Date.parse('2026-11-24T10:00:00Z');
    expect(formatCountdown(now + remaining, now)).toBe(want);
  });
});

describe('splitByNow', () => {
  it('splits aftercare items into allowed and waiting, each in time order', () => {
    const items = [
      { code: 'sun', allowed_from: '2026-12-01T10:00:00+01:00' },
      { code: 'cleanser', allowed_from: '2026-11-23T22:00:00+01:00' },
      { code: 'makeup', allowed_from: '2026-11-24T15:30:00+01:00' },
    ];
    const { allowed, waiting } = splitByNow(items, Date.parse('2026-11-24T12:00:00+01:00'));
    expect(allowed.map((i) => i.code)).toEqual(['cleanser']);
    expect(waiting.map((i) => i.code)).toEqual(['makeup', 'sun']);
  });
});

describe('dayAfter', () => {
  const end = Date.parse('2026-11-23T15:30:00Z');
  it.each([
    [end - 1, undefined],
    [end, 0],
    [end + DAY - 1, 0],
    [end + DAY, 1],
    [end + 6 * DAY + HOUR, 6],
  ])('%s → %s', (now, want) => {
    expect(dayAfter(end, now)).toBe(want);
  });
});
