import { describe, expect, it } from 'vitest';
import { idParam, matchRoute } from '../src/lib/router';
import { PORTAL_ROUTES, STAFF_ROUTES } from '../src/app';
import { isCurrent, navFor } from '../src/components/layout';

describe('matchRoute', () => {
  const patterns = Object.keys(STAFF_ROUTES);
  it.each([
    ['/', '/', {}],
    ['/patients', '/patients', {}],
    ['/patients/', '/patients', {}],
    ['/patients/12', '/patients/:id', { id: '12' }],
    ['/patients/12/consultation', '/patients/:id/consultation', { id: '12' }],
    ['/plans/3/booking?x=1', '/plans/:id/booking', { id: '3' }],
  ])('%s → %s', (path, pattern, params) => {
    expect(matchRoute(path, patterns)).toEqual({ pattern, params });
  });
  it('matches nothing for unknown paths', () => {
    expect(matchRoute('/patients/1/unknown', patterns)).toBeUndefined();
  });
  it('a patient has no route to a patient page (only the portal)', () => {
    expect(matchRoute('/patients/2', Object.keys(PORTAL_ROUTES))).toBeUndefined();
  });
});

describe('idParam', () => {
  it.each([['7', 7], ['0', undefined], ['-1', undefined], ['1e3', undefined], ['abc', undefined], [undefined, undefined]])('%s → %s', (v, want) => {
    expect(idParam(v)).toBe(want);
  });
});

describe('isCurrent', () => {
  it('marks the section of the current page, the dashboard only on /', () => {
    expect(isCurrent('/', '/')).toBe(true);
    expect(isCurrent('/', '/patients')).toBe(false);
    expect(isCurrent('/patients', '/patients/3')).toBe(true);
    expect(isCurrent('/patients', '/patientsx')).toBe(false);
  });
});

describe('navFor', () => {
  it('shows Messages to all staff, Alerts and Adverse events to all but coordinators and Clinic settings only to admins', () => {
    const labels = (role: Parameters<typeof navFor>[0]) => navFor(role).map(([, label]) => label);
    expect(labels('admin')).toEqual(['Dashboard', 'Patients', 'Calendar', 'Alerts', 'Adverse events', 'Messages', 'Clinic settings', 'Accounts', 'Import & export']);
    expect(labels('clinician')).toEqual(['Dashboard', 'Patients', 'Calendar', 'Alerts', 'Adverse events', 'Messages']);
    expect(labels('coordinator')).toEqual(['Dashboard', 'Patients', 'Calendar', 'Messages']);
    expect(labels('patient')).not.toContain('Messages');
  });
});
