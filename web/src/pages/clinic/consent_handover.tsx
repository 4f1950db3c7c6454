// The clinic's tablet, handed to the patient: the consent texts to read and sign. The
// clinician's session records the signature (recorded_by); the patient hands the tablet back
// with "Done".
import { ConsentOverview } from '../../components/consent_overview';
import { Link, PageHeader } from '../../components/ui';
import { idParam, useLocation } from '../../lib/router';
import { NotFoundPage } from '../not_found';

export function ConsentHandoverPage({ params }: { params: Record<string, string> }) {
  const id = idParam(params.id);
  const { search } = useLocation();
  if (!id) return <NotFoundPage />;
  const back = search.get('back') ?? '';
  const backTo = back.startsWith('/') && !back.startsWith('//') ? back : `/patients/${id}`;
  return (
    <>
      <PageHeader title="Consent" subtitle="Please read each text and sign the ones you agree to. Hand the tablet back when you are done." />
      <ConsentOverview patientId={id} canWithdraw />
      <p><Link class="btn btn--primary" href={backTo}>Done: hand the tablet back</Link></p>
    </>
  );
}
