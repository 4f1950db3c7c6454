// The signature box: the signer draws with a finger, pen or mouse (pointer events on a
// canvas). Drawing is a path-based gesture that has no keyboard equivalent, so the consent
// form offers the typed name as the signature instead (see consent_form.tsx).
import { useEffect, useRef, useState } from 'preact/hooks';
import { signaturePath, type Point } from '../lib/signature';
import { Button } from './ui';

export function SignaturePad({ onChange, labelledBy }: { onChange: (path: string) => void; labelledBy: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const strokes = useRef<Point[][]>([]);
  const drawing = useRef(false);
  const [empty, setEmpty] = useState(true);

  const context = () => canvas.current?.getContext('2d') ?? null;
  const pointOf = (e: PointerEvent): Point => {
    const box = canvas.current!.getBoundingClientRect();
    return { x: e.clientX - box.left, y: e.clientY - box.top };
  };
  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const ratio = window.devicePixelRatio || 1;
    c.width = c.clientWidth * ratio;
    c.height = c.clientHeight * ratio;
    const ctx = context();
    if (ctx) {
      ctx.scale(ratio, ratio);
      ctx.lineWidth = 2;
      ctx.lineCap = 'round';
      ctx.lineJoin = 'round';
      ctx.strokeStyle = '#102a5c';
    }
  }, []);

  const down = (e: PointerEvent) => {
    e.preventDefault();
    canvas.current!.setPointerCapture(e.pointerId);
    drawing.current = true;
    const p = pointOf(e);
    strokes.current.push([p]);
    const ctx = context();
    ctx?.beginPath();
    ctx?.moveTo(p.x, p.y);
  };
  const move = (e: PointerEvent) => {
    if (!drawing.current) return;
    const p = pointOf(e);
    const stroke = strokes.current[strokes.current.length - 1];
    const last = stroke[stroke.length - 1];
    if (Math.abs(last.x - p.x) + Math.abs(last.y - p.y) < 1) return;
    stroke.push(p);
    const ctx = context();
    ctx?.lineTo(p.x, p.y);
    ctx?.stroke();
  };
  const up = () => {
    if (!drawing.current) return;
    drawing.current = false;
    setEmpty(false);
    onChange(signaturePath(strokes.current));
  };
  const clear = () => {
    strokes.current = [];
    const c = canvas.current;
    context()?.clearRect(0, 0, c?.width ?? 0, c?.height ?? 0);
    setEmpty(true);
    onChange('');
  };

  return (
    <div class="signature">
      <canvas ref={canvas} class="signature__canvas" data-testid="signature-pad" role="img" aria-labelledby={labelledBy}
        onPointerDown={down} onPointerMove={move} onPointerUp={up} onPointerCancel={up} onPointerLeave={up} />
      <div class="signature__actions">
        <span class="muted">{empty ? 'Sign in the box with your finger, a pen or the mouse.' : 'Signed in the box.'}</span>
        <Button type="button" variant="secondary" onClick={clear} disabled={empty}>Clear the signature</Button>
      </div>
    </div>
  );
}
