// Messages (staff): the outbox of appointment, aftercare and check-in reminders and clinic
// alerts, newest first, filtered by delivery status. Messages that could not be delivered
// are shown first, each with the error the mail server gave, so someone can call the patient,
// and a Retry button that queues it again at once.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/endpoints';
import type { OutboxMessage, OutboxStatus } from '../../api/types';
import { OUTBOX_STATUSES } from '../../api/types';
import { Badge, Button, Link, Loading, Notice, PageHeader, SelectField } from '../../components/ui';
import { generalMessage } from '../../lib/field_errors';
import { useLoad } from '../../lib/hooks';
import {
  deliveryLine, kindLabel, needsAttention, OUTBOX_STATUS_LABELS, OUTBOX_STATUS_TONES,
} from '../../lib/outbox';
import { useSubmit } from '../../lib/submit';

const PAGE = 100;

export function MessagesPage() {
  const [status, setStatus] = useState<OutboxStatus | ''>('');
  const clinic = useLoad(() => api.clinic().catch(() => undefined), []);
  const timeZone = clinic.data?.time_zone;
  const failed = useLoad(() => api.outbox('failed', undefined, PAGE), []);
  const first = useLoad(() => api.outbox(status || undefined, undefined, PAGE), [status]);
  const [older, setOlder] = useState<OutboxMessage[]>([]);
  const [more, setMore] = useState<{ busy: boolean; error?: unknown; done: boolean }>({ busy: false, done: false });
  useEffect(() => {
    setOlder([]);
    setMore({ busy: false, done: false });
  }, [status, first.data]);

  const items = [...(first.data?.items ?? []), ...older];
  const canLoadMore = !more.done && (older.length ? older.length % PAGE === 0 : first.data?.items.length === PAGE);
  const loadOlder = async () => {
    const last = items[items.length - 1];
    if (!last) return;
    setMore({ busy: true, done: false });
    try {
      const page = await api.outbox(status || undefined, last.id, PAGE);
      setOlder((o) => [...o, ...page.items]);
      setMore({ busy: false, done: page.items.length < PAGE });
    } catch (error) {
      setMore({ busy: false, error, done: false });
    }
  };

  const reload = () => { failed.reload(); first.reload(); };
  return (
    <>
      <PageHeader title="Messages" subtitle="Reminders and alerts the clinic sends by e-mail, newest first.">
        <Button type="button" variant="secondary" onClick={reload} busy={first.loading && !!first.data} busyLabel="Refreshing…">Refresh</Button>
      </PageHeader>
      {failed.data && failed.data.items.length > 0 && (
        <section class="card card--alert" aria-labelledby="failed-h" data-testid="failed-messages">
          <h2 id="failed-h">
            <Badge tone="urgent">Not delivered</Badge> {failed.data.items.length}{failed.data.items.length === PAGE ? '+' : ''} message{failed.data.items.length === 1 ? '' : 's'} could not be sent
          </h2>
          <p>The mail server refused these after every retry. Reach the patient another way, then check the address in their record, then retry.</p>
          <ul class="messages">
            {failed.data.items.map((m) => <MessageItem key={m.id} message={m} timeZone={timeZone} onRetried={reload} />)}
          </ul>
        </section>
      )}
      {failed.error !== undefined && <Notice tone="error">{generalMessage(failed.error)}</Notice>}
      <section class="card" aria-labelledby="all-h">
          <h2 id="all-h">{status ? `${OUTBOX_STATUS_LABELS[status]} messages` : 'All messages'}</h2>
          <div class="filter">
            <SelectField form="outbox" path="status" label="Show" value={status} onValue={(v) => setStatus(v as OutboxStatus | '')}
              options={[['', 'All messages'], ...OUTBOX_STATUSES.map((s): [string, string] => [s, OUTBOX_STATUS_LABELS[s]])]} />
          </div>
          {first.loading && <Loading label="Loading messages…" />}
          {first.error !== undefined && <Notice tone="error">{generalMessage(first.error)}</Notice>}
          {first.data && (items.length === 0 ? (
            <p class="muted">{status ? `No ${OUTBOX_STATUS_LABELS[status].toLowerCase()} messages.` : 'No messages yet.'}</p>
          ) : (
            <>
              <p class="muted" aria-live="polite">{items.length} message{items.length === 1 ? '' : 's'} shown{timeZone ? ` · times in ${timeZone}` : ''}.</p>
              <ul class="messages" data-testid="messages">
                {items.map((m) => <MessageItem key={m.id} message={m} timeZone={timeZone} onRetried={reload} />)}
              </ul>
            </>
          ))}
          {more.error !== undefined && <Notice tone="error">{generalMessage(more.error)}</Notice>}
          {first.data && canLoadMore && (
            <Button type="button" variant="secondary" busy={more.busy} busyLabel="Loading older messages…" onClick={loadOlder}>
              Show older messages
            </Button>
          )}
        </section>
    </>
  );
}

function MessageItem({ message: m, timeZone, onRetried }: { message: OutboxMessage; timeZone?: string; onRetried: () => void }) {
  const attention = needsAttention(m);
  const retry = useSubmit();
  const retryNow = () => retry.run(async () => {
    retry.setErrors({});
    await api.retryMessage(m.id);
    onRetried();
    return 'all-h';
  }, (error) => ({ '': generalMessage(error) }));
  return (
    <li class={`message${attention ? ' message--attention' : ''}`} data-status={m.status}>
      <div class="message-head">
        <Badge tone={OUTBOX_STATUS_TONES[m.status] ?? 'skipped'}>{OUTBOX_STATUS_LABELS[m.status] ?? m.status}</Badge>
        <span class="message-kind">{kindLabel(m.kind)}</span>
      </div>
      <p class="message-subject">{m.subject}</p>
      <p class="muted message-meta">
        To {m.recipient} · {deliveryLine(m, timeZone)}
        {m.patient_id !== null && <> · <Link href={`/patients/${m.patient_id}`}>Patient record<span class="visually-hidden"> ({m.recipient})</span></Link></>}
      </p>
      {m.last_error && (
        <p class="message-error">
          <strong>{m.status === 'failed' ? 'Last error' : m.status === 'skipped' ? 'Why not sent' : 'Error on the last try'}:</strong> {m.last_error}
        </p>
      )}
      {m.status === 'failed' && (
        <Button type="button" variant="secondary" busy={retry.busy} busyLabel="Retrying…" onClick={retryNow}>
          Retry<span class="visually-hidden"> message {m.id}</span>
        </Button>
      )}
      {retry.errors[''] && <Notice tone="error">{retry.errors['']}</Notice>}
    </li>
  );
}
