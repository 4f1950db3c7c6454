import { describe, expect, it } from 'vitest';
import type { Photo } from '../src/api/types';
import { alignmentText, comparedUrl, seriesByView, visitLabel } from '../src/lib/photos';

function photo(id: number, view: string, visit: number, aligned = false): Photo {
  return {
    id, patient_id: 1, view, visit, purposes: ['photos_record'], withdrawn_purposes: [], content_type: 'image/jpeg', sha256: 'x'.repeat(64),
    width: 4000, height: 3000, stored_bytes: 1, variants: ['display'], uploaded_by: 2, uploaded_at: '2026-12-01T10:00:00Z',
    alignment: aligned ? { status: 'aligned', rotation_deg: 2.04, scale: 0.97 } : { status: visit === 0 ? 'baseline' : 'not_aligned', reason: 'too little overlap' },
    urls: aligned ? { display: `/d/${id}`, aligned: `/a/${id}` } : { display: `/d/${id}` },
  };
}

describe('seriesByView', () => {
  it('takes the lowest visit as the baseline and orders views as the protocol does', () => {
    const series = seriesByView([photo(3, 'left_45', 1), photo(2, 'frontal', 2), photo(1, 'frontal', 0), photo(4, 'left_45', 0)], ['frontal', 'left_45']);
    expect(series.map((s) => s.view)).toEqual(['frontal', 'left_45']);
    expect(series[0].baseline.id).toBe(1);
    expect(series[0].later.map((p) => p.id)).toEqual([2]);
    expect(series[1].baseline.id).toBe(4);
  });
});

describe('comparison helpers', () => {
  it('shows the aligned copy when there is one, and says why not otherwise', () => {
    expect(comparedUrl(photo(5, 'frontal', 1, true))).toBe('/a/5');
    expect(comparedUrl(photo(6, 'frontal', 1))).toBe('/d/6');
    expect(alignmentText(photo(5, 'frontal', 1, true))).toBe('Aligned to the baseline (turned 2.0°, scaled 97 %).');
    expect(alignmentText(photo(6, 'frontal', 1))).toContain('Not aligned: too little overlap');
    expect(visitLabel(0)).toBe('Baseline');
    expect(visitLabel(3)).toBe('Session 3');
  });
});
