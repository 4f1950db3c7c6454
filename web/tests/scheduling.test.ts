import { describe, expect, it } from 'vitest';
import type { Appointment, Reflow } from '../src/api/types';
import { nextAppointment } from '../src/lib/records';
import {
  appointmentLabel, byStart, clinicIso, isFollowUp, isSeriesBooked, localInput, namesById, nextDay, nextToChart, offsetOf, summariseReflow, zoneOffsetMinutes,
} from '../src/lib/scheduling';

const appt = (over: Partial<Appointment>): Appointment => ({
  id: 1, plan_id: 7, patient_id: 3, session_number: 1, kind: 'session', starts_at: '2027-03-02T09:00:00+01:00', ends_at: '2027-03-02T10:30:00+01:00',
  practitioner_id: 1, room_id: 1, device_id: 1, status: 'booked', sequence: 0, ...over,
});

describe('clinic wall-clock times', () => {
  it.each([
    ['2027-03-29T09:00:00+02:00', '2027-03-29T09:00'],
    ['2027-03-29T09:00+02:00', '2027-03-29T09:00'],
    ['nonsense', ''],
  ])('localInput(%s) = %s', (iso, want) => expect(localInput(iso)).toBe(want));

  it.each([
    ['2027-03-29T09:00:00+02:00', '+02:00'],
    ['2027-03-29T09:00:00-05:30', '-05:30'],
    ['2027-03-29T07:00:00Z', '+00:00'],
    ['2027-03-29T07:00:00', '+00:00'],
  ])('offsetOf(%s) = %s', (iso, want) => expect(offsetOf(iso)).toBe(want));

  it('knows the zone\'s offset at an instant', () => {
    expect(zoneOffsetMinutes(Date.parse('2027-01-15T12:00:00Z'), 'Europe/Amsterdam')).toBe(60);
    expect(zoneOffsetMinutes(Date.parse('2027-07-15T12:00:00Z'), 'Europe/Amsterdam')).toBe(120);
    expect(zoneOffsetMinutes(Date.parse('2027-07-15T12:00:00Z'), 'America/New_York')).toBe(-240);
    expect(zoneOffsetMinutes(Date.parse('2027-07-15T12:00:00Z'), 'UTC')).toBe(0);
  });

  it.each([
    ['2027-03-26T09:00', '2027-03-26T09:00:00+01:00'], // the Friday before summer time
    ['2027-03-29T09:00', '2027-03-29T09:00:00+02:00'], // the Monday after (DST began on Sunday 28 March)
    ['2027-03-28T09:00', '2027-03-28T09:00:00+02:00'], // the changeover day itself, after 03:00
    ['2027-10-31T09:00', '2027-10-31T09:00:00+01:00'], // back to winter time
    ['2026-12-01T14:45', '2026-12-01T14:45:00+01:00'],
  ])('clinicIso(%s, Europe/Amsterdam) = %s', (local, want) => expect(clinicIso(local, 'Europe/Amsterdam')).toBe(want));

  it('falls back to the given offset without a usable time zone', () => {
    expect(clinicIso('2027-03-29T09:00', undefined, '+01:00')).toBe('2027-03-29T09:00:00+01:00');
    expect(clinicIso('2027-03-29T09:00', 'Not/AZone', '+01:00')).toBe('2027-03-29T09:00:00+01:00');
    expect(clinicIso('2027-03-29T09:00:30', 'UTC')).toBe('2027-03-29T09:00:00+00:00');
  });

  it.each([['2026-12-31', '2027-01-01'], ['2027-02-28', '2027-03-01'], ['2028-02-28', '2028-02-29']])('nextDay(%s) = %s', (d, want) => {
    expect(nextDay(d)).toBe(want);
  });
});

describe('picking sessions', () => {
  const series = [
    appt({ id: 1, session_number: 1, status: 'completed', starts_at: '2027-01-05T09:00:00+01:00' }),
    appt({ id: 4, session_number: 4, starts_at: '2027-04-06T09:00:00+02:00' }),
    appt({ id: 2, session_number: 2, status: 'cancelled', starts_at: '2027-02-02T09:00:00+01:00' }),
    appt({ id: 5, session_number: 2, starts_at: '2027-02-04T09:00:00+01:00' }),
    appt({ id: 3, session_number: 3, starts_at: '2027-03-04T09:00:00+01:00' }),
  ];
  it('the next session to chart is the booked one with the lowest number', () => {
    expect(nextToChart(series)?.id).toBe(5);
    expect(nextToChart(series.filter((a) => a.status !== 'booked'))).toBeUndefined();
  });
  it('the patient\'s next session is the first booked one from now on', () => {
    expect(nextAppointment(series, Date.parse('2027-01-10T00:00:00Z'))?.id).toBe(5);
    expect(nextAppointment(series, Date.parse('2027-02-04T09:30:00+01:00'))?.id).toBe(3);
    expect(nextAppointment(series, Date.parse('2027-05-01T00:00:00Z'))).toBeUndefined();
  });
  it('a series is booked once a session of that plan is booked or done', () => {
    expect(isSeriesBooked(7, series)).toBe(true);
    expect(isSeriesBooked(8, series)).toBe(false);
    expect(isSeriesBooked(7, series.filter((a) => a.status === 'cancelled'))).toBe(false);
  });
  it('orders by start across offsets', () => {
    const list = [appt({ id: 1, starts_at: '2027-03-28T10:30:00+02:00' }), appt({ id: 2, starts_at: '2027-03-28T09:00:00+01:00' })];
    expect(byStart(list).map((a) => a.id)).toEqual([2, 1]); // 08:00Z before 08:30Z
  });
  it('names resources by id', () => {
    const names = namesById([{ id: 3, kind: 'room', name: 'Treatment room 1', version: 1 }]);
    expect(names.get(3)).toBe('Treatment room 1');
    expect(namesById(undefined).size).toBe(0);
  });
});

describe('summariseReflow', () => {
  const s1 = appt({ id: 10, session_number: 1, starts_at: '2027-03-02T09:00:00+01:00' });
  const s2 = appt({ id: 11, session_number: 2, starts_at: '2027-03-30T09:00:00+02:00' });
  const s3 = appt({ id: 12, session_number: 3, starts_at: '2027-04-27T09:00:00+02:00' });
  const before = [s1, s2, s3];

  it('a reschedule: the session moves, and each later session that moves with its old and new time', () => {
    const answer: Reflow = {
      dry_run: true,
      appointment: { ...s1, starts_at: '2027-03-09T09:00:00+01:00', sequence: 1 },
      moved: [{ ...s3, starts_at: '2027-05-04T09:00:00+02:00' }, { ...s2, starts_at: '2027-04-06T09:00:00+02:00' }],
      unresolved: null,
    };
    const { changes, unresolved } = summariseReflow(answer, s1, 'reschedule', before);
    expect(unresolved).toBeUndefined();
    expect(changes.map((c) => [c.session_number, c.kind, c.from, c.to])).toEqual([
      [1, 'moves', '2027-03-02T09:00:00+01:00', '2027-03-09T09:00:00+01:00'],
      [2, 'moves', '2027-03-30T09:00:00+02:00', '2027-04-06T09:00:00+02:00'],
      [3, 'moves', '2027-04-27T09:00:00+02:00', '2027-05-04T09:00:00+02:00'],
    ]);
  });

  it('leaves out later sessions that stay where they are', () => {
    const answer: Reflow = { dry_run: true, appointment: { ...s1, starts_at: '2027-03-03T09:00:00+01:00' }, moved: [s2], unresolved: null };
    expect(summariseReflow(answer, s1, 'reschedule', before).changes.map((c) => c.session_number)).toEqual([1]);
  });

  it('a cancel: the session is cancelled and rebooked within its window', () => {
    const answer: Reflow = { dry_run: true, appointment: { ...s2, id: 20, starts_at: '2027-04-01T09:00:00+02:00' }, moved: [], unresolved: null };
    expect(summariseReflow(answer, s2, 'cancel', before).changes.map((c) => [c.session_number, c.kind, c.from ?? c.to])).toEqual([
      [2, 'cancelled', '2027-03-30T09:00:00+02:00'],
      [2, 'rebooked', '2027-04-01T09:00:00+02:00'],
    ]);
  });

  it('a no-show that cannot be rebooked says what could not be kept', () => {
    const answer: Reflow = {
      dry_run: true, appointment: null, moved: [],
      unresolved: { session_number: 2, constraint: 'occupied', from: '2027-03-30', to: '2027-04-13', message: 'Session 2 cannot be on 30 Mar 2027: every slot is taken' },
    };
    const summary = summariseReflow(answer, s2, 'no-show', before);
    expect(summary.changes.map((c) => c.kind)).toEqual(['no_show']);
    expect(summary.unresolved).toBe('Session 2 cannot be on 30 Mar 2027: every slot is taken.');
  });

  it('a moved session the client did not know about still shows, without an old time', () => {
    const answer: Reflow = { dry_run: true, appointment: { ...s1, starts_at: '2027-03-09T09:00:00+01:00' }, moved: [{ ...s2, starts_at: '2027-04-06T09:00:00+02:00' }], unresolved: null };
    const changes = summariseReflow(answer, s1, 'reschedule').changes;
    expect(changes[1]).toMatchObject({ session_number: 2, kind: 'moves', from: undefined, to: '2027-04-06T09:00:00+02:00' });
  });
});

describe('the follow-up visit booked with the series (issue 21)', () => {
  const visit = appt({ id: 9, session_number: 3, kind: 'follow_up', starts_at: '2027-06-07T09:00:00+02:00' });
  it('is labelled as a follow-up visit, not a session', () => {
    expect(appointmentLabel(visit)).toBe('Follow-up visit');
    expect(appointmentLabel(visit, true)).toBe('follow-up visit');
    expect(appointmentLabel(appt({ session_number: 2 }))).toBe('Session 2');
    expect(isFollowUp(visit)).toBe(true);
  });
  it('is never the next session to chart', () => {
    expect(nextToChart([visit])).toBeUndefined();
    expect(nextToChart([visit, appt({ id: 3, session_number: 3 })])?.id).toBe(3);
  });
  it('moves after the sessions in a reflow, under its own label', () => {
    const s3 = appt({ id: 3, session_number: 3, starts_at: '2027-03-02T09:00:00+01:00' });
    const answer = {
      dry_run: true, unresolved: null,
      appointment: { ...s3, starts_at: '2027-03-09T09:00:00+01:00', sequence: 1 },
      moved: [{ ...visit, starts_at: '2027-06-14T09:00:00+02:00', sequence: 1 }],
    } as unknown as Reflow;
    const { changes } = summariseReflow(answer, s3, 'reschedule', [s3, visit]);
    expect(changes.map((c) => [c.label, c.kind, c.to])).toEqual([
      ['Session 3', 'moves', '2027-03-09T09:00:00+01:00'],
      ['Follow-up visit', 'moves', '2027-06-14T09:00:00+02:00'],
    ]);
  });
});
