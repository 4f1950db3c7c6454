// Sign-in for staff and patients. The server sets the session cookie (HttpOnly) and the
// CSRF cookie; the app keeps no token itself. The same form signs in again when a session
// ends in the middle of work (SessionExpiredDialog), so the page and its input stay.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import { ApiError } from '../api/client';
import type { User } from '../api/types';
import { Button, Notice, TextField } from '../components/ui';
import { fieldId, toFieldErrors, type FieldErrors } from '../lib/field_errors';
import { useSubmit } from '../lib/submit';
import { isCodeRequired } from '../api/two_factor';

function LoginForm({ onSignedIn, email: initialEmail = '', form = 'login' }: { onSignedIn: (user: User) => void; email?: string; form?: string }) {
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState('');
  // Two-factor sign-in: the code field appears once the server asked for it (right password).
  const [code, setCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const submitter = useSubmit();
  const { errors, busy } = submitter;

  const submit = (e: Event) => {
    e.preventDefault();
    const local: FieldErrors = {};
    if (!email.trim()) local.email = 'Enter your e-mail address.';
    if (!password) local.password = 'Enter your password.';
    if (needsCode && !code.trim()) local.code = 'Enter the 6-digit code from your authenticator app, or a recovery code.';
    if (!submitter.check(local)) return;
    return submitter.run(async () => {
      try {
        const answer = await api.login(email.trim(), password, needsCode ? code.trim() : undefined);
        onSignedIn(answer.user);
      } catch (error) {
        if (!isCodeRequired(error) || needsCode) throw error;
        // The password was right: now the code, in the field that appears.
        setNeedsCode(true);
        return fieldId(form, 'code');
      }
    }, (error) => (isCodeRequired(error) ? toFieldErrors(error, ['code'])
      : error instanceof ApiError && error.code === 'unauthenticated' ? { '': 'The e-mail address or password is not right.' }
      : toFieldErrors(error, ['email', 'password'])));
  };

  return (
    <form onSubmit={submit} noValidate>
      {errors[''] && <Notice tone="error">{errors['']}</Notice>}
      <TextField form={form} path="email" label="E-mail" type="email" autoComplete="username" value={email} onValue={setEmail} error={errors.email} />
      <TextField form={form} path="password" label="Password" type="password" autoComplete="current-password" value={password} onValue={setPassword} error={errors.password} />
      {needsCode && (
        <TextField form={form} path="code" label="Two-factor code" autoComplete="one-time-code" value={code} onValue={setCode} error={errors.code}
          hint="The 6-digit code your authenticator app shows now, or one of your recovery codes." />
      )}
      <Button type="submit" busy={busy} busyLabel="Signing in…">Sign in</Button>
    </form>
  );
}

/** `email` prefills the e-mail field (after an invitation was accepted). */
export function LoginPage({ onSignedIn, email }: { onSignedIn: (user: User) => void; email?: string }) {
  return (
    <main id="main" class="login">
      <div class="login-card">
        <p class="brand brand--large"><span class="brand-mark" aria-hidden="true">◐</span> Scarwise</p>
        <h1>Sign in</h1>
        <p class="subtitle">Microneedling for acne scars: clinic workspace and patient portal.</p>
        <LoginForm onSignedIn={onSignedIn} email={email} />
      </div>
    </main>
  );
}

/** A modal sign-in over the current page after the server answered 401 mid-work. */
export function SessionExpiredDialog({ email, onSignedIn }: { email: string; onSignedIn: (user: User) => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
    return () => el?.close();
  }, []);
  return (
    <dialog ref={dialog} class="login-card dialog" aria-labelledby="expired-h" onCancel={(e) => e.preventDefault()}>
      <h2 id="expired-h">Your session has ended</h2>
      <p class="subtitle">Sign in again to carry on. What you entered on this page is kept; send it again afterwards.</p>
      <LoginForm onSignedIn={onSignedIn} email={email} form="relogin" />
    </dialog>
  );
}
