// Photographs by view and visit (pure, unit-tested): the baseline of a view is its first
// visit; a comparison shows it beside a later visit, using the aligned copy when there is one.
import type { Photo } from '../api/types';

export interface ViewSeries {
  view: string;
  baseline: Photo;
  later: Photo[]; // by visit, then upload order
}

/** Each view's photos: the baseline (lowest visit, first uploaded) and the later ones. */
export function seriesByView(photos: Photo[], order: string[] = []): ViewSeries[] {
  const byView = new Map<string, Photo[]>();
  for (const p of photos) byView.set(p.view, [...(byView.get(p.view) ?? []), p]);
  const rank = (view: string) => (order.indexOf(view) < 0 ? order.length : order.indexOf(view));
  return [...byView.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([view, list]) => {
      const sorted = [...list].sort((a, b) => a.visit - b.visit || a.id - b.id);
      return { view, baseline: sorted[0], later: sorted.slice(1) };
    });
}

/** The address to show a later photo at: its aligned copy when it was aligned, else its display copy. */
export function comparedUrl(photo: Photo): string | undefined {
  return photo.urls.aligned ?? photo.urls.display;
}

/** "Baseline" or "Session N". */
export function visitLabel(visit: number): string {
  return visit === 0 ? 'Baseline' : `Session ${visit}`;
}

/** What the alignment says, in words. */
export function alignmentText(photo: Photo): string {
  const a = photo.alignment;
  if (a.status === 'baseline') return 'Baseline of this view.';
  if (a.status === 'aligned') {
    return `Aligned to the baseline (turned ${(a.rotation_deg ?? 0).toFixed(1)}°, scaled ${Math.round((a.scale ?? 1) * 100)} %).`;
  }
  return `Not aligned: ${a.reason ?? 'no reason given'}. Shown as taken.`;
}
