// A patient's photographs (clinician): the protocol's standard views, a new photo of a view
// (the camera with the baseline as a ghost, or a file), before/after per view, and every photo
// with what it may be used for (a withdrawn teaching or publicity consent takes that use off).
import { useState } from 'preact/hooks';
import { api } from '../../api/endpoints';
import type { Photo, PhotoPurpose } from '../../api/types';
import { PhotoCapture } from '../../components/photo_capture';
import { PhotoComparison } from '../../components/photo_compare';
import { Button, Link, Loading, Notice, PageHeader, SelectField, TextField } from '../../components/ui';
import { generalMessage } from '../../lib/field_errors';
import { useLoad } from '../../lib/hooks';
import { formatDate } from '../../lib/labels';
import { alignmentText, seriesByView, visitLabel } from '../../lib/photos';
import { idParam } from '../../lib/router';
import { announce, useSubmit } from '../../lib/submit';
import { NotFoundPage } from '../not_found';

const PURPOSES: [PhotoPurpose, string][] = [
  ['photos_record', 'Medical record'], ['photos_teaching', 'Teaching'], ['photos_marketing', 'Publicity'],
];

export function PatientPhotosPage({ params }: { params: Record<string, string> }) {
  const id = idParam(params.id);
  const [version, setVersion] = useState(0);
  const loaded = useLoad(() => (id ? Promise.all([api.photoViews(), api.photos(id)]) : Promise.reject(new Error('bad id'))), [id, version]);
  if (!id) return <NotFoundPage />;
  if (loaded.loading && !loaded.data) return <Loading />;
  if (loaded.error !== undefined) return <Notice tone="error">{generalMessage(loaded.error)}</Notice>;
  const [views, photos] = loaded.data!;
  const series = seriesByView(photos.items, views.items.map((v) => v.code));
  return (
    <>
      <PageHeader title="Photographs" subtitle={<Link href={`/patients/${id}`}>Back to the patient</Link>} />
      <UploadForm patientId={id} views={views.items} lighting={views.lighting} photos={photos.items} onUploaded={() => setVersion(version + 1)} />
      {series.length === 0 ? <p class="muted">No photographs yet.</p>
        : series.map((s) => <PhotoComparison key={s.view} series={s} views={views.items} />)}
      {photos.items.length > 0 && <PhotoUses photos={photos.items} views={views.items} />}
    </>
  );
}

const PURPOSE_LABELS = Object.fromEntries(PURPOSES) as Record<PhotoPurpose, string>;

/** Every photo with the uses the patient's consents allow now, and those a withdrawal took off. */
function PhotoUses({ photos, views }: { photos: Photo[]; views: { code: string; label: string }[] }) {
  const viewLabel = (code: string) => views.find((v) => v.code === code)?.label ?? code;
  const sorted = [...photos].sort((a, b) => a.visit - b.visit || a.view.localeCompare(b.view) || a.id - b.id);
  return (
    <section class="card" aria-labelledby="uses-h">
      <h2 id="uses-h">Uses of each photograph</h2>
      <p class="muted">Every photo is part of the medical record. Teaching and publicity only while the patient consents; a withdrawal takes that use off the photos already taken.</p>
      <div class="table-wrap">
      <table class="table table--stack" data-testid="photo-uses">
        <thead><tr><th scope="col">Photo</th><th scope="col">Taken</th><th scope="col">May be used for</th><th scope="col">Consent withdrawn for</th></tr></thead>
        <tbody>
          {sorted.map((p) => (
            <tr key={p.id} data-photo={p.id}>
              <th scope="row">{viewLabel(p.view)}, {visitLabel(p.visit).toLowerCase()}</th>
              <td>{formatDate(p.uploaded_at)}</td>
              <td>{p.purposes.map((u) => PURPOSE_LABELS[u] ?? u).join(', ')}</td>
              <td>{p.withdrawn_purposes.length ? p.withdrawn_purposes.map((u) => PURPOSE_LABELS[u] ?? u).join(', ') : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </section>
  );
}

function UploadForm({ patientId, views, lighting, photos, onUploaded }: {
  patientId: number; views: { code: string; label: string; instruction: string }[]; lighting: string; photos: Photo[]; onUploaded: () => void;
}) {
  const form = useSubmit({ fields: ['view', 'visit', 'photo'] });
  const [view, setView] = useState(views[0]?.code ?? '');
  const [visit, setVisit] = useState('0');
  const [purposes, setPurposes] = useState<PhotoPurpose[]>(['photos_record']);
  const [file, setFile] = useState<{ blob: Blob; preview: string }>();
  const [result, setResult] = useState<Photo>();
  const baseline = photos.filter((p) => p.view === view).sort((a, b) => a.visit - b.visit || a.id - b.id)[0];
  const chosen = views.find((v) => v.code === view);

  const upload = (e: Event) => {
    e.preventDefault();
    if (!file) {
      form.check({ photo: 'Take a photo or choose a file first.' });
      return;
    }
    void form.run(async () => {
      const photo = await api.uploadPhoto(patientId, view, Number(visit), purposes, file.blob);
      setResult(photo);
      setFile(undefined);
      announce(`Photo saved. ${alignmentText(photo)}`);
      onUploaded();
      return 'photo-saved';
    });
  };

  return (
    <form class="card" onSubmit={upload} noValidate aria-labelledby="upload-h">
      <h2 id="upload-h">New photograph</h2>
      <p class="muted">{lighting}</p>
      <SelectField form="photo" path="view" label="View" value={view} onValue={setView} options={views.map((v) => [v.code, v.label])} error={form.errors.view} />
      {chosen && <p class="hint">{chosen.instruction}</p>}
      <TextField form="photo" path="visit" label="Visit (0 = baseline, or the session number)" type="number" min="0" inputMode="numeric"
        value={visit} onValue={setVisit} error={form.errors.visit} />
      <fieldset class="checklist">
        <legend>Taken for (the patient must have consented to each)</legend>
        {PURPOSES.map(([code, label]) => (
          <div class="check" key={code}>
            <input type="checkbox" id={`purpose-${code}`} checked={purposes.includes(code)} disabled={code === 'photos_record'}
              onChange={(e) => setPurposes((e.currentTarget as HTMLInputElement).checked ? [...purposes, code] : purposes.filter((p) => p !== code))} />
            <label for={`purpose-${code}`}>{label}</label>
          </div>
        ))}
      </fieldset>
      <PhotoCapture ghostUrl={baseline?.urls.display} onFile={(blob, preview) => { setFile({ blob, preview }); form.clear('photo'); }} />
      {file && <img class="photo-preview" src={file.preview} alt="The photo to upload" />}
      {form.errors.photo && <p class="field-error" id="photo-photo-error">{form.errors.photo}</p>}
      {form.errors[''] && <Notice tone="error">{form.errors['']}</Notice>}
      {result && <Notice tone="success" id="photo-saved" title="Photo saved">{alignmentText(result)}</Notice>}
      <Button type="submit" busy={form.busy} busyLabel="Uploading…" disabled={!file}>Upload the photo</Button>
    </form>
  );
}
