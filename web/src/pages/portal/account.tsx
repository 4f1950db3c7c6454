// The signed-in patient's own account: who they are, and changing their password.
import { PasswordForm } from '../../components/password_form';
import { PageHeader } from '../../components/ui';
import { useSession } from '../../lib/session';

export function PortalAccountPage() {
  const { user } = useSession();
  return (
    <>
      <PageHeader title="My account" subtitle={`${user.name} · ${user.email}`} />
      <PasswordForm />
    </>
  );
}
