// The clinic's identity (admin): name, address, phone, e-mail and logo, as patients see them
// in the portal's header, in e-mails, on the aftercare handout and in calendar files. The
// time zone is the calendar's (the form below). The logo is checked here for a first answer
// (PNG or JPEG, at most 200 KiB) and by the server by its content, which decides.
import { useState } from 'preact/hooks';
import { api } from '../../api/endpoints';
import { ApiError } from '../../api/client';
import type { ClinicIdentity, ClinicIdentityInput } from '../../api/types';
import { Button, Loading, Notice, TextField } from '../../components/ui';
import { fieldId, generalMessage, toFieldErrors, withoutField, type FieldErrors } from '../../lib/field_errors';
import { useLoad } from '../../lib/hooks';
import { useSubmit } from '../../lib/submit';

const F = 'identity';
const FIELDS = ['name', 'address', 'phone', 'email', 'logo'];
export const MAX_LOGO_BYTES = 200 * 1024;

/** A local first check of a chosen logo file: the server sniffs its content and decides. */
export function logoProblem(file: { type: string; size: number }): string | undefined {
  if (file.type !== 'image/png' && file.type !== 'image/jpeg') return 'Choose a PNG or JPEG image (SVG and other formats are not accepted).';
  if (file.size > MAX_LOGO_BYTES) return `The logo is ${Math.ceil(file.size / 1024)} KiB; it may be at most ${MAX_LOGO_BYTES / 1024} KiB.`;
  return undefined;
}

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

export function IdentitySection() {
  const loaded = useLoad(() => api.clinicIdentity(), []);
  if (loaded.loading && !loaded.data) return <Loading label="Loading the clinic's details…" />;
  if (loaded.error !== undefined) return <Notice tone="error">{generalMessage(loaded.error)}</Notice>;
  return <IdentityForm key={loaded.data!.version} loaded={loaded.data!} onReload={loaded.reload} />;
}

function IdentityForm({ loaded, onReload }: { loaded: ClinicIdentity; onReload: () => void }) {
  const [input, setInput] = useState({ name: loaded.name, address: loaded.address, phone: loaded.phone, email: loaded.email });
  const [logo, setLogo] = useState<{ dataUrl: string | null; name: string }>();
  const [version, setVersion] = useState(loaded.version);
  const [saved, setSaved] = useState<ClinicIdentity>();
  const [stale, setStale] = useState(false);
  const form = useSubmit({ fields: FIELDS });
  const { errors, setErrors, busy } = form;
  const current = saved ?? loaded;
  const set = (k: keyof typeof input) => (v: string) => {
    setSaved(undefined);
    setErrors((e) => withoutField(e, k));
    setInput({ ...input, [k]: v });
  };

  const chooseLogo = async (e: Event) => {
    const file = (e.currentTarget as HTMLInputElement).files?.[0];
    setSaved(undefined);
    setErrors((x) => withoutField(x, 'logo'));
    if (!file) return setLogo(undefined);
    const problem = logoProblem(file);
    if (problem) {
      setLogo(undefined);
      return setErrors((x) => ({ ...x, logo: problem }));
    }
    setLogo({ dataUrl: await readAsDataUrl(file), name: file.name });
  };

  const submit = (e: Event) => {
    e.preventDefault();
    const local: FieldErrors = {};
    if (!input.name.trim()) local.name = 'Enter the clinic\'s name.';
    if (input.email.trim() && !input.email.includes('@')) local.email = 'Enter an e-mail address, e.g. info@clinic.example.';
    if (errors.logo) local.logo = errors.logo;
    if (!form.check(local)) return;
    const body: ClinicIdentityInput = { name: input.name.trim(), address: input.address.trim(), phone: input.phone.trim(), email: input.email.trim() };
    if (logo) body.logo = logo.dataUrl;
    return form.run(async () => {
      try {
        const answer = await api.saveClinicIdentity(body, version);
        setVersion(answer.version);
        setSaved(answer);
        setLogo(undefined);
        return 'identity-saved';
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 412)) throw error;
        setStale(true);
        return 'identity-stale';
      }
    }, (error) => toFieldErrors(error, FIELDS));
  };

  return (
    <form class="card" onSubmit={submit} noValidate aria-labelledby="identity-h">
      <h2 id="identity-h">The clinic</h2>
      <p class="hint">What patients see in the portal's header, in e-mails, on the aftercare handout and in their calendar.</p>
      {stale && (
        <Notice tone="error" id="identity-stale" title="Changed by someone else">
          Someone else changed the clinic's details since this page loaded. Your input is still here.{' '}
          <button type="button" class="btn btn--secondary btn--small" onClick={onReload}>Reload the clinic's details</button>
        </Notice>
      )}
      {errors[''] && <Notice tone="error">{errors['']}</Notice>}
      {saved && <Notice tone="success" id="identity-saved">Saved. Patients now see {saved.name}.</Notice>}
      <div class="form-grid">
        <TextField form={F} path="name" label="Clinic name" value={input.name} onValue={set('name')} error={errors.name} autoComplete="organization" />
        <TextField form={F} path="phone" label="Phone" type="tel" value={input.phone} onValue={set('phone')} error={errors.phone} autoComplete="tel"
          hint="Patients are told to call this number when a check-in needs the clinic urgently." />
        <TextField form={F} path="email" label="E-mail" type="email" value={input.email} onValue={set('email')} error={errors.email} autoComplete="email" />
        <div class={`field${errors.address ? ' field--invalid' : ''}`}>
          <label for={fieldId(F, 'address')}>Address</label>
          <textarea id={fieldId(F, 'address')} rows={3} value={input.address} aria-invalid={errors.address ? true : undefined}
            aria-describedby={errors.address ? `${fieldId(F, 'address')}-error` : undefined}
            onInput={(e) => set('address')((e.currentTarget as HTMLTextAreaElement).value)} />
          {errors.address && <p class="field-error" id={`${fieldId(F, 'address')}-error`}>{errors.address}</p>}
        </div>
      </div>
      <div class={`field${errors.logo ? ' field--invalid' : ''}`}>
        <label for={fieldId(F, 'logo')}>Logo (PNG or JPEG, at most 200 KiB)</label>
        {current.logo_url && !logo && <p><img src={current.logo_url} alt={`Logo of ${current.name}`} class="clinic-logo" data-testid="identity-logo" /></p>}
        <input id={fieldId(F, 'logo')} type="file" accept="image/png,image/jpeg" onChange={chooseLogo}
          aria-invalid={errors.logo ? true : undefined} aria-describedby={errors.logo ? `${fieldId(F, 'logo')}-error` : undefined} />
        {errors.logo && <p class="field-error" id={`${fieldId(F, 'logo')}-error`}>{errors.logo}</p>}
        {current.logo_url && (
          <button type="button" class="btn btn--secondary btn--small" onClick={() => setLogo({ dataUrl: null, name: '' })}>Remove the logo</button>
        )}
        {logo?.dataUrl === null && <p class="muted">The logo is removed when you save.</p>}
      </div>
      <p class="muted">Time zone: {current.time_zone ?? 'not set yet (see Opening hours below)'}.</p>
      <Button type="submit" busy={busy} busyLabel="Saving…">Save the clinic's details</Button>
    </form>
  );
}
