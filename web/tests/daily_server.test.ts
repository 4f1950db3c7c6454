// Issue 20 (server items, their client logic): charting only on the session's day in the
// clinic's time, sources as readable words, the logo's first check, one clock.
import { afterEach, describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, onClinicClock, setClinicTimeZone } from '../src/lib/labels';
import { clinicDay, isChartableNow } from '../src/lib/scheduling';
import { readableSource, sourceAnchor } from '../src/lib/sources';
import { logoProblem } from '../src/pages/clinic/settings_identity';

describe('charting opens on the session\'s day in the clinic\'s time zone', () => {
  const booked = { status: 'booked' as const, starts_at: '2026-12-08T09:00:00+01:00' };
  it('is the clinic\'s day, not the browser\'s', () => {
    // 23:30 UTC on the 7th is already the 8th in Amsterdam.
    expect(clinicDay(Date.parse('2026-12-07T23:30:00Z'), 'Europe/Amsterdam')).toBe('2026-12-08');
    expect(clinicDay(Date.parse('2026-12-07T22:30:00Z'), 'Europe/Amsterdam')).toBe('2026-12-07');
  });
  it('refuses a later day and allows the day itself (and a missed earlier one)', () => {
    expect(isChartableNow(booked, Date.parse('2026-12-07T12:00:00Z'), 'Europe/Amsterdam')).toBe(false);
    expect(isChartableNow(booked, Date.parse('2026-12-07T23:30:00Z'), 'Europe/Amsterdam')).toBe(true);
    expect(isChartableNow(booked, Date.parse('2026-12-09T10:00:00Z'), 'Europe/Amsterdam')).toBe(true);
    expect(isChartableNow({ ...booked, status: 'completed' }, Date.parse('2026-12-08T10:00:00Z'), 'Europe/Amsterdam')).toBe(false);
  });
});

describe('sources for clinicians', () => {
  it('say which part of the protocol, never a file name', () => {
    expect(readableSource('planning.yaml (sessions, interval_days); Harris 2015')).toBe('planning protocol (sessions, interval_days); Harris 2015');
    expect(readableSource('PIH (REFERENCE.md §c, §e3)')).toBe('PIH (clinical reference §c, §e3)');
    expect(sourceAnchor('aftercare.yaml item makeup')).toBe('aftercare');
    expect(sourceAnchor('Dogra 2014 (REFERENCE.md §e3)')).toBe('clinical-reference');
  });
});

describe('the logo', () => {
  it('is a PNG or JPEG of at most 200 KiB', () => {
    expect(logoProblem({ type: 'image/png', size: 1000 })).toBeUndefined();
    expect(logoProblem({ type: 'image/jpeg', size: 200 * 1024 })).toBeUndefined();
    expect(logoProblem({ type: 'image/svg+xml', size: 100 })).toMatch(/PNG or JPEG/);
    expect(logoProblem({ type: 'image/png', size: 200 * 1024 + 1 })).toMatch(/at most 200 KiB/);
  });
});

describe('one clock', () => {
  afterEach(() => setClinicTimeZone(undefined));
  it('shows an instant on the clinic\'s wall clock once its zone is known', () => {
    expect(formatDateTime('2026-12-07T08:00:00Z')).toBe('Mon 7 Dec 2026, 08:00');
    setClinicTimeZone('Europe/Amsterdam');
    expect(formatDateTime('2026-12-07T08:00:00Z')).toBe('Mon 7 Dec 2026, 09:00');
    expect(formatDateTime('2026-12-07T09:00:00+01:00')).toBe('Mon 7 Dec 2026, 09:00');
    expect(onClinicClock('2026-07-01T08:00:00Z')).toBe('2026-07-01T10:00:00');
    expect(onClinicClock('2026-12-07')).toBe('2026-12-07');
  });
  it('dates a timestamp near midnight by the clinic\'s day, a calendar date as written', () => {
    setClinicTimeZone('Europe/Amsterdam');
    expect(formatDate('2026-12-07T23:30:00Z')).toBe('8 Dec 2026');
    expect(formatDate('2026-12-08')).toBe('8 Dec 2026');
    setClinicTimeZone('America/New_York');
    expect(formatDate('2026-12-08T02:00:00Z')).toBe('7 Dec 2026');
    expect(formatDate('2026-12-08')).toBe('8 Dec 2026');
  });
});
