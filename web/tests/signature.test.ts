import { describe, expect, it } from 'vitest';
import { currentByPurpose, pointCount, signaturePath, wholeYears } from '../src/lib/signature';

describe('signaturePath', () => {
  it('writes absolute M/L commands with one decimal, clamped to the server range', () => {
    expect(signaturePath([[{ x: 1.26, y: 2 }, { x: 3, y: 4.04 }], [{ x: -5, y: 9000 }, { x: 7, y: 8 }]]))
      .toBe('M 1.3 2 L 3 4 M 0 4000 L 7 8');
  });
  it('turns a single tap into a dot of two points', () => {
    const path = signaturePath([[{ x: 10, y: 10 }]]);
    expect(path).toBe('M 10 10 L 10.5 10.5');
    expect(pointCount(path)).toBe(2);
  });
});

describe('wholeYears', () => {
  it('counts a birthday only once it has come', () => {
    expect(wholeYears('2008-12-08', '2026-12-07')).toBe(17);
    expect(wholeYears('2008-12-07', '2026-12-07')).toBe(18);
  });
});

describe('currentByPurpose', () => {
  it('keeps the newest consent that is not withdrawn', () => {
    const found = currentByPurpose([
      { id: 1, purpose: 'treatment', current: true },
      { id: 3, purpose: 'treatment', current: false },
      { id: 2, purpose: 'photos_record', current: false },
    ]);
    expect(found.get('treatment')?.id).toBe(1);
    expect(found.has('photos_record')).toBe(false);
  });
});
