// A protocol source for clinicians: readable words linked to the reference page.
import { readableSource, sourceAnchor } from '../lib/sources';
import { Badge, Link } from './ui';

export function SourceLink({ source, unverified, because }: { source: string | undefined; unverified?: boolean; because?: string }) {
  if (!source) return null;
  return (
    <span class="source">
      {because ? <>Because {because}. </> : null}
      Source: <Link href={`/reference#${sourceAnchor(source)}`}>{readableSource(source)}</Link>
      {unverified && <> <Badge tone="soon">unverified</Badge></>}
    </span>
  );
}
