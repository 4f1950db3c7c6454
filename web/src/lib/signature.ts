// A drawn signature as the server stores it: SVG path data of absolute "M x y" / "L x y"
// commands, coordinates 0-4000 with one decimal (src/domain/consent/consent.hpp). Pure, so
// it is unit-tested without a canvas.

export interface Point { x: number; y: number }

/** The largest coordinate the server accepts. */
export const MAX_COORDINATE = 4000;

function coordinate(v: number): string {
  const clamped = Math.min(MAX_COORDINATE, Math.max(0, v));
  return (Math.round(clamped * 10) / 10).toString();
}

/** The path of `strokes` (each a list of points; strokes of one point become a dot). */
export function signaturePath(strokes: Point[][]): string {
  const parts: string[] = [];
  for (const stroke of strokes) {
    if (stroke.length === 0) continue;
    const points = stroke.length === 1 ? [stroke[0], { x: stroke[0].x + 0.5, y: stroke[0].y + 0.5 }] : stroke;
    points.forEach((p, i) => parts.push(`${i === 0 ? 'M' : 'L'} ${coordinate(p.x)} ${coordinate(p.y)}`));
  }
  return parts.join(' ');
}

/** How many points a path holds (the server wants at least two). */
export function pointCount(path: string): number {
  return (path.match(/[ML]/g) ?? []).length;
}

/** Whole years from `birth` to `on` (ISO dates "YYYY-MM-DD"), as the server counts them. */
export function wholeYears(birth: string, on: string): number {
  const [by, bm, bd] = birth.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The newest current (not withdrawn) consent of each purpose. */
export function currentByPurpose<T extends { purpose: string; current: boolean; id: number }>(consents: T[]): Map<string, T> {
  const found = new Map<string, T>();
  for (const c of consents) {
    if (!c.current) continue;
    const seen = found.get(c.purpose);
    if (!seen || seen.id < c.id) found.set(c.purpose, c);
  }
  return found;
}
