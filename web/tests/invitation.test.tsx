import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { forgetInvitationToken, invitationToken, takeInvitationToken } from '../src/lib/invitation';
import { checkNewPassword } from '../src/lib/validation';
import { InvitationPage } from '../src/pages/invitation';
import { PortalAccountForm } from '../src/pages/clinic/patient';
import type { Patient } from '../src/api/types';

const TOKEN = 'q0Zr3m-_x8Y2bLk9VtN4aW6sEeJc1HfUoP7iDgQyXzA'; // 43 URL-safe base64 characters

describe('invitationToken', () => {
  it.each([
    [`#token=${TOKEN}`, TOKEN],
    [`token=${TOKEN}`, TOKEN],
    [`#token=${TOKEN}&x=1`, TOKEN],
    ['#token=', undefined],
    ['#other=1', undefined],
    ['', undefined],
  ])('%s → %s', (hash, want) => {
    expect(invitationToken(hash)).toBe(want);
  });
});

describe('takeInvitationToken', () => {
  afterEach(() => forgetInvitationToken());
  it('takes the token out of the address bar at once and keeps it in memory', () => {
    history.replaceState(null, '', `/invitation#token=${TOKEN}`);
    expect(takeInvitationToken()).toBe(TOKEN);
    expect(location.hash).toBe('');
    expect(location.pathname).toBe('/invitation');
    expect(takeInvitationToken()).toBe(TOKEN); // a second look (e.g. a re-render) still has it
    forgetInvitationToken();
    expect(takeInvitationToken()).toBeUndefined();
  });
});

describe('checkNewPassword', () => {
  it('needs 10 characters and the same password twice', () => {
    expect(checkNewPassword('', '')).toEqual({ password: 'Choose a password.', confirm: 'Type the password again.' });
    expect(checkNewPassword('short', 'short')).toEqual({ password: 'Use at least 10 characters.' });
    expect(checkNewPassword('long enough 1', 'long enough 2')).toEqual({ confirm: 'The two passwords are not the same.' });
    expect(checkNewPassword('long enough 1', 'long enough 1')).toEqual({});
  });
});

let root: HTMLElement;
function mount(vnode: preact.VNode) {
  root = document.createElement('div');
  document.body.append(root);
  render(vnode, root);
  return root;
}
afterEach(() => {
  if (root) {
    render(null, root);
    root.remove();
  }
  vi.unstubAllGlobals();
  forgetInvitationToken();
});

function type(input: HTMLInputElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}
async function settle() {
  await new Promise((r) => setTimeout(r, 0));
  await new Promise((r) => setTimeout(r, 0));
}

describe('InvitationPage', () => {
  let calls: [string, RequestInit][];
  const answer = (body: unknown, status = 200) => {
    calls = [];
    vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit) => {
      calls.push([url, init]);
      return new Response(JSON.stringify(body), { status });
    }));
  };
  beforeEach(() => history.replaceState(null, '', `/invitation#token=${TOKEN}`));

  const fields = () => {
    const inputs = [...root.querySelectorAll('input')];
    return { password: inputs[0], confirm: inputs[1], submit: root.querySelector('button[type="submit"]') as HTMLButtonElement };
  };

  it('labels both password fields as new passwords and checks them before sending', async () => {
    answer({});
    mount(<InvitationPage onSignIn={() => undefined} />);
    expect(location.hash).toBe('');
    expect(root.querySelector('h1')!.textContent).toBe('Choose your password');
    const { password, confirm, submit } = fields();
    for (const input of [password, confirm]) {
      expect(input.type).toBe('password');
      expect(input.getAttribute('autocomplete')).toBe('new-password');
    }
    expect(root.querySelector(`label[for="${password.id}"]`)!.textContent).toBe('New password');
    expect(root.querySelector(`label[for="${confirm.id}"]`)!.textContent).toBe('Confirm the password');
    type(password, 'short');
    type(confirm, 'other');
    await settle();
    submit.click();
    await settle();
    expect(password.getAttribute('aria-invalid')).toBe('true');
    expect(password.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)!.textContent))
      .toContain('Use at least 10 characters.');
    expect(document.getElementById(confirm.getAttribute('aria-describedby')!)!.textContent).toBe('The two passwords are not the same.');
    expect(calls).toHaveLength(0);
  });

  it('sends the token kept in memory and then says to sign in with the account\'s e-mail', async () => {
    answer({ id: 12, email: 'mira@example.test', name: 'Mira T', role: 'patient', patient_id: 5 });
    const onSignIn = vi.fn();
    mount(<InvitationPage onSignIn={onSignIn} />);
    const { password, confirm, submit } = fields();
    type(password, 'portal-pass-2026');
    type(confirm, 'portal-pass-2026');
    await settle();
    submit.click();
    await vi.waitFor(() => expect(root.textContent).toContain('Your password is set. Sign in with mira@example.test.'));
    expect(calls[0][0]).toBe('/api/v1/auth/invitations/accept');
    expect(JSON.parse(String(calls[0][1].body))).toEqual({ token: TOKEN, password: 'portal-pass-2026' });
    expect(root.querySelector('form')).toBeNull();
    (root.querySelector('#invitation-sign-in') as HTMLButtonElement).click();
    expect(onSignIn).toHaveBeenCalledWith('mira@example.test');
  });

  it('a used, replaced or expired link: asks for a new invitation and hides the form', async () => {
    answer({ error: { code: 'invalid_argument', message: 'this invitation link is not valid any more (used, replaced or expired); ask the clinic for a new one', field: 'token' } }, 400);
    mount(<InvitationPage onSignIn={() => undefined} />);
    const { password, confirm, submit } = fields();
    type(password, 'portal-pass-2026');
    type(confirm, 'portal-pass-2026');
    await settle();
    submit.click();
    await vi.waitFor(() => expect(root.querySelector('[role="alert"]')?.textContent).toContain('not valid any more'));
    expect(root.textContent).toContain('Ask the clinic to send you a new invitation.');
    expect(root.querySelector('form')).toBeNull();
  });

  it('a password the server refuses is shown at the password field', async () => {
    answer({ error: { code: 'invalid_argument', message: 'is too common', field: 'password' } }, 400);
    mount(<InvitationPage onSignIn={() => undefined} />);
    const { password, confirm, submit } = fields();
    type(password, 'password123');
    type(confirm, 'password123');
    await settle();
    submit.click();
    await vi.waitFor(() => expect(password.getAttribute('aria-invalid')).toBe('true'));
    expect(root.textContent).toContain('Is too common.');
  });

  it('without a token in the link, says to open the e-mail\'s link and shows no form', () => {
    history.replaceState(null, '', '/invitation');
    mount(<InvitationPage onSignIn={() => undefined} />);
    expect(root.querySelector('form')).toBeNull();
    expect(root.textContent).toContain('This page needs the link from your invitation e-mail.');
  });
});

describe('PortalAccountForm', () => {
  const patient: Patient = {
    id: 5, version: 1, created_at: '', updated_at: '', given_name: 'Mira', family_name: 'T', birth_date: '1994-03-08', fitzpatrick: 3,
    sex: 'female', email: 'Mira@Example.test', phone: null,
  };
  let calls: [string, RequestInit][];
  let status = 201;
  beforeEach(() => {
    calls = [];
    status = 201;
    vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit) => {
      calls.push([url, init]);
      return status === 201
        ? new Response(JSON.stringify({ id: 12, email: 'mira@example.test', name: 'Mira T', role: 'patient', patient_id: 5 }), { status })
        : new Response('', { status });
    }));
  });
  const button = () => root.querySelector('button') as HTMLButtonElement;
  const key = (i: number) => new Headers(calls[i][1].headers).get('Idempotency-Key');

  it('sends the invitation to the record\'s e-mail, retries with the same key and sends again with a new one', async () => {
    mount(<PortalAccountForm patient={patient} />);
    expect(root.querySelector('input[type="password"]')).toBeNull();
    expect(root.querySelector('[data-testid="portal-email"]')!.textContent).toBe('Mira@Example.test');
    expect(button().textContent).toBe('Send portal invitation');
    status = 502;
    button().click();
    await vi.waitFor(() => expect(root.querySelector('[role="alert"]')).not.toBeNull());
    status = 201;
    button().click();
    await vi.waitFor(() => expect(root.textContent).toContain('Invitation sent to mira@example.test. The link works once, for 7 days.'));
    expect(calls.map((c) => [c[0], c[1].method, c[1].body])).toEqual([
      ['/api/v1/patients/5/portal-account', 'POST', '{"email":"Mira@Example.test"}'],
      ['/api/v1/patients/5/portal-account', 'POST', '{"email":"Mira@Example.test"}'],
    ]);
    expect(key(1)).toBe(key(0)); // a retry after a failure: one invitation
    button().click();
    await vi.waitFor(() => expect(calls).toHaveLength(3));
    expect(key(2)).not.toBe(key(1)); // sending again on purpose: a new invitation
  });

  it('without an e-mail on the record, says to add one first and cannot send', () => {
    mount(<PortalAccountForm patient={{ ...patient, email: null }} />);
    expect(root.textContent).toContain('Add one to the patient\'s record first');
    expect(button().disabled).toBe(true);
  });
});

describe('App at /invitation', () => {
  it('shows the invitation page at once, before the server said who is signed in, and takes the token out of the address', async () => {
    const { App } = await import('../src/app');
    let answerMe: (r: Response) => void = () => undefined;
    vi.stubGlobal('fetch', vi.fn((url: string) => (url === '/api/v1/me'
      ? new Promise<Response>((resolve) => { answerMe = resolve; })
      : Promise.resolve(new Response('{}', { status: 200 })))));
    history.replaceState(null, '', `/invitation#token=${TOKEN}`);
    mount(<App />);
    expect(root.querySelector('h1')!.textContent).toBe('Choose your password');
    expect(location.href.endsWith('/invitation')).toBe(true);
    answerMe(new Response(JSON.stringify({ error: { code: 'unauthenticated', message: 'sign in first' } }), { status: 401 }));
    await settle();
    expect(root.querySelector('h1')!.textContent).toBe('Choose your password'); // not the sign-in page
    expect(document.title).toBe('Choose your password · Scarwise');
    expect(root.querySelector('form')).not.toBeNull();
  });
});
