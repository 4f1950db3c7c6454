import { describe, expect, it } from 'vitest';
import type { Appointment } from '../src/api/types';
import { toCalendarEvents, typedCalendarDate, wallClock, weekRange } from '../src/lib/calendar_events';
import { flattenCalendarSemantics } from '../src/components/calendar_view';

const appt = (over: Partial<Appointment>): Appointment => ({
  id: 1, plan_id: 7, patient_id: 3, sequence: 0, session_number: 1, kind: 'session', starts_at: '2026-12-01T09:30:00+01:00', ends_at: '2026-12-01T10:45:00+01:00',
  practitioner_id: 4, room_id: 9, device_id: 2, status: 'booked', ...over,
});

describe('wallClock', () => {
  it.each([
    ['2026-12-01T09:30:00+01:00', '2026-12-01T09:30:00'],
    ['2026-12-01T09:30+01:00', '2026-12-01T09:30:00'],
    ['2026-12-01T08:30:00Z', '2026-12-01T08:30:00'],
  ])('%s → %s', (iso, want) => expect(wallClock(iso)).toBe(want));
});

describe('toCalendarEvents', () => {
  it('puts each booking in its practitioner\'s or room\'s column and drops cancelled ones', () => {
    const list = [appt({}), appt({ id: 2, session_number: 2, status: 'cancelled' })];
    expect(toCalendarEvents(list, 'practitioner', () => 'Ada L.')).toEqual([
      { id: '1', start: '2026-12-01T09:30:00', end: '2026-12-01T10:45:00', title: 'Ada L. · session 1', resourceIds: ['4'], classNames: ['appt--booked'] },
    ]);
    expect(toCalendarEvents(list, 'room', () => '')[0].resourceIds).toEqual(['9']);
    expect(toCalendarEvents(list, 'none', () => '')[0].resourceIds).toEqual([]);
  });
});

describe('weekRange', () => {
  it.each([
    ['2026-11-23', '2026-11-23', '2026-11-30'], // a Monday
    ['2026-11-29', '2026-11-23', '2026-11-30'], // a Sunday
    ['2026-12-31', '2026-12-28', '2027-01-04'],
  ])('%s → %s..%s', (d, from, to) => expect(weekRange(d)).toEqual({ from, to }));
});

describe('typedCalendarDate', () => {
  it('waits for a whole, real date of a plausible year', () => {
    for (const half of ['', '0002-12-02', '0020-12-02', '0202-12-02', '2026-02-30', '2026-13-01', '2026-12']) {
      expect(typedCalendarDate(half), half).toBeUndefined();
    }
    expect(typedCalendarDate('2026-12-02')).toBe('2026-12-02');
    expect(typedCalendarDate('2028-02-29')).toBe('2028-02-29');
  });
});

describe('flattenCalendarSemantics', () => {
  it('takes the library\'s table roles and labels off its layout, keeps its buttons', () => {
    const root = document.createElement('div');
    root.innerHTML = '<div class="ec" role="table"><nav></nav><div role="rowgroup"><div role="row"><div role="columnheader" aria-colindex="1">'
      + '<time aria-label="Monday">Mon</time></div></div></div><article role="button" tabindex="0" aria-label="Ada">Ada</article></div>';
    flattenCalendarSemantics(root);
    expect(root.querySelectorAll('[role="table"], [role="rowgroup"], [role="row"], [role="columnheader"], [aria-colindex]')).toHaveLength(0);
    expect(root.querySelector('time')!.hasAttribute('aria-label')).toBe(false);
    expect(root.querySelector('article')!.getAttribute('role')).toBe('button');
    expect(root.querySelector('article')!.getAttribute('aria-label')).toBe('Ada');
  });
});

describe('calendar navigation', () => {
  it('steps by the view and names the range', async () => {
    const { monthRange, rangeLabel, stepDate } = await import('../src/lib/calendar_events');
    expect(stepDate('2026-12-07', 'day', -1)).toBe('2026-12-06');
    expect(stepDate('2026-12-07', 'week', 1)).toBe('2026-12-14');
    expect(stepDate('2026-01-31', 'month', 1)).toBe('2026-02-28');
    expect(stepDate('2026-01-15', 'month', -1)).toBe('2025-12-15');
    expect(monthRange('2026-12-07')).toEqual({ from: '2026-12-01', to: '2027-01-01' });
    expect(rangeLabel({ from: '2026-12-01', to: '2027-01-01' }, 'month')).toBe('December 2026');
    expect(rangeLabel({ from: '2026-11-30', to: '2026-12-07' }, 'week')).toBe('30 November – 6 December 2026');
    expect(rangeLabel({ from: '2026-12-07', to: '2026-12-14' }, 'week')).toBe('7 – 13 December 2026');
  });
});
