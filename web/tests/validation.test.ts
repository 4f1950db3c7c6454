import { describe, expect, it } from 'vitest';
import {
  assessmentFieldPath, buildAssessment, emptyScreening, validatePatient, validateScreening, YES_NO_QUESTIONS, type ScreeningAnswers,
} from '../src/lib/validation';

function allAnswered(): ScreeningAnswers {
  const a = emptyScreening();
  for (const q of YES_NO_QUESTIONS) a.yesNo[q.key] = 'no';
  return { ...a, active_acne: 'none', isotretinoin: 'never', radiation: 'never', filler: 'never' };
}

describe('validateScreening: every question must be answered', () => {
  it('refuses an empty form and names every question', () => {
    const { history, errors } = validateScreening(emptyScreening());
    expect(history).toBeUndefined();
    expect(Object.keys(errors)).toHaveLength(YES_NO_QUESTIONS.length + 4);
    expect(errors.pregnant).toBe('Answer this question.');
  });
  it('builds the API body when all are answered', () => {
    const { history, errors } = validateScreening({ ...allAnswered(), yesNo: { ...allAnswered().yesNo, cold_sore_history: 'yes' } });
    expect(errors).toEqual({});
    expect(history).toMatchObject({ cold_sore_history: true, pregnant: false, active_acne: 'none', isotretinoin: 'never', radiation_to_area_months_ago: null });
    expect(Object.keys(history!)).toHaveLength(18);
  });
  it('one unanswered question is enough to refuse', () => {
    const a = allAnswered();
    a.yesNo.keloid_tendency = '';
    expect(Object.keys(validateScreening(a).errors)).toEqual(['keloid_tendency']);
  });
  it('isotretinoin stopped needs the months, as the API\'s {stopped_months_ago}', () => {
    const a = { ...allAnswered(), isotretinoin: 'stopped' as const };
    expect(validateScreening(a).errors).toEqual({ 'isotretinoin.stopped_months_ago': 'Enter the number of months (0 or more).' });
    expect(validateScreening({ ...a, isotretinoin_months: '3' }).history?.isotretinoin).toEqual({ stopped_months_ago: 3 });
  });
  it('radiation and filler: never is null, yes needs months', () => {
    const a = { ...allAnswered(), radiation: 'months' as const, radiation_months: '-1', filler: 'months' as const, filler_months: '6' };
    expect(validateScreening(a).errors).toEqual({ radiation_to_area_months_ago: 'Enter the number of months (0 or more).' });
    expect(validateScreening({ ...a, radiation_months: '24' }).history).toMatchObject({ radiation_to_area_months_ago: 24, filler_or_laser_months_ago: 6 });
  });
});

describe('validatePatient', () => {
  const ok = { given_name: ' Ada ', family_name: 'Lindqvist', birth_date: '1990-02-03', sex: '' as const, email: '', phone: '', fitzpatrick: '2' };
  it('trims names and sends null for empty contact fields', () => {
    expect(validatePatient(ok, '2026-11-23').details).toEqual({
      given_name: 'Ada', family_name: 'Lindqvist', birth_date: '1990-02-03', fitzpatrick: 2, email: null, phone: null,
    });
  });
  it.each([
    ['given_name', { given_name: '  ' }],
    ['birth_date', { birth_date: '03/02/1990' }],
    ['birth_date', { birth_date: '2027-01-01' }],
    ['fitzpatrick', { fitzpatrick: '' }],
    ['fitzpatrick', { fitzpatrick: '7' }],
    ['email', { email: 'not-an-address' }],
  ])('%s is refused for %o', (field, change) => {
    const { details, errors } = validatePatient({ ...ok, ...change }, '2026-11-23');
    expect(details).toBeUndefined();
    expect(Object.keys(errors)).toEqual([field]);
  });
});

describe('buildAssessment', () => {
  it('counts blanks as 0 and keeps the selection order', () => {
    const { assessment } = buildAssessment('2026-11-23', '3', ['cheek_right', 'cheek_left'], {
      cheek_left: { counts: { rolling: '6', ice_pick: '2' }, keloid_area_cm2: '' },
    });
    expect(assessment?.zones.map((z) => z.zone)).toEqual(['cheek_right', 'cheek_left']);
    expect(assessment?.zones[1].counts).toEqual({ macular: 0, ice_pick: 2, boxcar_shallow: 0, boxcar_deep: 0, rolling: 6, papular: 0 });
    expect(assessment?.zones[0].keloid_area_cm2).toBe(0);
  });
  it('refuses no zones, a missing grade, negative or fractional counts', () => {
    const { errors } = buildAssessment('2026-11-23', '', [], {});
    expect(errors).toMatchObject({ zones: expect.any(String), qualitative_grade: expect.any(String) });
    const bad = buildAssessment('2026-11-23', '2', ['chin'], { chin: { counts: { rolling: '-1', macular: '1.5' }, keloid_area_cm2: 'x' } });
    expect(Object.keys(bad.errors).sort()).toEqual(['chin.keloid_area_cm2', 'chin.macular', 'chin.rolling']);
  });
});

describe('assessmentFieldPath', () => {
  it.each([
    ['zones[0].counts.rolling', 'forehead.rolling'],
    ['zones[1].keloid_area_cm2', 'chin.keloid_area_cm2'],
    ['zones[5].counts.rolling', 'zones[5].counts.rolling'],
    ['qualitative_grade', 'qualitative_grade'],
  ])('%s → %s', (server, form) => {
    expect(assessmentFieldPath(['forehead', 'chin'], server)).toBe(form);
  });
});
