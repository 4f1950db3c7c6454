// Questions patients ask, answered from the clinic's own protocol.
import { api } from '../../api/endpoints';
import { Loading, Notice, PageHeader } from '../../components/ui';
import { generalMessage } from '../../lib/field_errors';
import { useLoad } from '../../lib/hooks';
import { useSession } from '../../lib/session';

export function FaqPage() {
  const { user } = useSession();
  const faq = useLoad(() => api.faq(user.patient_id!), [user.patient_id]);
  return (
    <>
      <PageHeader title="Questions and answers" subtitle="From your clinic's treatment protocol." />
      {faq.loading && <Loading />}
      {faq.error !== undefined && <Notice tone="error">{generalMessage(faq.error)}</Notice>}
      {faq.data && (
        <div class="card faq">
          {faq.data.items.map((q, i) => (
            <details key={i}>
              <summary>{q.question}</summary>
              <p>{q.answer}</p>
            </details>
          ))}
        </div>
      )}
    </>
  );
}
