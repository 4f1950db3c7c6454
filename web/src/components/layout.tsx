// The frame of every signed-in page: skip link, header with the role's navigation, main.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { api } from '../api/endpoints';
import { useLoad } from '../lib/hooks';
import { clinicTimeZone } from '../lib/labels';
import { useLocation } from '../lib/router';
import { useSession } from '../lib/session';
import type { Role } from '../api/types';
import { Link } from './ui';

const STAFF_NAV: [string, string][] = [
  ['/', 'Dashboard'], ['/patients', 'Patients'], ['/calendar', 'Calendar'], ['/alerts', 'Alerts'],
  ['/adverse-events', 'Adverse events'], ['/messages', 'Messages'],
];
const ADMIN_NAV: [string, string][] = [
  ...STAFF_NAV, ['/settings', 'Clinic settings'], ['/accounts', 'Accounts'], ['/data', 'Import & export'],
];
/** The front desk books and reminds: alerts (clinical signs) are the clinicians'. */
const COORDINATOR_NAV = STAFF_NAV.filter(([href]) => href !== '/alerts' && href !== '/adverse-events');
const PORTAL_NAV: [string, string][] = [
  ['/', 'My plan'], ['/today', 'Today'], ['/check-in', 'Check-in'], ['/products', 'Product checker'], ['/progress', 'Progress'], ['/faq', 'FAQ'], ['/photos', 'Photos'], ['/consent', 'Consent'],
];

/**
 * The navigation of a role: the portal for patients, the workspace for staff (clinic settings
 * and accounts for admins; no alerts for coordinators, who never read the clinical record).
 */
export function navFor(role: Role): [string, string][] {
  if (role === 'patient') return PORTAL_NAV;
  if (role === 'admin') return ADMIN_NAV;
  return role === 'coordinator' ? COORDINATOR_NAV : STAFF_NAV;
}

/** True when nav item `href` is the current section (the dashboard only on "/"). */
export function isCurrent(href: string, path: string): boolean {
  return href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`);
}

export function Layout({ children }: { children: ComponentChildren }) {
  const { user, signOut } = useSession();
  const { path } = useLocation();
  // After an in-app navigation, keyboard and screen-reader users start at the new content.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) first.current = false;
    else document.getElementById('main')?.focus();
  }, [path]);
  const nav = navFor(user.role);
  return (
    <>
      <a class="skip-link" href="#main">Skip to content</a>
      <header class="topbar">
        <div class="topbar-inner">
          <ClinicBrand portal={user.role === 'patient'} />
          <nav aria-label={user.role === 'patient' ? 'Patient portal' : 'Clinic workspace'}>
            <ul class="nav">
              {nav.map(([href, label]) => (
                <li key={href}>
                  <Link href={href} aria-current={isCurrent(href, path) ? 'page' : undefined}>{label}</Link>
                </li>
              ))}
            </ul>
          </nav>
          {clinicTimeZone() && <span class="clock-label" data-testid="clinic-clock" title="Every time in this app is the clinic's local time">Times: {clinicTimeZone()}</span>}
          <div class="whoami">
            <Link href="/account" class="whoami-name" aria-current={path === '/account' ? 'page' : undefined}
              title={user.role === 'patient' ? 'My account and password' : 'Your account, password and two-factor sign-in'}>{user.name}</Link>
            <span class="whoami-role">{user.role}</span>
            <button type="button" class="btn btn--secondary btn--small" onClick={signOut}>Sign out</button>
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} class="page">{children}</main>
    </>
  );
}

/**
 * The header's brand: the clinic's logo and name once an admin has saved them (patients see
 * their clinic, not the software), else "Scarwise".
 */
function ClinicBrand({ portal }: { portal: boolean }) {
  const identity = useLoad(() => api.clinicIdentity().catch(() => undefined), []);
  const clinic = identity.data;
  if (!clinic?.name) {
    return (
      <Link href="/" class="brand" aria-label="Scarwise home">
        <span class="brand-mark" aria-hidden="true">◐</span> Scarwise
      </Link>
    );
  }
  return (
    <Link href="/" class="brand" aria-label={`${clinic.name}${portal ? ', patient portal' : ''}: home`} data-testid="clinic-brand">
      {clinic.logo_url ? <img src={clinic.logo_url} alt="" class="brand-logo" /> : <span class="brand-mark" aria-hidden="true">◐</span>}
      {' '}{clinic.name}
    </Link>
  );
}
