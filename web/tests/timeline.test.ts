import { describe, expect, it } from 'vitest';
import { buildTimeline } from '../src/lib/timeline';
import { currentPlan, nextAppointment } from '../src/lib/records';
import type { AssessmentRecord, PlanRecord, ScreeningRecord } from '../src/api/types';

const at = '2026-11-23T10:00:00Z';
const assessment = { id: 1, created_at: at, result: { goodman_baron_quantitative: 12, goodman_baron_qualitative: 3 } } as AssessmentRecord;
const screening = { id: 1, created_at: at, result: { decision: 'proceed' } } as ScreeningRecord;
const plan = (over: Partial<PlanRecord>) => ({ id: 1, created_at: at, status: 'proposed', approved_at: null, protocol: { name: 'p', version: '1' },
  proposal: { plan: { sessions: 4 } }, ...over }) as PlanRecord;

describe('buildTimeline', () => {
  it('lists the course newest first; same-second records in reverse course order', () => {
    const t = buildTimeline({ assessments: [assessment], screenings: [screening], plans: [plan({ status: 'approved', approved_at: '2026-11-23T11:00:00Z' })] });
    expect(t.map((e) => e.title)).toEqual(['Plan approved', 'Plan proposed', 'Screening', 'Scar assessment']);
    expect(t[3].detail).toBe('Goodman & Baron quantitative 12, qualitative grade 3');
    expect(t[0].href).toBe('/plans/1');
  });
});

describe('currentPlan', () => {
  it('prefers the newest approved plan over a newer proposal', () => {
    expect(currentPlan([plan({ id: 1, status: 'approved' }), plan({ id: 2 })])?.id).toBe(1);
    expect(currentPlan([plan({ id: 1 }), plan({ id: 3 })])?.id).toBe(3);
    expect(currentPlan([])).toBeUndefined();
  });
});

describe('nextAppointment', () => {
  it('is the earliest booked session from now on', () => {
    const base = { plan_id: 1, patient_id: 1, session_number: 1, kind: 'session' as const, ends_at: '', practitioner_id: 1, room_id: 1, device_id: 1, sequence: 0 };
    const list = [
      { ...base, id: 1, starts_at: '2026-11-20T09:00:00+01:00', status: 'completed' as const },
      { ...base, id: 2, starts_at: '2026-12-18T09:00:00+01:00', status: 'booked' as const },
      { ...base, id: 3, starts_at: '2026-12-01T09:00:00+01:00', status: 'cancelled' as const },
      { ...base, id: 4, starts_at: '2026-12-04T09:00:00+01:00', status: 'booked' as const },
    ];
    expect(nextAppointment(list, Date.parse('2026-11-23T00:00:00Z'))?.id).toBe(4);
  });
});
