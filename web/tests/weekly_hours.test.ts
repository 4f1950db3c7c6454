import { describe, expect, it } from 'vitest';
import {
  clockError, clockMinutes, daysInclusive, emptyHours, formToHours, hoursToForm, isDate, isQuarterHour, sortAbsences,
  summariseHours, validateAbsence, validateClosedDates,
} from '../src/lib/weekly_hours';

describe('HH:MM on the quarter hour', () => {
  it('accepts quarter hours from 00:00 to 24:00', () => {
    for (const t of ['00:00', '09:00', '09:15', '12:30', '17:45', '23:45', '24:00']) expect(isQuarterHour(t), t).toBe(true);
    expect(clockMinutes('17:30')).toBe(1050);
    expect(clockMinutes(' 09:00 ')).toBe(540);
  });
  it('refuses other minutes, other shapes and impossible times, saying why', () => {
    expect(clockError('09:10')).toBe('Times must be on the quarter hour (:00, :15, :30, :45).');
    expect(clockError('9:00')).toMatch(/not a time of day/);
    expect(clockError('09.00')).toMatch(/not a time of day/);
    expect(clockError('24:15')).toMatch(/not a time of day/);
    expect(clockError('25:00')).toMatch(/not a time of day/);
    expect(clockError('12:60')).toMatch(/not a time of day/);
    expect(clockError('')).toBe('Enter a time as HH:MM.');
    expect(clockMinutes('0900')).toBeUndefined();
  });
});

describe('weekly hours: API shape <-> form', () => {
  const api = { mon: [['09:00', '12:30'], ['13:30', '17:30']] as [string, string][], sat: [['09:00', '13:00']] as [string, string][], sun: [] };

  it('shows every weekday, missing ones closed', () => {
    const form = hoursToForm(api);
    expect(Object.keys(form)).toEqual(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
    expect(form.mon).toEqual([{ from: '09:00', to: '12:30' }, { from: '13:30', to: '17:30' }]);
    expect(form.tue).toEqual([]);
    expect(hoursToForm(undefined)).toEqual(emptyHours());
  });

  it('round-trips, sending all seven days (closed ones as [])', () => {
    const { hours, errors } = formToHours(hoursToForm(api), 'opening_hours');
    expect(errors).toEqual({});
    expect(hours).toEqual({ mon: api.mon, tue: [], wed: [], thu: [], fri: [], sat: api.sat, sun: [] });
  });

  it('trims what was typed', () => {
    const form = emptyHours();
    form.wed = [{ from: ' 10:00', to: '16:00 ' }];
    expect(formToHours(form, 'working_hours').hours?.wed).toEqual([['10:00', '16:00']]);
  });

  it('names the span the way the server does ("opening_hours.mon[1]")', () => {
    const form = hoursToForm(api);
    form.mon[1] = { from: '13:10', to: '17:30' };
    form.fri = [{ from: '17:00', to: '09:00' }];
    const { hours, errors } = formToHours(form, 'opening_hours');
    expect(hours).toBeUndefined();
    expect(errors).toEqual({
      'opening_hours.mon[1]': 'Times must be on the quarter hour (:00, :15, :30, :45).',
      'opening_hours.fri[0]': 'The hours must start before they end.',
    });
  });

  it('refuses overlapping or out-of-order spans, and empty times', () => {
    const form = emptyHours();
    form.tue = [{ from: '09:00', to: '13:00' }, { from: '12:00', to: '17:00' }];
    form.thu = [{ from: '13:00', to: '17:00' }, { from: '09:00', to: '12:00' }];
    form.sat = [{ from: '09:00', to: '' }];
    expect(formToHours(form, 'working_hours').errors).toEqual({
      'working_hours.tue[1]': 'These hours overlap the hours above, or come before them.',
      'working_hours.thu[1]': 'These hours overlap the hours above, or come before them.',
      'working_hours.sat[0]': 'Enter a time as HH:MM.',
    });
  });

  it('allows spans that touch and the end of the day', () => {
    const form = emptyHours();
    form.mon = [{ from: '09:00', to: '12:00' }, { from: '12:00', to: '24:00' }];
    expect(formToHours(form, 'opening_hours').errors).toEqual({});
  });

  it('summarises runs of days with the same hours', () => {
    const week = { mon: [['09:00', '17:30']], tue: [['09:00', '17:30']], wed: [['09:00', '17:30']], thu: [['09:00', '17:30']], fri: [['09:00', '17:30']], sat: [['09:00', '13:00']], sun: [] } as Record<string, [string, string][]>;
    expect(summariseHours(week)).toBe('Mon–Fri 09:00–17:30 · Sat 09:00–13:00');
    expect(summariseHours({ wed: [['13:00', '17:30']], fri: [['09:00', '12:00'], ['13:00', '17:00']] })).toBe('Wed 13:00–17:30 · Fri 09:00–12:00, 13:00–17:00');
    expect(summariseHours({})).toBe('Closed every day');
  });
});

describe('closed dates and absences', () => {
  it('checks real dates', () => {
    expect(isDate('2026-12-25')).toBe(true);
    expect(isDate('2027-02-29')).toBe(false);
    expect(isDate('25-12-2026')).toBe(false);
  });

  it('closed dates: errors keyed by the row, which is the index the server names', () => {
    expect(validateClosedDates(['2026-12-25', '2027-01-01'])).toEqual({ errors: {}, dates: ['2026-12-25', '2027-01-01'] });
    expect(validateClosedDates(['2026-12-25', '', '2027-13-01']).errors).toEqual({
      'closed_dates[1]': 'Enter a date, or remove this row.',
      'closed_dates[2]': 'Enter a date (YYYY-MM-DD).',
    });
  });

  it('an absence needs both days, the last not before the first', () => {
    expect(validateAbsence('2027-03-01', '2027-03-05')).toEqual({ errors: {}, absence: { from: '2027-03-01', to: '2027-03-05' } });
    expect(validateAbsence('2027-03-01', '2027-03-01').absence).toEqual({ from: '2027-03-01', to: '2027-03-01' });
    expect(validateAbsence('2027-03-05', '2027-03-01').errors).toEqual({ to: 'The last day must not be before the first.' });
    expect(validateAbsence('', '').errors).toEqual({ from: 'Enter the first day away (YYYY-MM-DD).', to: 'Enter the last day away (YYYY-MM-DD).' });
  });

  it('sorts absences and counts their days', () => {
    expect(sortAbsences([{ from: '2027-05-01', to: '2027-05-02' }, { from: '2027-02-15', to: '2027-02-19' }])[0].from).toBe('2027-02-15');
    expect(daysInclusive('2027-02-15', '2027-02-19')).toBe(5);
    expect(daysInclusive('2027-03-27', '2027-03-29')).toBe(3); // across the DST change
  });
});
