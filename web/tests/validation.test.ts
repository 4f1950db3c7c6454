import { describe, expect, it } from 'vitest';
import type { ScreeningQuestion } from '../src/api/types';
import {
  assessmentFieldPath, buildAssessment, emptyScreening, validatePatient, validateScreening, type ScreeningAnswers,
} from '../src/lib/validation';

const QUESTIONS: ScreeningQuestion[] = [
  { key: 'pregnant', type: 'bool', clinician: 'Pregnant?', patient: '', help: '' },
  { key: 'keloid_tendency', type: 'bool', clinician: 'Keloids?', patient: '', help: '' },
  { key: 'active_acne', type: 'enum', options: ['none', 'mild', 'moderate', 'severe'], clinician: 'Acne?', patient: '', help: '' },
  { key: 'isotretinoin', type: 'course', clinician: 'Isotretinoin?', patient: '', help: '' },
  { key: 'radiation_to_area_months_ago', type: 'months_ago', clinician: 'Radiation?', patient: '', help: '' },
  { key: 'peel_or_toxin_weeks_ago', type: 'weeks_ago', clinician: 'Peel?', patient: '', help: '' },
];

function allAnswered(): ScreeningAnswers {
  const a = (choice: string) => ({ choice, number: '' });
  return {
    pregnant: a('no'), keloid_tendency: a('no'), active_acne: a('none'), isotretinoin: a('never'),
    radiation_to_area_months_ago: a('never'), peel_or_toxin_weeks_ago: a('never'),
  };
}

describe('validateScreening: every question of the protocol must be answered', () => {
  it('refuses an empty form and names every question', () => {
    const { history, errors } = validateScreening(QUESTIONS, emptyScreening());
    expect(history).toBeUndefined();
    expect(Object.keys(errors)).toEqual(QUESTIONS.map((q) => q.key));
    expect(errors.pregnant).toBe('Answer this question.');
  });
  it('builds the API body when all are answered', () => {
    const { history, errors } = validateScreening(QUESTIONS, { ...allAnswered(), pregnant: { choice: 'yes', number: '' } });
    expect(errors).toEqual({});
    expect(history).toEqual({
      pregnant: true, keloid_tendency: false, active_acne: 'none', isotretinoin: 'never', radiation_to_area_months_ago: null,
      peel_or_toxin_weeks_ago: null,
    });
  });
  it('one unanswered question is enough to refuse', () => {
    const a = allAnswered();
    a.keloid_tendency = { choice: '', number: '' };
    expect(Object.keys(validateScreening(QUESTIONS, a).errors)).toEqual(['keloid_tendency']);
  });
  it('isotretinoin stopped needs the months, as the API\'s {stopped_months_ago}', () => {
    const a = { ...allAnswered(), isotretinoin: { choice: 'stopped', number: '' } };
    expect(validateScreening(QUESTIONS, a).errors).toEqual({ 'isotretinoin.stopped_months_ago': 'Enter the number of months (0 or more).' });
    expect(validateScreening(QUESTIONS, { ...a, isotretinoin: { choice: 'stopped', number: '3' } }).history?.isotretinoin)
      .toEqual({ stopped_months_ago: 3 });
  });
  it('months and weeks ago: never is null, yes needs the number', () => {
    const a = { ...allAnswered(), radiation_to_area_months_ago: { choice: 'yes', number: '-1' }, peel_or_toxin_weeks_ago: { choice: 'yes', number: '1' } };
    expect(validateScreening(QUESTIONS, a).errors).toEqual({ radiation_to_area_months_ago: 'Enter the number of months (0 or more).' });
    expect(validateScreening(QUESTIONS, { ...a, radiation_to_area_months_ago: { choice: 'yes', number: '24' } }).history)
      .toMatchObject({ radiation_to_area_months_ago: 24, peel_or_toxin_weeks_ago: 1 });
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
