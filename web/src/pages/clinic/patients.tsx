// Patients: search, list, and register a new patient.
import { useState } from 'preact/hooks';
import { api } from '../../api/endpoints';
import type { Patient } from '../../api/types';
import { Button, Link, Loading, Notice, PageHeader, SelectField, TextField } from '../../components/ui';
import { generalMessage } from '../../lib/field_errors';
import { useDebounced, useLoad } from '../../lib/hooks';
import { FITZPATRICK, formatDate } from '../../lib/labels';
import { fullName, todayIso } from '../../lib/records';
import { navigate, useLocation } from '../../lib/router';
import { validatePatient, type PatientInput } from '../../lib/validation';
import { useSubmit } from '../../lib/submit';

const PATIENT_FIELDS = ['given_name', 'family_name', 'birth_date', 'sex', 'email', 'phone', 'fitzpatrick'];

export function PatientsPage() {
  const { search } = useLocation();
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [showNew, setShowNew] = useState(search.get('new') === '1');
  useDebounced(() => setQuery(q.trim()), [q]);
  const list = useLoad(() => api.listPatients(query), [query]);

  return (
    <>
      <PageHeader title="Patients">
        <Button type="button" variant={showNew ? 'secondary' : 'primary'} aria-expanded={showNew} aria-controls="new-patient"
          onClick={() => setShowNew(!showNew)}>{showNew ? 'Close the new-patient form' : 'New patient'}</Button>
      </PageHeader>
      {showNew && <NewPatientForm />}
      <section class="card" aria-labelledby="list-h">
        <h2 id="list-h" class="visually-hidden">Patient list</h2>
        <div class="search">
          <label for="patient-search">Search by name</label>
          <input id="patient-search" type="search" value={q} placeholder="e.g. Lindqvist"
            onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)} />
        </div>
        {list.loading && <Loading label="Searching…" />}
        {list.error !== undefined && <Notice tone="error">{generalMessage(list.error)}</Notice>}
        {list.data && <PatientTable patients={list.data.items} />}
      </section>
    </>
  );
}

function PatientTable({ patients }: { patients: Patient[] }) {
  if (patients.length === 0) return <p class="muted">No patients match.</p>;
  return (
    <div class="table-wrap">
      <table class="table">
        <thead>
          <tr><th scope="col">Name</th><th scope="col">Date of birth</th><th scope="col">Fitzpatrick</th><th scope="col">Contact</th></tr>
        </thead>
        <tbody>
          {patients.map((p) => (
            <tr key={p.id}>
              <th scope="row"><Link href={`/patients/${p.id}`}>{fullName(p)}</Link></th>
              <td>{formatDate(p.birth_date)}</td>
              <td>{FITZPATRICK[p.fitzpatrick - 1]}</td>
              <td>{p.email ?? p.phone ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function NewPatientForm() {
  const [input, setInput] = useState<PatientInput>({ given_name: '', family_name: '', birth_date: '', sex: '', email: '', phone: '', fitzpatrick: '' });
  // A retried submit after a lost answer creates one patient; an edited one is a new request.
  const form = useSubmit({ fields: PATIENT_FIELDS });
  const { errors, busy } = form;
  const set = (k: keyof PatientInput) => (v: string) => {
    form.clear(k);
    setInput({ ...input, [k]: v });
  };

  const submit = (e: Event) => {
    e.preventDefault();
    const { details, errors: local } = validatePatient(input, todayIso());
    if (!form.check(local) || !details) return;
    return form.run(async () => {
      const patient = await api.createPatient(details, form.key(details));
      navigate(`/patients/${patient.id}`);
    });
  };

  const f = 'patient';
  return (
    <section class="card" id="new-patient" aria-labelledby="new-h">
      <h2 id="new-h">New patient</h2>
      <form onSubmit={submit} noValidate>
        {errors[''] && <Notice tone="error">{errors['']}</Notice>}
        <div class="form-grid">
          <TextField form={f} path="given_name" label="Given name" autoComplete="off" value={input.given_name} onValue={set('given_name')} error={errors.given_name} />
          <TextField form={f} path="family_name" label="Family name" autoComplete="off" value={input.family_name} onValue={set('family_name')} error={errors.family_name} />
          <TextField form={f} path="birth_date" label="Date of birth" type="date" value={input.birth_date} onValue={set('birth_date')} error={errors.birth_date} />
          <SelectField form={f} path="sex" label="Sex" value={input.sex} onValue={set('sex')} error={errors.sex} placeholder="Not recorded"
            options={[['female', 'Female'], ['male', 'Male'], ['other', 'Other'], ['unknown', 'Unknown']]} />
          <SelectField form={f} path="fitzpatrick" label="Fitzpatrick skin type" value={input.fitzpatrick} onValue={set('fitzpatrick')} error={errors.fitzpatrick}
            placeholder="Choose…" options={FITZPATRICK.map((r, i) => [String(i + 1), `Type ${r}`])} />
          <TextField form={f} path="email" label="E-mail (optional)" type="email" value={input.email} onValue={set('email')} error={errors.email} />
          <TextField form={f} path="phone" label="Phone (optional)" type="tel" value={input.phone} onValue={set('phone')} error={errors.phone} />
        </div>
        <Button type="submit" busy={busy} busyLabel="Registering…">Register patient</Button>
      </form>
    </section>
  );
}
