import { Link, PageHeader } from '../components/ui';

/** Any path the signed-in user's routes do not have, and any record that is not theirs. */
export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Not found" />
      <p>This page does not exist, or it is not yours to see.</p>
      <p><Link href="/">Go to the start page</Link></p>
    </>
  );
}
