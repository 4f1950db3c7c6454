// A patient's course as one list of dated events, newest first.
import type { AnyPlan, Appointment, AssessmentRecord, ClinicAlert, ScreeningRecord } from '../api/types';
import { DECISION_LABELS, formatDateTime } from './labels';
import { appointmentLabel, isFollowUp } from './scheduling';

export type TimelineKind = 'assessment' | 'screening' | 'plan' | 'session' | 'alert';

export interface TimelineEntry {
  at: string; // ISO date or timestamp, for sorting
  kind: TimelineKind;
  title: string;
  detail: string;
  href?: string;
}

export function buildTimeline(records: {
  assessments?: readonly AssessmentRecord[];
  screenings?: readonly ScreeningRecord[];
  plans?: readonly AnyPlan[];
  appointments?: readonly Appointment[];
  alerts?: readonly ClinicAlert[];
}): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const a of records.assessments ?? []) {
    out.push({
      at: a.created_at, kind: 'assessment', title: 'Scar assessment',
      detail: `Goodman & Baron quantitative ${a.result.goodman_baron_quantitative}, qualitative grade ${a.result.goodman_baron_qualitative}`,
    });
  }
  for (const s of records.screenings ?? []) {
    out.push({ at: s.created_at, kind: 'screening', title: 'Screening', detail: `Decision: ${DECISION_LABELS[s.result.decision] ?? s.result.decision}` });
  }
  for (const p of records.plans ?? []) {
    const sessions = p.proposal.plan ? `${p.proposal.plan.sessions} sessions` : 'no plan';
    out.push({ at: p.created_at, kind: 'plan', title: 'Plan proposed', detail: sessions, href: `/plans/${p.id}` });
    if (p.approved_at) out.push({ at: p.approved_at, kind: 'plan', title: 'Plan approved', detail: `${sessions}, protocol ${p.protocol.version}`, href: `/plans/${p.id}` });
  }
  for (const a of records.appointments ?? []) {
    out.push({ at: a.starts_at, kind: 'session', title: appointmentLabel(a), detail: `${formatDateTime(a.starts_at)} · ${a.status}`, href: isFollowUp(a) ? undefined : `/appointments/${a.id}/session` });
  }
  for (const a of records.alerts ?? []) {
    out.push({ at: a.created_at, kind: 'alert', title: `Alert (${a.urgency})`, detail: a.message, href: '/alerts' });
  }
  // Newest first; records made in the same second keep their course order, latest step on top.
  return out.map((e, i) => ({ e, i })).sort((x, y) => Date.parse(y.e.at) - Date.parse(x.e.at) || y.i - x.i).map(({ e }) => e);
}
