// Accounts (admin): every account that can sign in - staff and patients' portal accounts -
// with its role and whether it is disabled; adding a staff account; disabling an account
// (someone leaves the clinic, a portal account is misused: it cannot sign in and its open
// sessions end at once) and enabling it again. An admin cannot disable their own account.
import { useState } from 'preact/hooks';
import { api } from '../../api/endpoints';
import type { NewStaffAccount, User } from '../../api/types';
import { Badge, Button, ConfirmDialog, Loading, Notice, PageHeader, SelectField, TextField } from '../../components/ui';
import { generalMessage, type FieldErrors } from '../../lib/field_errors';
import {useLoad } from '../../lib/hooks';
import { humanise } from '../../lib/labels';
import { useSession } from '../../lib/session';
import { useSubmit } from '../../lib/submit';

const STAFF_ROLES: [NewStaffAccount['role'], string][] = [
  ['clinician', 'Clinician'], ['coordinator', 'Coordinator (front desk)'], ['admin', 'Administrator'],
];
const ACCOUNT_FIELDS = ['email', 'name', 'role', 'password'];

/** The fields a staff account form is missing, before it is sent (the server checks the rest). */
export function checkStaffAccount(a: NewStaffAccount): FieldErrors {
  const errors: FieldErrors = {};
  if (!a.name.trim()) errors.name = 'Enter the name.';
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(a.email.trim())) errors.email = 'Enter an email address, like name@clinic.example.';
  if (!a.password) errors.password = 'Enter a first password; they can change it later.';
  return errors;
}

export function AccountsPage() {
  const { user } = useSession();
  const [pages, setPages] = useState<string[]>(['']); // the cursors of the pages shown
  const [loaded, setLoaded] = useState(0); // bumped to load the list afresh
  if (user.role !== 'admin') {
    return (
      <>
        <PageHeader title="Accounts" />
        <Notice tone="info">Only an administrator can see and change the clinic's accounts.</Notice>
      </>
    );
  }
  return (
    <>
      <PageHeader title="Accounts" subtitle="Who can sign in: staff, and patients with a portal account." />
      <NewStaffAccountForm onAdded={() => { setPages(['']); setLoaded(loaded + 1); }} />
      <section class="card" aria-labelledby="accounts-h">
        <h2 id="accounts-h">All accounts</h2>
        {pages.map((cursor, i) => (
          <AccountsPageOf key={`${loaded}:${cursor}`} cursor={cursor} own={user.id} last={i === pages.length - 1}
            onMore={(next) => setPages([...pages, next])} />
        ))}
      </section>
    </>
  );
}

function AccountsPageOf({ cursor, own, last, onMore }: { cursor: string; own: number; last: boolean; onMore: (next: string) => void }) {
  const page = useLoad(() => api.users(cursor || undefined), [cursor]);
  const [changed, setChanged] = useState<Record<number, User>>({});
  if (page.loading && !page.data) return <Loading label="Loading the accounts…" />;
  if (page.error !== undefined) return <Notice tone="error">{generalMessage(page.error)}</Notice>;
  const items = (page.data?.items ?? []).map((u) => changed[u.id] ?? u);
  if (items.length === 0 && !cursor) return <p class="muted">No accounts.</p>;
  return (
    <>
      <div class="table-wrap">
        <table class="table table--stack" data-testid="accounts">
          <thead>
            <tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col"><span class="visually-hidden">Change</span></th></tr>
          </thead>
          <tbody>
            {items.map((u) => (
              <AccountRow key={u.id} account={u} own={u.id === own} onChanged={(x) => setChanged({ ...changed, [x.id]: x })} />
            ))}
          </tbody>
        </table>
      </div>
      {last && page.data?.next_cursor && (
        <Button type="button" variant="secondary" onClick={() => onMore(page.data!.next_cursor!)}>Show more accounts</Button>
      )}
    </>
  );
}

function AccountRow({ account: u, own, onChanged }: { account: User; own: boolean; onChanged: (u: User) => void }) {
  const form = useSubmit();
  const { busy } = form;
  const error = form.errors[''];
  const [confirming, setConfirming] = useState(false);
  const toggle = () => form.run(async () => {
    form.setErrors({});
    onChanged(await api.setAccountDisabled(u.id, !u.disabled));
    return `account-${u.id}-toggle`;
  }, (e) => ({ '': generalMessage(e) }));
  // Disabling ends the account's sessions at once: ask first. Enabling again asks nothing.
  const press = () => (u.disabled ? toggle() : setConfirming(true));
  return (
    <tr>
      <th scope="row">{u.name}</th>
      <td>{u.email}</td>
      <td>{humanise(u.role)}</td>
      <td>{u.disabled ? <Badge tone="defer">Disabled</Badge> : 'Active'}</td>
      <td>
        {own ? <span class="muted">You</span> : (
          <Button type="button" id={`account-${u.id}-toggle`} variant={u.disabled ? 'secondary' : 'danger'} busy={busy} busyLabel="Saving…"
            aria-label={`${u.disabled ? 'Enable' : 'Disable'} the account of ${u.name}`} onClick={press}>
            {u.disabled ? 'Enable' : 'Disable'}
          </Button>
        )}
        {confirming && (
          <ConfirmDialog title={`Disable the account of ${u.name}?`} confirmLabel="Disable the account"
            onCancel={() => setConfirming(false)} onConfirm={() => { setConfirming(false); void toggle(); }}>
            <p>{u.name} ({u.email}) can no longer sign in, and their open sessions end at once. You can enable the account again later.</p>
          </ConfirmDialog>
        )}
        {error && <Notice tone="error">{error}</Notice>}
      </td>
    </tr>
  );
}

function NewStaffAccountForm({ onAdded }: { onAdded: () => void }) {
  const empty: NewStaffAccount = { email: '', name: '', role: 'clinician', password: '' };
  const [input, setInput] = useState<NewStaffAccount>(empty);
  const [added, setAdded] = useState<string>();
  const form = useSubmit({ fields: ACCOUNT_FIELDS });
  const { errors, busy } = form;
  const set = (k: keyof NewStaffAccount) => (v: string) => {
    form.clear(k);
    setInput({ ...input, [k]: v });
  };
  const submit = (e: Event) => {
    e.preventDefault();
    setAdded(undefined);
    if (!form.check(checkStaffAccount(input))) return;
    const body = { ...input, email: input.email.trim(), name: input.name.trim() };
    return form.run(async () => {
      const account = await api.addStaffAccount(body, form.key(body));
      setAdded(`${account.name} can now sign in as ${humanise(account.role).toLowerCase()} with ${account.email}.`);
      setInput(empty);
      onAdded();
      return 'account-added';
    });
  };
  return (
    <section class="card" aria-labelledby="new-account-h">
      <h2 id="new-account-h">Add a staff account</h2>
      {added && <Notice tone="success" id="account-added">{added}</Notice>}
      {errors[''] && <Notice tone="error">{errors['']}</Notice>}
      <form onSubmit={submit} noValidate aria-label="Add a staff account">
        <TextField form="account" path="name" label="Name" value={input.name} error={errors.name} onValue={set('name')} />
        <TextField form="account" path="email" label="Email" type="email" value={input.email} error={errors.email} onValue={set('email')} />
        <SelectField form="account" path="role" label="Role" value={input.role} error={errors.role} onValue={set('role')} options={STAFF_ROLES} />
        <TextField form="account" path="password" label="First password" type="password" autoComplete="new-password"
          hint="They sign in with it and can change it later." value={input.password} error={errors.password} onValue={set('password')} />
        <Button type="submit" busy={busy} busyLabel="Adding…">Add the account</Button>
      </form>
    </section>
  );
}
