import { describe, expect, it } from 'vitest';
import { courseSeries, progressSeries } from '../src/lib/progress';

const expected = [
  { after_session: 1, improvement_pct: { low: 5, mid: 10, high: 20 } },
  { after_session: 2, improvement_pct: { low: 8, mid: 18, high: 30 } },
  { after_session: 3, improvement_pct: { low: 12, mid: 25, high: 40 } },
];

describe('progressSeries', () => {
  it('turns the expected improvement into a score band from the baseline', () => {
    const s = progressSeries(20, expected, [20, 18]);
    expect(s.sessions).toEqual([0, 1, 2, 3]);
    expect(s.high).toEqual([20, 19, 18.4, 17.6]); // least improvement
    expect(s.mid).toEqual([20, 18, 16.4, 15]);
    expect(s.low).toEqual([20, 16, 14, 12]); // most improvement
    expect(s.measured).toEqual([20, 18, null, null]);
  });
  it('extends the axis when there are more measurements than planned sessions', () => {
    expect(progressSeries(10, expected.slice(0, 1), [10, 9, 8]).sessions).toEqual([0, 1, 2]);
  });
});

describe('courseSeries', () => {
  it('places the re-assessments after their sessions against the plan band; the follow-up replaces the last', () => {
    const course = {
      baseline: { date: '2026-10-01', goodman_baron_quantitative: 20, goodman_baron_qualitative: 3 },
      expected,
      points: [
        { after_session: 1, goodman_baron_quantitative: 19 },
        { after_session: 3, goodman_baron_quantitative: 15 },
      ],
    } as unknown as Parameters<typeof courseSeries>[0];
    const s = courseSeries(course);
    expect(s.sessions).toEqual([0, 1, 2, 3]);
    expect(s.measured).toEqual([20, 19, null, 15]);
    expect(s.high[3]).toBe(17.6);
  });
});
