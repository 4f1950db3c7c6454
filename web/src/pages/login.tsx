// Sign-in for staff and patients. The server sets the session cookie (HttpOnly) and the
// CSRF cookie; the app keeps no token itself.
import { useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import { ApiError } from '../api/client';
import type { User } from '../api/types';
import { Button, Notice, TextField } from '../components/ui';
import { toFieldErrors, type FieldErrors } from '../lib/field_errors';

export function LoginPage({ onSignedIn }: { onSignedIn: (user: User) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const local: FieldErrors = {};
    if (!email.trim()) local.email = 'Enter your e-mail address.';
    if (!password) local.password = 'Enter your password.';
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const answer = await api.login(email.trim(), password);
      onSignedIn(answer.user);
    } catch (error) {
      setErrors(error instanceof ApiError && error.code === 'unauthenticated'
        ? { '': 'The e-mail address or password is not right.' }
        : toFieldErrors(error, ['email', 'password']));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="login">
      <div class="login-card">
        <p class="brand brand--large"><span class="brand-mark" aria-hidden="true">◐</span> Scarwise</p>
        <h1>Sign in</h1>
        <p class="subtitle">Microneedling for acne scars: clinic workspace and patient portal.</p>
        <form onSubmit={submit} noValidate>
          {errors[''] && <Notice tone="error">{errors['']}</Notice>}
          <TextField form="login" path="email" label="E-mail" type="email" autoComplete="username" value={email} onValue={setEmail} error={errors.email} />
          <TextField form="login" path="password" label="Password" type="password" autoComplete="current-password" value={password} onValue={setPassword} error={errors.password} />
          <Button type="submit" busy={busy} busyLabel="Signing in…">Sign in</Button>
        </form>
      </div>
    </main>
  );
}
