import { describe, expect, it } from 'vitest';
import { emptyCheckIn, validateCheckIn } from '../src/lib/check_in';
import { chartBody, prefillChart } from '../src/lib/session_chart';
import { validatePreferences } from '../src/pages/clinic/booking';
import { adjustInput, validateAdjustment } from '../src/lib/plan_edit';

describe('validateCheckIn', () => {
  it('needs every scale and both yes/no answers', () => {
    expect(Object.keys(validateCheckIn(emptyCheckIn()).errors).sort()).toEqual(
      ['day_after_session', 'makeup_used', 'pain', 'redness', 'sunscreen_used', 'swelling']);
  });
  it('builds the API body with the warning signs', () => {
    const { checkIn } = validateCheckIn({
      ...emptyCheckIn('2'), redness: '2', swelling: '1', pain: '3', warning_signs: ['pus'], sunscreen_used: 'yes', makeup_used: 'no', products_applied: ' gentle cleanser ',
    });
    expect(checkIn).toEqual({ day_after_session: 2, redness: 2, swelling: 1, pain: 3, warning_signs: ['pus'], products_applied: 'gentle cleanser', sunscreen_used: true, makeup_used: false });
  });
  it.each([['redness', '4'], ['swelling', '-1'], ['pain', '11'], ['pain', '2.5']])('refuses %s = %s', (key, value) => {
    const input = { ...emptyCheckIn('1'), redness: '0', swelling: '0', pain: '0', sunscreen_used: 'yes' as const, makeup_used: 'no' as const, [key]: value };
    expect(Object.keys(validateCheckIn(input).errors)).toEqual([key]);
  });
});

describe('session charting', () => {
  const plan = { sessions: 3, interval_days: { min: 28, target: 28, max: 42 }, session_minutes: 30, numbing_minutes: 45,
    zones: [{ zone: 'cheek_left' as const, needle_depth_mm: 1.5, deep_scars: 0 }], expected: [], recommendations: [], explanation: [] };
  it('carries the previous session forward, reaction left to fill in', () => {
    const previous = { device: 'Pen A', cartridge: '12-pin', numbing: 'EMLA 45 min', passes: 3, duration_minutes: 28, endpoint: 'pinpoint bleeding',
      zones: [{ zone: 'cheek_left' as const, needle_depth_mm: 2 }], reaction: { redness: 2, swelling: 1, pinpoint_bleeding: true }, notes: 'old' };
    const input = prefillChart(previous, plan);
    expect(input).toMatchObject({ device: 'Pen A', passes: '3', depths: { cheek_left: '2' }, redness: '', notes: '' });
  });
  it('without a previous session, starts from the plan\'s depths', () => {
    expect(prefillChart(null, plan)).toMatchObject({ device: '', depths: { cheek_left: '1.5' }, duration_minutes: '30' });
  });
  it('names each missing field', () => {
    expect(Object.keys(chartBody(prefillChart(null, plan)).errors).sort()).toEqual(['device', 'passes', 'reaction.redness', 'reaction.swelling']);
  });
});

describe('booking preferences', () => {
  it.each([
    [{ weekdays: [], time_from: '09:00', time_to: '13:00' }, ['weekdays']],
    [{ weekdays: ['tue' as const], time_from: '13:00', time_to: '09:00' }, ['time_to']],
    [{ weekdays: ['tue' as const], time_from: '9', time_to: '13:00' }, ['time_from']],
    [{ weekdays: ['tue' as const, 'thu' as const], time_from: '09:00', time_to: '13:00' }, []],
  ])('%o → %o', (prefs, fields) => {
    expect(Object.keys(validatePreferences(prefs))).toEqual(fields);
  });
});

describe('plan adjustment within the protocol\'s bounds', () => {
  const plan = { sessions: 4, interval_days: { min: 28, target: 28, max: 42 }, session_minutes: 30, numbing_minutes: 45,
    zones: [{ zone: 'cheek_left' as const, needle_depth_mm: 1.5, deep_scars: 2 }], expected: [], recommendations: [], explanation: [] };
  it('starts from the proposal and sends it unchanged', () => {
    expect(validateAdjustment(adjustInput(plan), plan).adjustment).toEqual({ sessions: 4, interval_days: 28, zones: [{ zone: 'cheek_left', needle_depth_mm: 1.5 }] });
  });
  it.each([
    ['interval_days', { interval_days: '27' }, 'The protocol allows 28 to 42 days.'],
    ['interval_days', { interval_days: '43' }, 'The protocol allows 28 to 42 days.'],
    ['sessions', { sessions: '0' }, 'Enter a whole number of sessions.'],
  ])('%s %o', (field, change, message) => {
    expect(validateAdjustment({ ...adjustInput(plan), ...change }, plan).errors).toEqual({ [field]: message });
  });
  it('checks sessions and depth against the bounds the server sends', () => {
    const bounded = { ...plan, bounds: { sessions: { min: 3, max: 6 }, needle_depth_mm: { min: 0.25, max: 2 } } };
    const { errors } = validateAdjustment({ sessions: '7', interval_days: '35', depths: { cheek_left: '2.5' } }, bounded);
    expect(errors).toEqual({ sessions: 'The protocol allows 3 to 6 sessions.', 'depth.cheek_left': 'The protocol allows 0.25 to 2 mm.' });
    expect(validateAdjustment({ sessions: '6', interval_days: '42', depths: { cheek_left: '2' } }, bounded).adjustment).toBeDefined();
  });
});
