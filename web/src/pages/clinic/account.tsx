// The signed-in staff member's own account: who they are, and two-factor sign-in. Turning
// it on: the server makes a secret, shown as a QR code and as text for the authenticator
// app; the app's current code confirms it; the recovery codes are then shown once (only
// their hashes are kept). Turning it off needs a current code or a recovery code, and is
// refused while the clinic requires two-factor sign-in. When the clinic requires it and the
// account has not enrolled, this is the only page the app shows.
import { useState } from 'preact/hooks';
import { twoFactorApi } from '../../api/two_factor';
import type { TwoFactorEnrolment, TwoFactorStatus } from '../../api/types';
import { PasswordForm } from '../../components/password_form';
import { Button, Loading, Notice, PageHeader, TextField } from '../../components/ui';
import { fieldId, generalMessage } from '../../lib/field_errors';
import {useLoad } from '../../lib/hooks';
import { useSession } from '../../lib/session';
import { groupSecret, qrImageSource, recoveryCodesText } from '../../lib/two_factor';
import { useSubmit } from '../../lib/submit';

const F = 'two-factor';

export function AccountPage() {
  const { user } = useSession();
  const status = useLoad(() => twoFactorApi.status(), []);
  return (
    <>
      <PageHeader title="Your account" subtitle={`${user.name} · ${user.email} · ${user.role}`} />
      {user.must_enrol_two_factor && (
        <Notice tone="warning" title="Two-factor sign-in is required">
          The clinic requires two-factor sign-in for every staff account. Set it up below to carry on working.
        </Notice>
      )}
      <section class="card" aria-labelledby="two-factor-h">
        <h2 id="two-factor-h">Two-factor sign-in</h2>
        <p class="hint">
          Signing in then needs a 6-digit code from an authenticator app on your phone as well as your password, so a
          stolen password alone does not open patients' records.
        </p>
        {status.loading && !status.data && <Loading label="Loading…" />}
        {status.error !== undefined && <Notice tone="error">{generalMessage(status.error)}</Notice>}
        {status.data && <TwoFactorPanel key={String(status.data.enabled)} status={status.data} onChanged={status.reload} />}
      </section>
      <PasswordForm />
    </>
  );
}

function TwoFactorPanel({ status, onChanged }: { status: TwoFactorStatus; onChanged: () => void }) {
  const { user, refreshUser } = useSession();
  const [enrolment, setEnrolment] = useState<TwoFactorEnrolment>();
  const [codes, setCodes] = useState<string[]>();
  const [code, setCode] = useState('');
  const form = useSubmit({ fields: ['code'] });
  const { errors, setErrors, busy } = form;

  const run = (work: () => Promise<string | void>) => form.run(async () => {
    setErrors({});
    return work();
  });
  const start = () => run(async () => {
    setEnrolment(await twoFactorApi.start());
    setCode('');
    return fieldId(F, 'code');
  });
  const confirm = (e: Event) => {
    e.preventDefault();
    if (!form.check(/^\d{6}$/.test(code.trim()) ? {} : { code: 'Enter the 6-digit code your authenticator app shows now.' })) return;
    void run(async () => {
      setCodes(await twoFactorApi.confirm(code));
      setEnrolment(undefined);
      setCode('');
      return 'two-factor-on';
    });
  };
  const turnOff = (e: Event) => {
    e.preventDefault();
    if (!form.check(code.trim() ? {} : { code: 'Enter a current code from your authenticator app, or a recovery code.' })) return;
    void run(async () => {
      await twoFactorApi.disable(code);
      onChanged();
    });
  };
  const cancel = () => run(async () => {
    await twoFactorApi.disable();
    setEnrolment(undefined);
  });

  if (codes) {
    return (
      <div>
        <Notice tone="success" id="two-factor-on" title="Two-factor sign-in is on">
          From now on, signing in asks for the code your authenticator app shows.
        </Notice>
        <Notice tone="warning" title="Store your recovery codes now">
          Each code signs you in once if you lose your phone. They are shown only this once: print them or keep them in a
          password manager, not on the phone.
        </Notice>
        <ol class="recovery-codes">{codes.map((c) => <li key={c}><code>{c}</code></li>)}</ol>
        <p>
          <a class="btn btn--secondary btn--small" download="scarwise-recovery-codes.txt"
            href={`data:text/plain;charset=utf-8,${encodeURIComponent(recoveryCodesText(user.email, codes))}`}>
            Download the codes
          </a>
        </p>
        <Button type="button" onClick={() => { setCodes(undefined); onChanged(); refreshUser?.(); }}>I have stored them</Button>
      </div>
    );
  }

  if (enrolment) {
    return (
      <form onSubmit={confirm} noValidate>
        {errors[''] && <Notice tone="error">{errors['']}</Notice>}
        <ol class="steps">
          <li>
            Scan this QR code with your authenticator app (for example FreeOTP, Aegis, Google or Microsoft Authenticator):
            <p><img class="qr-code" src={qrImageSource(enrolment.qr_svg)} alt="QR code of your two-factor secret" width={200} height={200} /></p>
            <p class="hint">
              Cannot scan it? Enter this key in the app instead: <code class="secret">{groupSecret(enrolment.secret_base32)}</code>
            </p>
          </li>
          <li>
            <TextField form={F} path="code" label="The 6-digit code the app now shows" autoComplete="one-time-code" inputMode="numeric"
              value={code} onValue={setCode} error={errors.code} />
          </li>
        </ol>
        <Button type="submit" busy={busy} busyLabel="Checking the code…">Turn on two-factor sign-in</Button>{' '}
        <Button type="button" variant="secondary" onClick={cancel} disabled={busy}>Cancel</Button>
      </form>
    );
  }

  if (status.enabled) {
    return (
      <form onSubmit={turnOff} noValidate>
        <Notice tone="success" title="Two-factor sign-in is on">
          {status.recovery_codes_left === 1 ? '1 recovery code is' : `${status.recovery_codes_left} recovery codes are`} left unused.
          {status.recovery_codes_left < 3 && ' Turn it off and on again for new ones.'}
        </Notice>
        {status.required ? (
          <Notice tone="info">The clinic requires two-factor sign-in for staff accounts, so it stays on.</Notice>
        ) : (
          <>
            {errors[''] && <Notice tone="error">{errors['']}</Notice>}
            <TextField form={F} path="code" label="A current code or a recovery code" autoComplete="one-time-code" value={code}
              onValue={setCode} error={errors.code} hint="Needed to turn two-factor sign-in off." />
            <Button type="submit" variant="danger" busy={busy} busyLabel="Turning it off…">Turn off two-factor sign-in</Button>
          </>
        )}
      </form>
    );
  }

  return (
    <div>
      {errors[''] && <Notice tone="error">{errors['']}</Notice>}
      {status.pending && <p class="muted">A set-up was started but not finished; starting again makes a new key.</p>}
      <Button type="button" busy={busy} busyLabel="Preparing…" onClick={start}>Set up two-factor sign-in</Button>
    </div>
  );
}
