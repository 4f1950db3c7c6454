import { describe, expect, it } from 'vitest';
import { emptyCheckIn, validateCheckIn } from '../src/lib/check_in';
import { chartBody, chartFieldPath, deviationError, isCarriedForward, prefillChart, usableLots } from '../src/lib/session_chart';
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
  const appointment = { starts_at: '2027-03-30T09:00:00+02:00', ends_at: '2027-03-30T10:30:00+02:00' };
  const fromPlan = { device: '', cartridge_lot: '', numbing_product: '', numbing_minutes: 45, endpoint: '', notes: '',
    zones: [{ zone: 'cheek_left' as const, needle_depth_mm: 1.5, passes: 1 }], reaction: { redness: 0, swelling: 0, bleeding: 'none' as const } };
  const previous = { device: 'Dermapen 4', cartridge_lot: 'LOT-7', numbing_product: 'EMLA 5 %', numbing_minutes: 40, endpoint: 'pinpoint bleeding', notes: 'old',
    zones: [{ zone: 'cheek_left' as const, needle_depth_mm: 2, passes: 3 }], reaction: { redness: 2, swelling: 1, bleeding: 'pinpoint' as const } };
  const toIso = (local: string) => `${local}:00+02:00`;

  it('carries the previous session forward; the reaction and notes are left to fill in', () => {
    expect(isCarriedForward(previous)).toBe(true);
    const input = prefillChart(previous, appointment);
    expect(input).toMatchObject({ started_at: '2027-03-30T09:00', ended_at: '2027-03-30T10:30', device: 'Dermapen 4', cartridge_lot: 'LOT-7',
      numbing_minutes: '40', endpoint: 'pinpoint bleeding', zones: [{ zone: 'cheek_left', depth: '2', passes: '3' }], redness: '', bleeding: '', notes: '' });
  });
  it('for a first session, starts from the plan\'s depths and asks for the passes', () => {
    expect(isCarriedForward(fromPlan)).toBe(false);
    expect(prefillChart(fromPlan, appointment)).toMatchObject({ device: '', endpoint: '', numbing_minutes: '45', zones: [{ zone: 'cheek_left', depth: '1.5', passes: '' }] });
  });
  it('names each missing field', () => {
    expect(Object.keys(chartBody(prefillChart(fromPlan, appointment), toIso).errors).sort()).toEqual(
      ['cartridge_lot', 'device', 'endpoint', 'passes.cheek_left', 'reaction.bleeding', 'reaction.redness', 'reaction.swelling']);
  });
  it('checks the times', () => {
    const input = { ...prefillChart(previous, appointment), redness: '1', swelling: '0', bleeding: 'pinpoint' as const };
    expect(chartBody({ ...input, ended_at: '2027-03-30T08:00' }, toIso).errors).toEqual({ ended_at: 'The end must be after the start.' });
    expect(chartBody({ ...input, ended_at: '2027-03-31T08:00' }, toIso).errors).toEqual({ ended_at: 'The end is more than 12 hours after the start.' });
    expect(chartBody({ ...input, started_at: '' }, toIso).errors).toEqual({ started_at: 'Enter when the session started.' });
  });
  it('builds the API body with the clinic\'s offset', () => {
    const input = { ...prefillChart(previous, appointment), redness: '1', swelling: '0', bleeding: 'pinpoint' as const, notes: 'calm' };
    expect(chartBody(input, toIso).chart).toEqual({
      started_at: '2027-03-30T09:00:00+02:00', ended_at: '2027-03-30T10:30:00+02:00', device: 'Dermapen 4', cartridge_lot: 'LOT-7',
      numbing_product: 'EMLA 5 %', numbing_minutes: 40, zones: [{ zone: 'cheek_left', needle_depth_mm: 2, passes: 3 }],
      endpoint: 'pinpoint bleeding', reaction: { redness: 1, swelling: 0, bleeding: 'pinpoint' }, notes: 'calm',
    });
  });
  it('sends the glide (all three answers, or none) and the reasons given', () => {
    const input = { ...prefillChart(previous, appointment), redness: '1', swelling: '0', bleeding: 'pinpoint' as const };
    expect(Object.keys(chartBody({ ...input, glide_product: 'Glide' }, toIso).errors).sort()).toEqual(['glide.inci', 'glide.sterile']);
    const { chart } = chartBody({ ...input, glide_product: ' Glide ', glide_inci: 'Aqua', glide_sterile: 'no', depth_reason: ' scars persisted ', early_reason: '  ' }, toIso);
    expect(chart?.glide).toEqual({ product: 'Glide', inci: 'Aqua', sterile: false });
    expect(chart?.depth_reason).toBe('scars persisted');
    expect(chart && 'early_reason' in chart).toBe(false);
    expect(chartBody({ ...input, late_reason: 'x'.repeat(1001) }, toIso).errors).toEqual({ late_reason: 'Keep the reason under 1000 characters.' });
  });
  it('carries the previous glide forward, never a reason', () => {
    const input = prefillChart({ ...previous, glide: { product: 'G', inci: 'Aqua', sterile: true, flags: [] } }, appointment);
    expect(input).toMatchObject({ glide_product: 'G', glide_inci: 'Aqua', glide_sterile: 'yes', early_reason: '', late_reason: '', depth_reason: '' });
    expect(prefillChart(fromPlan, appointment)).toMatchObject({ glide_product: '', glide_sterile: '' });
  });
  it('puts a refusal outside the plan next to the reason it needs', () => {
    expect(deviationError("is 2.00 mm, deeper than the approved plan's 1.50 mm; to chart it anyway, give the depth_reason", 'Left cheek: the depth')).toEqual({
      path: 'depth_reason', message: "Left cheek: the depth is 2.00 mm, deeper than the approved plan's 1.50 mm. To chart it anyway, say why here." });
    expect(deviationError('is 3 days after the previous session; to chart it anyway, give the early_reason', 'This session')?.path).toBe('early_reason');
    expect(deviationError('must be from 0.25 to 2.00 mm', 'x')).toBeUndefined();
  });
  it('offers the catalogue\'s lots not expired on the day', () => {
    const lot = (id: number, expires_on: string | null) => ({ id, device: 'D', lot: `L${id}`, expires_on, created_by: 1, created_at: '' });
    expect(usableLots([lot(1, '2027-03-29'), lot(2, '2027-03-30'), lot(3, null)], '2027-03-30').map((l) => l.id)).toEqual([2, 3]);
  });
  it('maps the server\'s zone paths to the form\'s', () => {
    const zones = [{ zone: 'cheek_left' as const, depth: '1', passes: '2' }, { zone: 'chin' as const, depth: '1', passes: '2' }];
    expect(chartFieldPath(zones, 'zones[1].needle_depth_mm')).toBe('depth.chin');
    expect(chartFieldPath(zones, 'zones[0].passes')).toBe('passes.cheek_left');
    expect(chartFieldPath(zones, 'zones[0].zone')).toBe('zones');
    expect(chartFieldPath(zones, 'zones[5].passes')).toBe('zones');
    expect(chartFieldPath(zones, 'reaction.redness')).toBe('reaction.redness');
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
    const bounded = { ...plan, bounds: { sessions: { min: 3, max: 6 }, interval_days: { min: 28, max: 42 }, needle_depth_mm: { min: 0.25, max: 2 } } };
    const { errors } = validateAdjustment({ sessions: '7', interval_days: '35', depths: { cheek_left: '2.5' } }, bounded);
    expect(errors).toEqual({ sessions: 'The protocol allows 3 to 6 sessions.', 'depth.cheek_left': 'The protocol allows 0.25 to 2 mm.' });
    expect(validateAdjustment({ sessions: '6', interval_days: '42', depths: { cheek_left: '2' } }, bounded).adjustment).toBeDefined();
  });
});

describe('number fields as they change', () => {
  it('never go below their minimum and ask for a number', async () => {
    const { checkNumberInput } = await import('../src/components/ui');
    expect(checkNumberInput('-3', false, '0', true)).toEqual({ value: '0', message: 'Cannot be less than 0.' });
    expect(checkNumberInput('', true, '0', true)).toEqual({ value: '', message: 'Enter a number.' });
    expect(checkNumberInput('2.5', false, '0', true)).toEqual({ value: '2', message: 'Enter a whole number.' });
    expect(checkNumberInput('2.5', false, '0', false)).toEqual({ value: '2.5' });
    expect(checkNumberInput('', false, '0', true)).toEqual({ value: '' });
  });
});

describe('number fields above zero', () => {
  it('keep a value between 0 and a higher minimum, with the message', async () => {
    const { checkNumberInput } = await import('../src/components/ui');
    expect(checkNumberInput('27', false, '28', false)).toEqual({ value: '27', message: 'Cannot be less than 28.' });
    expect(checkNumberInput('-2', false, '28', false)).toEqual({ value: '28', message: 'Cannot be less than 28.' });
  });
});
