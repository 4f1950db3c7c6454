// The page an invitation e-mail links to ({public_url}/invitation#token=...): the patient
// chooses the password of their portal account. Public (no sign-in); the token is taken out
// of the address bar at once and kept in memory. Staff never see or choose this password.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import { ApiError } from '../api/client';
import { Button, Notice, TextField } from '../components/ui';
import {withoutField } from '../lib/field_errors';
import { forgetInvitationToken, takeInvitationToken } from '../lib/invitation';
import { checkNewPassword, MIN_PASSWORD_LENGTH } from '../lib/validation';
import { useSubmit } from '../lib/submit';

const FORM = 'invitation';

/** What the page says when the link cannot be used (any more). */
export const UNUSABLE_LINK =
  'This invitation link is not valid any more: it was used already, replaced by a newer invitation, or it expired. ' +
  'Ask the clinic to send you a new invitation.';
export const NO_TOKEN =
  'This page needs the link from your invitation e-mail. Open the link in the e-mail again ' +
  '(if you used it already, sign in with your password, or ask the clinic for a new invitation).';

/** `onSignIn(email)` goes to the sign-in page (with the account's e-mail, when known). */
export function InvitationPage({ onSignIn }: { onSignIn: (email?: string) => void }) {
  const [token] = useState(takeInvitationToken);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const form = useSubmit({ fields: ['password'] });
  const { errors, setErrors, busy } = form;
  const [unusable, setUnusable] = useState(!token);
  const [accepted, setAccepted] = useState<string>(); // the account's e-mail

  useEffect(() => {
    document.title = 'Choose your password · Scarwise';
  }, []);

  const submit = (e: Event) => {
    e.preventDefault();
    if (!form.check(checkNewPassword(password, confirm))) return;
    return form.run(async () => {
      try {
        const account = await api.acceptInvitation(token!, password);
        forgetInvitationToken();
        setPassword('');
        setConfirm('');
        setAccepted(account.email);
        return 'invitation-sign-in';
      } catch (error) {
        if (!(error instanceof ApiError && error.field === 'token')) throw error;
        forgetInvitationToken();
        setUnusable(true);
        return 'invitation-unusable';
      }
    });
  };

  let content;
  if (accepted !== undefined) {
    content = (
      <>
        <Notice tone="success">Your password is set. Sign in with {accepted}.</Notice>
        <button type="button" id="invitation-sign-in" class="btn btn--primary" onClick={() => onSignIn(accepted)}>Sign in</button>
      </>
    );
  } else if (unusable) {
    content = (
      <>
        <Notice tone="error" id="invitation-unusable" title={token ? 'This link cannot be used' : 'No invitation link'}>{token ? UNUSABLE_LINK : NO_TOKEN}</Notice>
        <button type="button" class="btn btn--secondary" onClick={() => onSignIn()}>Go to the sign-in page</button>
      </>
    );
  } else {
    content = (
      <form onSubmit={submit} noValidate aria-labelledby="invitation-h">
        {errors[''] && <Notice tone="error">{errors['']}</Notice>}
        <TextField form={FORM} path="password" label="New password" type="password" autoComplete="new-password"
          hint={`At least ${MIN_PASSWORD_LENGTH} characters. Only you will know it.`} value={password} error={errors.password}
          onValue={(v) => { setErrors((x) => withoutField(x, 'password')); setPassword(v); }} />
        <TextField form={FORM} path="confirm" label="Confirm the password" type="password" autoComplete="new-password"
          value={confirm} error={errors.confirm}
          onValue={(v) => { setErrors((x) => withoutField(x, 'confirm')); setConfirm(v); }} />
        <Button type="submit" busy={busy} busyLabel="Saving…">Set my password</Button>
      </form>
    );
  }

  return (
    <main id="main" class="login">
      <div class="login-card">
        <p class="brand brand--large"><span class="brand-mark" aria-hidden="true">◐</span> Scarwise</p>
        <h1 id="invitation-h">Choose your password</h1>
        <p class="subtitle">For your patient portal: your plan, your sessions and your aftercare.</p>
        {content}
      </div>
    </main>
  );
}
