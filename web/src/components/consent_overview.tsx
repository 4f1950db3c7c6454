// A patient's consents, one card per purpose: signed (when, which version, the PDF, withdraw)
// or not yet (the text to sign). Used by the portal's consent page and by the clinic's tablet
// hand-over, where the clinician's session records what the patient signs.
import { useState } from 'preact/hooks';
import { api, links } from '../api/endpoints';
import type { Consent, ConsentPurpose, ConsentText } from '../api/types';
import { generalMessage } from '../lib/field_errors';
import { useLoad } from '../lib/hooks';
import { formatDateTime } from '../lib/labels';
import { currentByPurpose, wholeYears } from '../lib/signature';
import { announce } from '../lib/submit';
import { ConsentForm } from './consent_form';
import { Badge, Button, Loading, Notice } from './ui';

export function ConsentOverview({ patientId, only, canWithdraw = true }: { patientId: number; only?: ConsentPurpose; canWithdraw?: boolean }) {
  const loaded = useLoad(() => Promise.all([api.consentTexts(), api.consents(patientId), api.patient(patientId)]), [patientId]);
  const [consents, setConsents] = useState<Consent[]>();
  const [error, setError] = useState<string>();
  if (loaded.loading) return <Loading />;
  if (loaded.error !== undefined) return <Notice tone="error">{generalMessage(loaded.error)}</Notice>;
  const [texts, stored, patient] = loaded.data!;
  const all = consents ?? stored.items;
  const current = currentByPurpose(all);
  const today = new Date().toISOString().slice(0, 10);
  const minor = wholeYears(patient.birth_date, today) < texts.age_of_majority;
  const shown = texts.items.filter((t) => !only || t.purpose === only);

  const withdraw = async (purpose: ConsentPurpose) => {
    setError(undefined);
    try {
      setConsents((await api.withdrawConsent(patientId, purpose)).items);
      announce('Consent withdrawn.');
    } catch (e) {
      setError(generalMessage(e));
    }
  };

  return (
    <div class="consents">
      {error && <Notice tone="error">{error}</Notice>}
      {shown.map((text: ConsentText) => {
        const signed = current.get(text.purpose);
        if (!signed) {
          return <ConsentForm key={text.purpose} patientId={patientId} text={text} minor={minor}
            onSigned={(c) => { setConsents([c, ...all]); announce(`Signed: ${text.title}.`); }} />;
        }
        return (
          <section key={text.purpose} class="card" aria-labelledby={`signed-${text.purpose}`} data-testid={`consent-${text.purpose}`}>
            <h2 id={`signed-${text.purpose}`}>{text.title}</h2>
            <p><Badge tone="proceed">Signed</Badge> by {signed.signer_name} on {formatDateTime(signed.signed_at)} (version {signed.text_version}
              {signed.signature_method === 'typed' ? ', typed name' : ''})</p>
            {signed.text_version !== text.version && <Notice tone="info">A newer version ({text.version}) exists; what was signed stays as it was.</Notice>}
            <p><a href={links.consentPdf(patientId, signed.id)} target="_blank" rel="noopener">The signed consent (PDF)</a></p>
            {canWithdraw && <Button type="button" variant="danger" onClick={() => void withdraw(text.purpose)}>Withdraw this consent</Button>}
          </section>
        );
      })}
    </div>
  );
}
