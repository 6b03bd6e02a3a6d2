import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartLine {
  readonly label: string;
  readonly values: ReadonlyArray<number | null>;
  readonly color?: string;
  readonly dashed?: boolean;
}

export interface ChartProps {
  /** Epoch ms of each point (time axis), or omitted with `categories` for a bar chart. */
  readonly times?: readonly number[];
  readonly categories?: readonly string[];
  readonly lines: readonly ChartLine[];
  readonly height?: number;
  readonly format?: (v: number) => string;
  /** A fixed top of the y axis (100 for percentages); otherwise the data's maximum. */
  readonly yMax?: number;
  readonly testId?: string;
}

export const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

/**
 * A uPlot chart. uPlot draws on a canvas and is made for time series: tens of thousands of
 * points redraw in a millisecond, so a live dashboard can replace its data every few
 * seconds. The element carries `data-points` and `data-sum` (what is drawn, for tests and
 * for people reading the DOM).
 */
export function Chart(props: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const shape = useRef('');
  const bars = props.times === undefined;
  const xs = bars ? (props.categories ?? []).map((_, i) => i) : props.times!.map((t) => t / 1000);
  const data: uPlot.AlignedData = [xs, ...props.lines.map((l) => l.values.map((v) => (v === null ? null : v)))];
  // A value with no neighbour draws no line: such series get dots.
  const dotted = props.lines.map((l) => l.values.some((v, i) => v !== null && (l.values[i - 1] ?? null) === null && (l.values[i + 1] ?? null) === null));
  const key = `${bars}|${props.lines.map((l) => l.label).join('|')}|${dotted.join()}|${props.height ?? 180}|${(props.categories ?? []).join('\u0000')}`;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    if (plot.current && shape.current === key) {
      plot.current.setData(data);
      return;
    }
    plot.current?.destroy();
    shape.current = key;
    const fmt = props.format ?? ((v: number) => String(v));
    const categories = props.categories ?? [];
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: props.height ?? 180,
      legend: { show: props.lines.length > 1 || bars },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: bars ? { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] } : { time: true },
        // Counts, bytes, seconds and percentages start at 0, so a flat line reads as "little", not "a lot".
        y: { range: (_u, min, max) => [Math.min(0, min ?? 0), props.yMax ?? (max !== null && max > 0 ? max * 1.1 : 1)] },
      },
      axes: [
        bars
          ? { values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? (categories[t] ?? '') : '')), gap: 4 }
          : {},
        { values: (_u, ticks) => ticks.map((t) => fmt(t)), size: 64 },
      ],
      series: [
        bars ? { label: 'row', value: (_u, v) => (v === null ? '' : (categories[v] ?? '')) } : {},
        ...props.lines.map((l, i) => {
          const color = l.color ?? PALETTE[i % PALETTE.length]!;
          const s: uPlot.Series = {
            label: l.label,
            stroke: color,
            width: 2,
            value: (_u: uPlot, v: number | null) => (v === null ? '–' : fmt(v)),
            spanGaps: false,
          };
          if (l.dashed) s.dash = [6, 4];
          if (bars && props.lines.length === 1) {
            s.fill = color + '99';
            s.paths = uPlot.paths.bars!({ size: [0.7, 64] });
            s.points = { show: false };
          } else if (bars) {
            s.points = { show: true, size: 7 }; // several bar series would hide each other: lines with points
          } else {
            s.fill = props.lines.length === 1 ? color + '22' : undefined;
            s.points = l.dashed ? { show: false } : dotted[i] ? { show: true, size: 6 } : {};
          }
          return s;
        }),
      ],
    };
    plot.current = new uPlot(opts, data, el);
  });

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const resize = new ResizeObserver(() => {
      if (plot.current) plot.current.setSize({ width: Math.max(200, el.clientWidth), height: props.height ?? 180 });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.current?.destroy();
      plot.current = null;
      shape.current = '';
    };
  }, []);

  let points = 0;
  let sum = 0;
  for (const l of props.lines) {
    for (const v of l.values) {
      if (v === null) continue;
      points++;
      sum += v;
    }
  }
  return (
    <div class="chart-box">
      <div class="chart" ref={box} data-testid={props.testId} data-points={points} data-sum={sum} />
      {points === 0 ? <div class="no-data">no data in this window</div> : null}
    </div>
  );
}
