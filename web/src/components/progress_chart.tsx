// The Goodman & Baron progress chart (uPlot on a canvas) with a data table as its text
// alternative. Lower scores are better. uPlot loads on first use.
import { useEffect, useRef } from 'preact/hooks';
import type UPlot from 'uplot';
import type { ProgressSeries } from '../lib/progress';

export function ProgressChart({ series, title }: { series: ProgressSeries; title: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let plot: { destroy: () => void } | undefined;
    let live = true;
    Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(([{ default: uPlot }]) => {
      if (!live) return;
      plot = draw(uPlot, el);
    });
    return () => {
      live = false;
      plot?.destroy();
    };
  }, [series]);

  function draw(uPlot: typeof UPlot, el: HTMLElement) {
    const width = Math.max(280, Math.min(el.clientWidth || 600, 720));
    const css = getComputedStyle(document.documentElement);
    const accent = css.getPropertyValue('--accent').trim() || '#0f6b7a';
    const band = css.getPropertyValue('--band').trim() || 'rgba(15,107,122,0.15)';
    const plot = new uPlot(
      {
        width,
        height: 260,
        scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil((max ?? 0) * 1.1))] } },
        axes: [
          { label: 'Session', values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? (t === 0 ? 'Baseline' : String(t)) : '')) },
          { label: 'G&B quantitative score' },
        ],
        series: [
          {},
          { label: 'Expected (least improvement)', stroke: band, width: 1 },
          { label: 'Expected (mid)', stroke: accent, dash: [6, 4], width: 1.5 },
          { label: 'Expected (most improvement)', stroke: band, width: 1 },
          { label: 'Measured', stroke: '#b4462b', width: 2.5, points: { size: 8, fill: '#b4462b' } },
        ],
        bands: [{ series: [1, 3], fill: band }],
        legend: { show: false },
      },
      [series.sessions, series.high, series.mid, series.low, series.measured],
      el,
    );
    el.dataset.ready = 'true';
    return plot;
  }
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div ref={box} class="chart-canvas" aria-hidden="true" />
      <p class="chart-legend" aria-hidden="true">
        <span class="key key--measured" /> Measured <span class="key key--mid" /> Expected (typical) <span class="key key--band" /> Expected range
      </p>
      <details>
        <summary>Show the numbers</summary>
        <table class="table">
          <caption class="visually-hidden">{title}</caption>
          <thead>
            <tr><th scope="col">Session</th><th scope="col">Measured</th><th scope="col">Expected band</th></tr>
          </thead>
          <tbody>
            {series.sessions.map((s, i) => (
              <tr key={s}>
                <th scope="row">{s === 0 ? 'Baseline' : `After session ${s}`}</th>
                <td>{series.measured[i] ?? '—'}</td>
                <td>{series.low[i] === null ? '—' : `${series.low[i]}–${series.high[i]} (mid ${series.mid[i]})`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
