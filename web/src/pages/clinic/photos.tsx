// A patient's photographs (clinician): the protocol's standard views, a new photo of a view
// (the camera with the baseline as a ghost, or a file), and before/after per view.
import { useState } from 'preact/hooks';
import { api } from '../../api/endpoints';
import type { Photo, PhotoPurpose } from '../../api/types';
import { PhotoCapture } from '../../components/photo_capture';
import { PhotoComparison } from '../../components/photo_compare';
import { Button, Link, Loading, Notice, PageHeader, SelectField, TextField } from '../../components/ui';
import { generalMessage } from '../../lib/field_errors';
import { useLoad } from '../../lib/hooks';
import { alignmentText, seriesByView } from '../../lib/photos';
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
    </>
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
