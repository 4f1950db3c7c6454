import { render } from 'preact';
import { api } from './api/endpoints';
import { App } from './app';
import { setClinicTimeZone } from './lib/labels';
import './styles.css';

// One clock: every time is shown on the clinic's wall clock, so its time zone is known before
// the first page renders (the identity needs no sign-in; without it, times stay as written).
api.clinicIdentity()
  .then((clinic) => setClinicTimeZone(clinic.time_zone ?? undefined), () => undefined)
  .finally(() => render(<App />, document.getElementById('app')!));
