// The patient's consents: read and sign each purpose, see what was signed, withdraw any of
// them at once.
import { ConsentOverview } from '../../components/consent_overview';
import { PageHeader } from '../../components/ui';
import { useSession } from '../../lib/session';

export function ConsentPage() {
  const { user } = useSession();
  return (
    <>
      <PageHeader title="Your consent" subtitle="Each purpose is your own choice. You can withdraw any of them at any time; it takes effect at once." />
      <ConsentOverview patientId={user.patient_id!} />
    </>
  );
}
