// Before and after, per view: the baseline beside a later visit (the later photo aligned to the
// baseline when it could be), and the same two on one frame with a slider to wipe between them.
import { useState } from 'preact/hooks';
import type { Photo, PhotoView } from '../api/types';
import { formatDate } from '../lib/labels';
import { alignmentText, comparedUrl, type ViewSeries, visitLabel } from '../lib/photos';

export function PhotoComparison({ series, views }: { series: ViewSeries; views: PhotoView[] }) {
  const label = views.find((v) => v.code === series.view)?.label ?? series.view;
  const [laterId, setLaterId] = useState<number>();
  const [wipe, setWipe] = useState(50);
  // The chosen later photo, or the latest (also when a new one has just arrived).
  const later = series.later.find((p) => p.id === laterId) ?? series.later[series.later.length - 1];
  const id = `compare-${series.view}`;
  return (
    <section class="card photo-compare" aria-labelledby={`${id}-h`} data-testid={id}>
      <h2 id={`${id}-h`}>{label}</h2>
      {series.later.length === 0 ? (
        <figure class="photo-figure">
          <img src={series.baseline.urls.display} alt={`${label}, ${visitLabel(series.baseline.visit)}`} />
          <figcaption>{caption(series.baseline)}</figcaption>
        </figure>
      ) : (
        <>
          <label for={`${id}-visit`}>Compare the baseline with</label>{' '}
          <select id={`${id}-visit`} value={later?.id} onChange={(e) => setLaterId(Number((e.currentTarget as HTMLSelectElement).value))}>
            {series.later.map((p) => <option key={p.id} value={p.id}>{visitLabel(p.visit)}, {formatDate(p.uploaded_at)}</option>)}
          </select>
          {later && (
            <>
              <div class="photo-pair">
                <figure class="photo-figure">
                  <img src={series.baseline.urls.display} alt={`${label}, baseline`} />
                  <figcaption>{caption(series.baseline)}</figcaption>
                </figure>
                <figure class="photo-figure">
                  <img src={comparedUrl(later)} alt={`${label}, ${visitLabel(later.visit)}${later.alignment.status === 'aligned' ? ', aligned to the baseline' : ''}`} />
                  <figcaption>{caption(later)} <span class="muted">{alignmentText(later)}</span></figcaption>
                </figure>
              </div>
              <div class="photo-wipe" style={{ aspectRatio: `${series.baseline.width} / ${series.baseline.height}` }}>
                <img src={series.baseline.urls.display} alt="" />
                <img src={comparedUrl(later)} alt="" style={{ clipPath: `inset(0 0 0 ${wipe}%)` }} data-testid={`${id}-after`} />
              </div>
              <label for={`${id}-wipe`}>Slide between the baseline (left) and {visitLabel(later.visit).toLowerCase()} (right)</label>
              <input id={`${id}-wipe`} type="range" min="0" max="100" value={wipe}
                onInput={(e) => setWipe(Number((e.currentTarget as HTMLInputElement).value))} />
            </>
          )}
        </>
      )}
    </section>
  );
}

function caption(p: Photo): string {
  return `${visitLabel(p.visit)} · ${formatDate(p.uploaded_at)}`;
}
