import { describe, expect, it } from 'vitest';
import { ratingOf, reassessmentFieldPath } from '../src/pages/clinic/reassessment_form';

describe('the re-assessment form', () => {
  it('takes a blank or whole 0-10 rating', () => {
    expect(ratingOf('')).toEqual({});
    expect(ratingOf(' 7 ')).toEqual({ value: 7 });
    expect(ratingOf('0')).toEqual({ value: 0 });
    expect(ratingOf('11').error).toMatch(/0 to 10/);
    expect(ratingOf('2.5').error).toBeDefined();
  });
  it('puts the server\'s field errors next to its fields', () => {
    const zones = ['cheek_left', 'forehead'] as const;
    expect(reassessmentFieldPath(zones, 'assessment.zones[1].counts.rolling')).toBe('forehead.rolling');
    expect(reassessmentFieldPath(zones, 'assessment.qualitative_grade')).toBe('qualitative_grade');
    expect(reassessmentFieldPath(zones, 'assessment.date')).toBe('date');
    expect(reassessmentFieldPath(zones, 'patient_rating.improvement')).toBe('improvement');
    expect(reassessmentFieldPath(zones, 'after_session')).toBe('after_session');
  });
});
