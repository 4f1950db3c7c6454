// Import & export (admin): the clinic's lists as CSV files a spreadsheet opens (patients,
// outcomes per course, adverse events, appointments and charted sessions of a date range,
// the audit log), and patients imported
// from a CSV file: the file is checked first (each row's problems by line and column, the
// duplicates), and written only when every row is valid or the admin imports the valid rows.
import { useState } from 'preact/hooks';
import { api } from '../../api/endpoints';
import type { Schemas } from '../../api/types';
import { Button, Notice, PageHeader, TextField } from '../../components/ui';
import { generalMessage } from '../../lib/field_errors';
import { useSession } from '../../lib/session';

type Report = Schemas['PatientImport'];

export function DataPage() {
  const { user } = useSession();
  if (user.role !== 'admin') {
    return (
      <>
        <PageHeader title="Import & export" />
        <Notice tone="info">Only an administrator can import patients and export the clinic's lists.</Notice>
      </>
    );
  }
  return (
    <>
      <PageHeader title="Import & export" subtitle="The clinic's lists as CSV files, and patients from another system." />
      <Exports />
      <PatientImport />
    </>
  );
}

function Exports() {
  const today = new Date().toISOString().slice(0, 10);
  const [from, setFrom] = useState(today.slice(0, 8) + '01');
  const [to, setTo] = useState(today);
  const range = `?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  return (
    <section class="card" aria-labelledby="exports-h">
      <h2 id="exports-h">Export</h2>
      <p class="muted">CSV files (UTF-8, a header row) for a spreadsheet. A patient's whole course as FHIR is on the patient's page.</p>
      <ul>
        <li><a href="/api/v1/exports/patients.csv" download>Patients (CSV)</a></li>
        <li><a href="/api/v1/exports/outcomes.csv" download>Outcomes per course (CSV)</a></li>
        <li><a href="/api/v1/exports/adverse-events.csv" download>Adverse events (CSV)</a></li>
        <li><a href="/api/v1/exports/audit.csv" download>Audit log (CSV)</a></li>
      </ul>
      <div class="form-row">
        <TextField form="exports" path="from" label="From" type="date" value={from} onValue={setFrom} />
        <TextField form="exports" path="to" label="To" type="date" value={to} onValue={setTo} />
      </div>
      <ul>
        <li><a href={`/api/v1/exports/appointments.csv${range}`} download>Appointments in these days (CSV)</a></li>
        <li><a href={`/api/v1/exports/sessions.csv${range}`} download>Sessions charted in these days (CSV)</a></li>
      </ul>
    </section>
  );
}

function PatientImport() {
  const [file, setFile] = useState<{ name: string; text: string }>();
  const [report, setReport] = useState<Report>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const run = async (mode: 'dry_run' | 'all_valid' | 'valid_rows') => {
    if (!file) return;
    setBusy(true);
    setError(undefined);
    try {
      setReport(await api.importPatients(file.text, mode));
    } catch (e) {
      setError(generalMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const choose = async (input: HTMLInputElement) => {
    const chosen = input.files?.[0];
    setReport(undefined);
    setFile(chosen ? { name: chosen.name, text: await chosen.text() } : undefined);
  };

  return (
    <section class="card" aria-labelledby="import-h">
      <h2 id="import-h">Import patients</h2>
      <p class="muted">
        A CSV file with the columns given_name, family_name, birth_date (YYYY-MM-DD), fitzpatrick (1-6), and optionally sex,
        email and phone. The file is checked first; nothing is written until you choose to.
      </p>
      <label class="field">
        <span class="field__label">CSV file</span>
        <input type="file" accept=".csv,text/csv" data-testid="import-file" onChange={(e) => choose(e.target as HTMLInputElement)} />
      </label>
      <Button type="button" disabled={!file} busy={busy} busyLabel="Checking…" onClick={() => run('dry_run')}>Check the file</Button>
      {error && <Notice tone="error">{error}</Notice>}
      {report && <ImportReport report={report} busy={busy} onImport={run} />}
    </section>
  );
}

function ImportReport({ report, busy, onImport }: { report: Report; busy: boolean; onImport: (mode: 'all_valid' | 'valid_rows') => void }) {
  if (report.written) {
    return <Notice tone="success" title="Imported">{report.created} patients were added; {report.duplicates.length} duplicates were left out.</Notice>;
  }
  return (
    <div data-testid="import-report">
      <p>
        {report.rows} rows: {report.valid} ready to import, {report.problems.length} with problems, {report.duplicates.length} duplicates
        (already on record or earlier in the file; they are never added twice).
      </p>
      {report.problems.length > 0 && (
        <div class="table-wrap">
          <table class="table">
            <caption>Problems</caption>
            <thead><tr><th scope="col">Line</th><th scope="col">Column</th><th scope="col">Problem</th></tr></thead>
            <tbody>
              {report.problems.map((p, i) => (
                <tr key={i}><td>{p.line}</td><td>{p.column ?? 'the whole row'}</td><td>{p.message}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {report.duplicates.length > 0 && (
        <details>
          <summary>Duplicates ({report.duplicates.length})</summary>
          <ul>{report.duplicates.map((d) => <li key={d.line}>Line {d.line}: {d.reason}</li>)}</ul>
        </details>
      )}
      {report.valid > 0 && (report.problems.length === 0 ? (
        <Button type="button" busy={busy} onClick={() => onImport('all_valid')}>Import {report.valid} patients</Button>
      ) : (
        <Button type="button" variant="secondary" busy={busy} onClick={() => onImport('valid_rows')}>
          Import the {report.valid} valid rows only
        </Button>
      ))}
    </div>
  );
}
