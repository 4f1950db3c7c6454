import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import type { OutboxMessage } from '../src/api/types';
import { MessagesPage } from '../src/pages/clinic/messages';

let root: HTMLElement;
afterEach(() => {
  render(null, root);
  root.remove();
  vi.unstubAllGlobals();
});

const base: OutboxMessage = {
  id: 1, kind: 'appointment_reminder', recipient: 'ada@example.test', subject: 'Reminder: your microneedling session', patient_id: 3,
  appointment_id: 9, due_at: '2027-03-01T08:00:00Z', status: 'pending', attempts: 0, next_attempt_at: '2027-03-01T08:00:00Z',
  last_error: '', sent_at: null,
};
const failed = { ...base, id: 3, kind: 'clinic_alert', status: 'failed' as const, attempts: 6, last_error: '550 mailbox unavailable' };
const sent = { ...base, id: 2, status: 'sent' as const, attempts: 1, sent_at: '2027-03-01T08:00:04Z' };

describe('MessagesPage', () => {
  it('shows undelivered messages first with their last error, then the filtered list', async () => {
    const urls: string[] = [];
    vi.stubGlobal('fetch', vi.fn(async (url: string) => {
      urls.push(url);
      const body = url === '/api/v1/clinic' ? { time_zone: 'Europe/Amsterdam', opening_hours: {}, closed_dates: [], version: 1 }
        : url.includes('status=failed') ? { items: [failed] } : { items: [failed, sent, base] };
      return new Response(JSON.stringify(body), { status: 200 });
    }));
    root = document.createElement('div');
    document.body.append(root);
    render(<MessagesPage />, root);
    await vi.waitFor(() => expect(root.querySelector('[data-testid="messages"]')).not.toBeNull());

    const failures = root.querySelector('[data-testid="failed-messages"]')!;
    expect(failures.querySelector('h2')!.textContent).toContain('1 message could not be sent');
    expect(failures.querySelector('.message-error')!.textContent).toBe('Last error: 550 mailbox unavailable');
    expect(failures.textContent).toContain('Clinic alert');

    const items = [...root.querySelectorAll('[data-testid="messages"] > li')];
    expect(items.map((li) => li.getAttribute('data-status'))).toEqual(['failed', 'sent', 'pending']);
    expect(items[1].textContent).toContain('Sent Mon 1 Mar 2027, 09:00');
    expect(items[2].textContent).toContain('Due Mon 1 Mar 2027, 09:00');
    expect(items[0].classList.contains('message--attention')).toBe(true);
    expect(urls).toContain('/api/v1/outbox?limit=100');
    expect(urls).toContain('/api/v1/outbox?status=failed&limit=100');

    const select = root.querySelector('select')!;
    expect(root.querySelector(`label[for="${select.id}"]`)!.textContent).toBe('Show');
    select.value = 'pending';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await vi.waitFor(() => expect(urls).toContain('/api/v1/outbox?status=pending&limit=100'));
  });

  it('retries a failed message from its Retry button and reloads the lists', async () => {
    const calls: Array<[string, string]> = [];
    let retried = false;
    vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      calls.push([method, url]);
      if (method === 'POST') {
        retried = true;
        return new Response(JSON.stringify({ ...failed, status: 'pending', attempts: 0, last_error: '' }), { status: 200 });
      }
      const now = retried ? { ...failed, status: 'pending' as const, attempts: 0, last_error: '' } : failed;
      const body = url === '/api/v1/clinic' ? { time_zone: 'Europe/Amsterdam', opening_hours: {}, closed_dates: [], version: 1 }
        : url.includes('status=failed') ? { items: retried ? [] : [failed] } : { items: [now, sent] };
      return new Response(JSON.stringify(body), { status: 200 });
    }));
    root = document.createElement('div');
    document.body.append(root);
    render(<MessagesPage />, root);
    await vi.waitFor(() => expect(root.querySelector('[data-testid="failed-messages"]')).not.toBeNull());
    const items = [...root.querySelectorAll('[data-testid="messages"] > li')];
    expect(items[1].querySelector('button')).toBeNull();
    const button = root.querySelector<HTMLButtonElement>('[data-testid="failed-messages"] li button')!;
    expect(button.textContent).toBe('Retry message 3');
    button.click();
    await vi.waitFor(() => expect(root.querySelector('[data-testid="failed-messages"]')).toBeNull());
    expect(calls).toContainEqual(['POST', '/api/v1/outbox/3/retry']);
    const after = [...root.querySelectorAll('[data-testid="messages"] > li')];
    expect(after[0].getAttribute('data-status')).toBe('pending');
  });
});
