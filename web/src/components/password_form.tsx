// "Change my password" for any signed-in user (staff and patients): the current password is
// required; the server ends the account's other sessions and opens a new one for this browser.
import { useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import { useSubmit } from '../lib/submit';
import { Button, Notice, TextField } from './ui';

const FIELDS = ['current_password', 'new_password'];

export function PasswordForm() {
  const empty = { current_password: '', new_password: '', repeat: '' };
  const [input, setInput] = useState(empty);
  const [changed, setChanged] = useState(false);
  const form = useSubmit({ fields: FIELDS });
  const { errors, busy } = form;
  const set = (k: keyof typeof empty) => (v: string) => {
    form.clear(k);
    setChanged(false);
    setInput({ ...input, [k]: v });
  };
  const submit = (e: Event) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!input.current_password) found.current_password = 'Enter your current password.';
    if (!input.new_password) found.new_password = 'Enter a new password.';
    else if (input.repeat !== input.new_password) found.repeat = 'Type the same new password twice.';
    if (!form.check(found)) return;
    return form.run(async () => {
      await api.changePassword(input.current_password, input.new_password);
      setInput(empty);
      setChanged(true);
      return 'password-changed';
    });
  };
  const f = 'password';
  return (
    <section class="card" aria-labelledby="password-h">
      <h2 id="password-h">Password</h2>
      {changed && <Notice tone="success" id="password-changed">Your password is changed. You stay signed in here; other devices are signed out.</Notice>}
      {errors[''] && <Notice tone="error">{errors['']}</Notice>}
      <form onSubmit={submit} noValidate aria-label="Change my password">
        <TextField form={f} path="current_password" label="Current password" type="password" autoComplete="current-password"
          value={input.current_password} error={errors.current_password} onValue={set('current_password')} />
        <TextField form={f} path="new_password" label="New password" type="password" autoComplete="new-password"
          hint="At least 10 characters; a phrase of a few words is easy to remember." value={input.new_password} error={errors.new_password} onValue={set('new_password')} />
        <TextField form={f} path="repeat" label="New password again" type="password" autoComplete="new-password"
          value={input.repeat} error={errors.repeat} onValue={set('repeat')} />
        <Button type="submit" busy={busy} busyLabel="Changing…">Change my password</Button>
      </form>
    </section>
  );
}
