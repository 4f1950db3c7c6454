import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from '../src/api/client';
import { Button, Notice, RadioGroup, TextField } from '../src/components/ui';
import { useSubmit } from '../src/lib/submit';

/** A form like the app's: a name field and a yes/no group, sent by `send` with the hook's key. */
function Form({ send }: { send: (body: unknown, key: string) => Promise<void> }) {
  const form = useSubmit({ fields: ['name', 'answer'] });
  const [name, setName] = useState('Ada');
  const [answer, setAnswer] = useState('');
  const [done, setDone] = useState(false);
  const submit = (e: Event) => {
    e.preventDefault();
    if (!form.check(name ? {} : { name: 'Enter the name.' })) return;
    const body = { name, answer };
    return form.run(async () => {
      await send(body, form.key(body));
      setDone(true);
      return 'done';
    });
  };
  return (
    <form onSubmit={submit}>
      {form.errors[''] && <Notice tone="error">{form.errors['']}</Notice>}
      <TextField form="t" path="name" label="Name" value={name} onValue={(v) => { form.clear('name'); setName(v); }} error={form.errors.name} />
      <RadioGroup form="t" path="answer" legend="Yes?" value={answer} onValue={setAnswer} options={[['yes', 'Yes'], ['no', 'No']]} error={form.errors.answer} />
      <Button type="submit" busy={form.busy} busyLabel="Sending…">Send</Button>
      {done && <Notice tone="success" id="done">Sent.</Notice>}
    </form>
  );
}

const frames = () => new Promise((r) => setTimeout(r, 60));

describe('useSubmit', () => {
  let root: HTMLElement;
  afterEach(() => { render(null, root); root.remove(); });
  const mount = (send: (body: unknown, key: string) => Promise<void>) => {
    root = document.createElement('div');
    document.body.append(root);
    render(<Form send={send} />, root);
    return root.querySelector('form')!;
  };

  it('sends one request for two presses while the first is in flight, and the same key for a retry', async () => {
    let finish: () => void = () => undefined;
    const send = vi.fn((_body: unknown, _key: string) => new Promise<void>((r) => { finish = r; }));
    const form = mount(send);
    form.requestSubmit();
    form.requestSubmit(); // the second press, before the button re-rendered as disabled
    await frames();
    expect(send).toHaveBeenCalledTimes(1);
    expect(root.querySelector('button')!.disabled).toBe(true);
    expect(root.querySelector('button')!.getAttribute('aria-busy')).toBe('true');
    finish();
    await frames();
    expect(root.querySelector('button')!.disabled).toBe(false);
    form.requestSubmit(); // the same body again: the same Idempotency-Key
    await frames();
    finish();
    expect(send).toHaveBeenCalledTimes(2);
    expect(send.mock.calls[1][1]).toBe(send.mock.calls[0][1]);
  });

  it('moves the focus to the result once it is rendered', async () => {
    const form = mount(async () => undefined);
    (root.querySelector('button') as HTMLButtonElement).focus();
    form.requestSubmit();
    await frames();
    await frames();
    expect(document.activeElement?.id).toBe('done');
  });

  it('puts a server error next to its field, marks the group invalid and focuses it', async () => {
    const form = mount(async () => { throw new ApiError(400, 'invalid_argument', 'must be answered', 'answer'); });
    form.requestSubmit();
    await frames();
    await frames();
    const group = root.querySelector('fieldset')!;
    expect(group.getAttribute('aria-invalid')).toBe('true');
    expect(group.getAttribute('aria-describedby')).toBe('t-answer-error');
    expect(root.querySelector('#t-answer-error')!.textContent).toBe('Must be answered.');
    expect(group.contains(document.activeElement)).toBe(true);
    await frames();
    expect(document.getElementById('announcer')!.textContent).toBe('Not sent: one answer needs attention.');
  });

  it('shows local errors without sending and focuses the first', async () => {
    const send = vi.fn(async () => undefined);
    const form = mount(send);
    const input = root.querySelector('input')!;
    input.value = '';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await frames();
    form.requestSubmit();
    await frames();
    await frames();
    expect(send).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(root.querySelector('input'));
    expect(root.querySelector('input')!.getAttribute('aria-invalid')).toBe('true');
  });
});
