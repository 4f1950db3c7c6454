// The app shell: asks the server who is signed in, then shows the sign-in page, the
// clinician workspace or the patient portal, each with its own routes. The invitation page
// (/invitation, where a patient chooses the portal password) is public and shown at once.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ComponentType } from 'preact';
import { api } from './api/endpoints';
import { ApiError, CSRF_COOKIE, setUnauthenticatedHandler } from './api/client';
import type { User } from './api/types';
import { reloadAll } from './lib/hooks';
import { matchRoute, navigate, useLocation } from './lib/router';
import { focusElement } from './lib/submit';
import { SessionContext } from './lib/session';
import { Layout } from './components/layout';
import { Loading, Notice } from './components/ui';
import { LoginPage, SessionExpiredDialog } from './pages/login';
import { NotFoundPage } from './pages/not_found';
import { InvitationPage } from './pages/invitation';
import { DashboardPage } from './pages/clinic/dashboard';
import { PatientsPage } from './pages/clinic/patients';
import { PatientPage } from './pages/clinic/patient';
import { ConsultationPage } from './pages/clinic/consultation';
import { PlanReviewPage } from './pages/clinic/plan_review';
import { BookingPage } from './pages/clinic/booking';
import { CalendarPage } from './pages/clinic/calendar';
import { SessionChartPage } from './pages/clinic/session_chart';
import { AlertsPage } from './pages/clinic/alerts';
import { AdverseEventsPage } from './pages/clinic/adverse_events';
import { MessagesPage } from './pages/clinic/messages';
import { SettingsPage } from './pages/clinic/settings';
import { ReferencePage } from './pages/clinic/reference';
import { AccountsPage } from './pages/clinic/accounts';
import { AccountPage } from './pages/clinic/account';
import { DataPage } from './pages/clinic/data';
import { PortalAccountPage } from './pages/portal/account';
import { PortalHomePage } from './pages/portal/home';
import { TodayPage } from './pages/portal/today';
import { CheckInPage } from './pages/portal/check_in';
import { ProductCheckerPage } from './pages/portal/product_checker';
import { ProgressPage } from './pages/portal/progress';
import { FaqPage } from './pages/portal/faq';
import { ConsentPage } from './pages/portal/consent';
import { ConsentHandoverPage } from './pages/clinic/consent_handover';
import { PatientPhotosPage } from './pages/clinic/photos';
import { PortalPhotosPage } from './pages/portal/photos';

export type Page = ComponentType<{ params: Record<string, string> }>;

/** Public pages: shown whoever is signed in (or nobody), without the workspace around them. */
export const PUBLIC_ROUTES = ['/invitation'] as const;

/** Routes of the clinician workspace (admin, clinician, coordinator). */
export const STAFF_ROUTES: Record<string, Page> = {
  '/': DashboardPage,
  '/patients': PatientsPage,
  '/patients/:id': PatientPage,
  '/patients/:id/consultation': ConsultationPage,
  '/patients/:id/consent': ConsentHandoverPage, // the clinic's tablet, handed to the patient
  '/patients/:id/photos': PatientPhotosPage,
  '/plans/:id': PlanReviewPage,
  '/plans/:id/booking': BookingPage,
  '/calendar': CalendarPage,
  '/appointments/:id/session': SessionChartPage,
  '/alerts': AlertsPage,
  '/adverse-events': AdverseEventsPage,
  '/messages': MessagesPage,
  '/settings': SettingsPage, // admin only (others see a notice; the server refuses their changes)
  '/accounts': AccountsPage, // admin only, likewise
  '/data': DataPage, // admin only: CSV exports and the patient import
  '/account': AccountPage, // the signed-in staff member's own account: two-factor sign-in
  '/reference': ReferencePage, // what the sources shown in the workspace cite
};

/** Routes of the patient portal: only the signed-in patient's own records. */
export const PORTAL_ROUTES: Record<string, Page> = {
  '/': PortalHomePage,
  '/today': TodayPage,
  '/check-in': CheckInPage,
  '/products': ProductCheckerPage,
  '/progress': ProgressPage,
  '/faq': FaqPage,
  '/consent': ConsentPage,
  '/photos': PortalPhotosPage,
  '/account': PortalAccountPage, // the patient's own account: password
};

export function App() {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [expired, setExpired] = useState(false);
  const [bootError, setBootError] = useState<string>();
  const [loginEmail, setLoginEmail] = useState<string>(); // prefilled after an invitation was accepted
  const { path } = useLocation();
  // Where the user worked before a session-expired dialog took the focus: it goes back there after signing in again.
  const lastFocus = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const track = (e: FocusEvent) => {
      const target = e.target as HTMLElement | null;
      if (target instanceof HTMLElement && !target.closest('dialog')) lastFocus.current = target;
    };
    document.addEventListener('focusin', track);
    return () => document.removeEventListener('focusin', track);
  }, []);

  useEffect(() => {
    // A 401 while signed in: keep the page (and its input) and ask to sign in again on top.
    setUnauthenticatedHandler(() => setExpired(true));
    // Never signed in from this browser (no CSRF cookie, which sign-in sets): the sign-in page
    // at once, without a /me request the server can only answer 401.
    if (!document.cookie.split(';').some((c) => c.trim().startsWith(`${CSRF_COOKIE}=`))) {
      setUser(null);
      return;
    }
    api.me().then(setUser, (e) => {
      if (e instanceof ApiError && e.status === 401) setUser(null);
      else setBootError('The clinic server could not be reached. Reload the page to try again.');
    });
  }, []);

  const publicPage = matchRoute(path, PUBLIC_ROUTES);
  useEffect(() => {
    if (user === null && !publicPage) document.title = 'Sign in · Scarwise';
  }, [user, !publicPage]);

  if (publicPage) {
    // Not behind the boot: the invitation page takes its token out of the address bar at once.
    const toSignIn = (email?: string) => {
      setLoginEmail(email);
      if (user) {
        // Someone else is signed in in this browser: sign out, so the invited patient signs in.
        api.logout().finally(() => {
          setUser(null);
          navigate('/', true);
        });
      } else navigate('/', true);
    };
    return <InvitationPage onSignIn={toSignIn} />;
  }
  if (bootError) return <main class="center"><Notice tone="error">{bootError}</Notice></main>;
  if (user === undefined) return <main class="center"><Loading label="Starting Scarwise…" /></main>;
  if (user === null) {
    return <LoginPage email={loginEmail} onSignedIn={(u) => { setExpired(false); setUser(u); if (path === '/login') navigate('/', true); }} />;
  }

  const routes = user.role === 'patient' ? PORTAL_ROUTES : STAFF_ROUTES;
  const match = matchRoute(path, Object.keys(routes));
  // Held to enrolment by the clinic's two-factor requirement: the account page is all the server answers.
  const Current = user.must_enrol_two_factor && user.role !== 'patient' ? AccountPage : match ? routes[match.pattern] : NotFoundPage;
  const refreshUser = () => { api.me().then(setUser, () => undefined); };
  const signOut = () => {
    api.logout().finally(() => {
      setUser(null);
      navigate('/', true);
    });
  };
  const signedInAgain = (again: User) => {
    setExpired(false);
    if (again.id !== user.id) {
      setUser(again);
      navigate('/', true);
      return;
    }
    // The same person: the page loads again what it showed (its input stays), and the focus returns.
    reloadAll();
    const back = lastFocus.current;
    setTimeout(() => {
      if (back?.isConnected && !back.matches(':disabled')) focusElement(back);
      else document.getElementById('main')?.focus();
    }, 0);
  };
  return (
    <SessionContext.Provider value={{ user, signOut, refreshUser }}>
      <Layout>
        <Current key={path} params={match?.params ?? {}} />
      </Layout>
      {expired && <SessionExpiredDialog email={user.email} onSignedIn={signedInAgain} />}
    </SessionContext.Provider>
  );
}
