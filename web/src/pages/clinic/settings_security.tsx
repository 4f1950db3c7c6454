// The clinic's sign-in policy (admin, on the settings page): whether every staff account
// must use two-factor sign-in. Off in a new clinic. Turned on, a staff account without it
// still signs in but can only set it up (its account page) until it has.
import { useState } from 'preact/hooks';
import { twoFactorApi } from '../../api/two_factor';
import type { SecuritySettings } from '../../api/types';
import { Button, Loading, Notice } from '../../components/ui';
import { generalMessage } from '../../lib/field_errors';
import { useLoad } from '../../lib/hooks';
import { useSubmit } from '../../lib/submit';

export function SecuritySection() {
  const loaded = useLoad(() => twoFactorApi.securitySettings(), []);
  return (
    <section class="card" aria-labelledby="security-h">
      <h2 id="security-h">Sign-in security</h2>
      {loaded.loading && !loaded.data && <Loading label="Loading the sign-in policy…" />}
      {loaded.error !== undefined && <Notice tone="error">{generalMessage(loaded.error)}</Notice>}
      {loaded.data && <SecurityForm loaded={loaded.data} />}
    </section>
  );
}

function SecurityForm({ loaded }: { loaded: SecuritySettings }) {
  const [required, setRequired] = useState(loaded.require_two_factor_for_staff);
  const [saved, setSaved] = useState<string>();
  const form = useSubmit();
  const { busy } = form;
  const error = form.errors[''];

  const submit = (e: Event) => {
    e.preventDefault();
    setSaved(undefined);
    return form.run(async () => {
      form.setErrors({});
      const answer = await twoFactorApi.saveSecuritySettings({ require_two_factor_for_staff: required });
      setRequired(answer.require_two_factor_for_staff);
      setSaved(answer.require_two_factor_for_staff
        ? 'Saved. Staff accounts without two-factor sign-in can now only set it up, on their account page.'
        : 'Saved. Two-factor sign-in is optional for staff accounts.');
      return 'security-saved';
    }, (err) => ({ '': generalMessage(err) }));
  };

  return (
    <form onSubmit={submit} noValidate>
      {error && <Notice tone="error">{error}</Notice>}
      {saved && <Notice tone="success" id="security-saved">{saved}</Notice>}
      <div class="field">
        <label>
          <input type="checkbox" name="require_two_factor_for_staff" checked={required}
            onChange={(e) => { setSaved(undefined); setRequired((e.currentTarget as HTMLInputElement).checked); }} />
          {' '}Require two-factor sign-in for every staff account
        </label>
        <p class="hint">
          Staff who have not set it up can still sign in, but only to set it up. Set it up for your own account first
          (your name at the top right), or you will be asked to as well.
        </p>
      </div>
      <Button type="submit" busy={busy} busyLabel="Saving…">Save the sign-in policy</Button>
    </form>
  );
}
