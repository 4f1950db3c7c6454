// Signing one consent: the exact text (the server's, with its SHA-256 sent back so a text that
// changed meanwhile is refused), the typed name, and the drawn signature.
//
// Accessibility: drawing a signature is a path-based gesture with no keyboard equivalent
// (WCAG 2.1.1 and 2.5.1 exempt it as essential, but a patient who uses a keyboard, a switch or
// a screen reader must still be able to consent). So the signer may instead tick "I cannot draw;
// my typed name is my signature": a typed name with an explicit statement of intent is a valid
// simple electronic signature, and the record says it was typed (signature_method "typed"), so
// the clinic can see how each consent was given. Everything else on the form is a labelled
// native control.
import { useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import type { Consent, ConsentText } from '../api/types';
import { generalMessage } from '../lib/field_errors';
import { pointCount } from '../lib/signature';
import { useSubmit } from '../lib/submit';
import { SignaturePad } from './signature_pad';
import { Button, Notice, TextField } from './ui';

export function ConsentForm({ patientId, text, minor, onSigned }: {
  patientId: number; text: ConsentText; minor: boolean; onSigned: (c: Consent) => void;
}) {
  const form = useSubmit({ fields: ['signer_name', 'guardian_relationship', 'signature_svg_path'] });
  const [name, setName] = useState('');
  const [relationship, setRelationship] = useState('');
  const [path, setPath] = useState('');
  const [typed, setTyped] = useState(false);
  const [agreed, setAgreed] = useState(false);
  const formId = `consent-${text.purpose}`;

  const sign = (e: Event) => {
    e.preventDefault();
    const errors: Record<string, string> = {};
    if (!name.trim()) errors.signer_name = 'Type your full name.';
    if (minor && !relationship.trim()) errors.guardian_relationship = 'Say how you are related to the patient.';
    if (!typed && pointCount(path) < 2) errors.signature_svg_path = 'Sign in the box, or tick that your typed name is your signature.';
    if (!agreed) errors[''] = 'Tick that you have read the text and agree.';
    if (!form.check(errors)) return;
    void form.run(async () => {
      const signed = await api.signConsent(patientId, {
        purpose: text.purpose,
        text_version: text.version,
        text_sha256: text.sha256,
        signer: minor ? 'guardian' : 'patient',
        signer_name: name.trim(),
        ...(minor ? { guardian_relationship: relationship.trim() } : {}),
        ...(typed ? { signature_method: 'typed' as const } : { signature_svg_path: path }),
      });
      onSigned(signed);
    }, (error) => ({ '': generalMessage(error) }));
  };

  return (
    <form id={formId} class="card consent" onSubmit={sign} noValidate aria-labelledby={`${formId}-h`}>
      <h2 id={`${formId}-h`}>{text.title}</h2>
      <p class="muted">Version {text.version}</p>
      {text.sections.map((s) => (
        <section key={s.heading} class="consent__section">
          <h3>{s.heading}</h3>
          <p>{s.text}</p>
        </section>
      ))}
      {minor && <Notice tone="info">The patient is under age: a parent or legal guardian signs in their own name.</Notice>}
      <TextField form={formId} path="signer_name" label={minor ? 'Your full name (parent or guardian)' : 'Your full name'}
        autoComplete="name" value={name} onValue={(v) => { setName(v); form.clear('signer_name'); }} error={form.errors.signer_name} />
      {minor && (
        <TextField form={formId} path="guardian_relationship" label="Your relationship to the patient" value={relationship}
          onValue={(v) => { setRelationship(v); form.clear('guardian_relationship'); }} error={form.errors.guardian_relationship} />
      )}
      <div class="check">
        <input type="checkbox" id={`${formId}-typed`} checked={typed} onChange={(e) => setTyped((e.currentTarget as HTMLInputElement).checked)} />
        <label for={`${formId}-typed`}>I cannot draw a signature: my typed name is my signature</label>
      </div>
      {!typed && (
        <div class={`field${form.errors.signature_svg_path ? ' field--invalid' : ''}`}>
          <p id={`${formId}-signature-label`}><strong>Your signature</strong></p>
          <SignaturePad labelledBy={`${formId}-signature-label`} onChange={(p) => { setPath(p); form.clear('signature_svg_path'); }} />
          {form.errors.signature_svg_path && <p class="field-error" id={`${formId}-signature_svg_path-error`}>{form.errors.signature_svg_path}</p>}
        </div>
      )}
      <div class="check">
        <input type="checkbox" id={`${formId}-agree`} checked={agreed} onChange={(e) => setAgreed((e.currentTarget as HTMLInputElement).checked)} />
        <label for={`${formId}-agree`}>I have read this text and I agree</label>
      </div>
      {form.errors[''] && <Notice tone="error">{form.errors['']}</Notice>}
      <Button type="submit" busy={form.busy} busyLabel="Signing…">Sign: {text.title}</Button>
    </form>
  );
}
