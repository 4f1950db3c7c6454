import { describe, expect, it } from 'vitest';
import type { DisplacedSession } from '../src/api/types';
import { displacedText } from '../src/pages/clinic/settings_practitioners';

function session(starts_at: string, constraint: DisplacedSession['constraint']): DisplacedSession {
  return {
    id: 1, plan_id: 1, patient_id: 1, session_number: 1, kind: 'session', starts_at, ends_at: starts_at, practitioner_id: 1,
    room_id: 2, device_id: 3, status: 'booked', sequence: 0, constraint,
  };
}

describe('what a practitioner change leaves to reschedule', () => {
  it('says nothing when every booking can be kept', () => {
    expect(displacedText('Dr Vos', [])).toBeUndefined();
  });

  it('names the sessions, when they are and why', () => {
    expect(displacedText('Dr Vos', [session('2027-03-08T09:00:00+01:00', 'absences')])).toBe(
      '1 booked session is with Dr Vos on days away and not moved: reschedule it on the calendar (Mon 8 Mar 2027, 09:00).');
    const hours = displacedText('Dr Vos', [
      session('2027-03-08T09:00:00+01:00', 'working_hours'), session('2027-04-05T09:00:00+02:00', 'working_hours'),
    ]);
    expect(hours).toContain('2 booked sessions are with Dr Vos outside the working hours');
    expect(hours).toContain('Mon 5 Apr 2027, 09:00');
  });

  it('lists five and counts the rest', () => {
    const many = Array.from({ length: 7 }, (_, i) => session(`2027-03-0${i + 1}T09:00:00+01:00`, i ? 'absences' : 'working_hours'));
    const text = displacedText('Dr Vos', many)!;
    expect(text).toContain('on days away or outside the working hours');
    expect(text).toContain('; and 2 more)');
  });
});
