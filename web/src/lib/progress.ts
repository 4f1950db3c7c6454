// The progress chart's data: measured Goodman & Baron quantitative scores against the band
// the plan expects. The plan gives the expected improvement after each session as a
// percentage (low, mid, high) of the baseline score; the band is the score that remains.
import type { CourseProgress, ExpectedImprovement } from '../api/types';

export interface ProgressSeries {
  sessions: number[]; // x: 0 = baseline, then after session 1, 2, …
  low: (number | null)[]; // best expected score (most improvement)
  mid: (number | null)[];
  high: (number | null)[]; // worst expected score (least improvement)
  measured: (number | null)[];
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * `baseline` is the first quantitative score; `measured[i]` the score measured after session i
 * (measured[0] is the baseline itself). Sessions without a measurement are null.
 */
export function progressSeries(baseline: number, expected: readonly ExpectedImprovement[], measured: readonly number[]): ProgressSeries {
  const last = Math.max(expected.reduce((m, e) => Math.max(m, e.after_session), 0), measured.length - 1, 0);
  const out: ProgressSeries = { sessions: [], low: [], mid: [], high: [], measured: [] };
  for (let s = 0; s <= last; s++) {
    const e = expected.find((x) => x.after_session === s);
    out.sessions.push(s);
    if (s === 0) {
      out.low.push(baseline);
      out.mid.push(baseline);
      out.high.push(baseline);
    } else {
      out.low.push(e ? round1(baseline * (1 - e.improvement_pct.high / 100)) : null);
      out.mid.push(e ? round1(baseline * (1 - e.improvement_pct.mid / 100)) : null);
      out.high.push(e ? round1(baseline * (1 - e.improvement_pct.low / 100)) : null);
    }
    out.measured.push(s < measured.length ? measured[s] : null);
  }
  return out;
}


/**
 * The chart's data from the server's course (GET .../progress): the baseline, then the score
 * measured after each session (the latest re-assessment of a session; the follow-up counts as
 * after the last session it followed), against the plan's band. Whether the course is behind
 * is the server's answer (`course.status`), not computed here.
 */
export function courseSeries(course: CourseProgress): ProgressSeries {
  const measured: number[] = [course.baseline.goodman_baron_quantitative];
  for (const p of course.points) {
    while (measured.length <= p.after_session) measured.push(NaN);
    measured[p.after_session] = p.goodman_baron_quantitative;
  }
  const series = progressSeries(course.baseline.goodman_baron_quantitative, course.expected, measured);
  series.measured = series.measured.map((m) => (m === null || Number.isNaN(m) ? null : m));
  return series;
}
