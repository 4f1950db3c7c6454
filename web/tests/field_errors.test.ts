import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/api/client';
import { fieldId, generalMessage, toFieldErrors, withoutField } from '../src/lib/field_errors';
import { assessmentFieldPath } from '../src/lib/validation';

describe('toFieldErrors', () => {
  const known = ['given_name', 'birth_date', 'cheek_left.rolling'];
  it('puts a named field\'s error next to that field', () => {
    expect(toFieldErrors(new ApiError(400, 'invalid_argument', 'is in the future', 'birth_date'), known)).toEqual({ birth_date: 'Is in the future.' });
  });
  it('maps server paths to form paths', () => {
    const e = new ApiError(400, 'invalid_argument', 'must be at least 0', 'zones[1].counts.rolling');
    expect(toFieldErrors(e, known, (f) => assessmentFieldPath(['forehead', 'cheek_left'], f))).toEqual({ 'cheek_left.rolling': 'Must be at least 0.' });
  });
  it('names a field the form does not show in the general message', () => {
    expect(toFieldErrors(new ApiError(400, 'invalid_argument', 'required', 'history.pregnant'), known)).toEqual({ '': 'history.pregnant: required.' });
  });
  it('gives errors without a field to the form as a whole', () => {
    expect(toFieldErrors(new ApiError(409, 'conflict', 'record the scar assessment before the screening', undefined, 'abc'), known))
      .toEqual({ '': 'Record the scar assessment before the screening (request abc)' });
  });
});

describe('generalMessage', () => {
  it.each([
    [new ApiError(0, 'network', 'The clinic server could not be reached. Your input is kept; try again.'), /could not be reached/],
    [new ApiError(401, 'unauthenticated', 'sign in first'), /session has ended.*kept/],
    [new ApiError(404, 'not_found', 'no such patient'), /not yours/],
    [new ApiError(429, 'rate_limited', 'slow down'), /Too many attempts/],
    [new TypeError('boom'), /input is kept/],
  ])('%s', (error, want) => {
    expect(generalMessage(error)).toMatch(want);
  });
});

describe('withoutField', () => {
  it('drops the edited field and its sub-paths, and nothing else', () => {
    const errors = { isotretinoin: 'a', 'isotretinoin.stopped_months_ago': 'b', isotretinoin_x: 'c', '': 'd' };
    expect(withoutField(errors, 'isotretinoin')).toEqual({ isotretinoin_x: 'c', '': 'd' });
  });
  it('returns the same object when there is nothing to drop (no re-render)', () => {
    const errors = { a: 'x' };
    expect(withoutField(errors, 'b')).toBe(errors);
  });
});

describe('fieldId', () => {
  it('makes a valid DOM id from a dotted path', () => {
    expect(fieldId('consult', 'isotretinoin.stopped_months_ago')).toBe('consult-isotretinoin-stopped_months_ago');
  });
});
