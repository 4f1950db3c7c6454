import { describe, expect, it } from 'vitest';
import type { OutboxMessage } from '../src/api/types';
import { inciPreview } from '../src/lib/labels';
import { deliveryLine, formatInstant, inZone, kindLabel, needsAttention } from '../src/lib/outbox';

const message = (over: Partial<OutboxMessage>): OutboxMessage => ({
  id: 1, kind: 'appointment_reminder', recipient: 'ada@example.test', subject: 'Reminder', patient_id: 3, appointment_id: 9,
  due_at: '2027-03-01T08:00:00Z', status: 'pending', attempts: 0, next_attempt_at: '2027-03-01T08:00:00Z', last_error: '', sent_at: null,
  ...over,
});

describe('times the server writes in UTC, on the clinic\'s wall clock', () => {
  it('converts to the zone\'s offset, winter and summer', () => {
    expect(inZone('2027-03-01T08:00:00Z', 'Europe/Amsterdam')).toBe('2027-03-01T09:00:00+01:00');
    expect(inZone('2027-07-01T08:00:00Z', 'Europe/Amsterdam')).toBe('2027-07-01T10:00:00+02:00');
    expect(inZone('2027-01-01T02:30:00Z', 'America/New_York')).toBe('2026-12-31T21:30:00-05:00');
    expect(formatInstant('2027-03-01T08:00:00Z', 'Europe/Amsterdam')).toBe('Mon 1 Mar 2027, 09:00');
  });
  it('falls back to the browser\'s zone for an unknown zone, and leaves unreadable text alone', () => {
    expect(inZone('2027-03-01T08:00:00Z', 'Not/AZone')).toBe(inZone('2027-03-01T08:00:00Z'));
    expect(inZone('soon')).toBe('soon');
  });
});

describe('outbox messages', () => {
  it('labels kinds', () => {
    expect(kindLabel('appointment_reminder')).toBe('Appointment reminder');
    expect(kindLabel('clinic_alert')).toBe('Clinic alert');
    expect(kindLabel('birthday_card')).toBe('Birthday card');
  });
  it('needs attention when failed, or retrying after an error', () => {
    expect(needsAttention(message({ status: 'failed', attempts: 5, last_error: 'mailbox unavailable' }))).toBe(true);
    expect(needsAttention(message({ status: 'pending', attempts: 2, last_error: 'connection refused' }))).toBe(true);
    expect(needsAttention(message({ status: 'pending' }))).toBe(false);
    expect(needsAttention(message({ status: 'skipped', last_error: 'the appointment changed since' }))).toBe(false);
  });
  it('says where each message stands', () => {
    const z = 'Europe/Amsterdam';
    expect(deliveryLine(message({}), z)).toBe('Due Mon 1 Mar 2027, 09:00');
    expect(deliveryLine(message({ attempts: 2, last_error: 'x', next_attempt_at: '2027-03-01T09:00:00Z' }), z)).toBe('Next try Mon 1 Mar 2027, 10:00 · 2 attempts so far');
    expect(deliveryLine(message({ status: 'sent', attempts: 1, sent_at: '2027-03-01T08:00:05Z' }), z)).toBe('Sent Mon 1 Mar 2027, 09:00');
    expect(deliveryLine(message({ status: 'failed', attempts: 1 }), z)).toBe('Gave up after 1 attempt');
    expect(deliveryLine(message({ status: 'skipped' }), z)).toBe('Not sent (was due Mon 1 Mar 2027, 09:00)');
  });
});

describe('inciPreview', () => {
  it('shows the first ingredients', () => {
    expect(inciPreview('Aqua, Glycerin, Retinol, Tocopherol, Parfum')).toBe('Aqua, Glycerin, Retinol, Tocopherol, …');
    expect(inciPreview('Aqua;Glycerin\nRetinol', 2)).toBe('Aqua, Glycerin, …');
    expect(inciPreview(' Aqua ')).toBe('Aqua');
  });
});
