import { useEffect, useRef } from 'react';
import uPlot, { AlignedData, Options } from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** spanGaps: draw the line across missing values (a series measured at fewer x than the others). */
export type ChartSeries = { label: string; values: (number | null)[]; color: string; dash?: number[]; bars?: boolean; spanGaps?: boolean };

type Props = {
  title: string;
  /** x values: Unix seconds for time axes, else plain numbers (steps). */
  x: number[];
  series: ChartSeries[];
  time?: boolean;
  height?: number;
  xLabel?: string;
  yLabel?: string;
  /** The id of the text that says in words what the chart shows. */
  describedBy?: string;
};

/**
 * A uPlot chart (canvas, fast enough to redraw a live loss curve every poll). The canvas is decorative for screen
 * readers: the figure is labelled, and every chart here sits next to a table or list of the same numbers.
 */
export function LineChart({ title, x, series, time = false, height = 260, xLabel, yLabel, describedBy }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const shape = `${time}|${series.map((s) => `${s.label}${s.bars ? 'b' : ''}`).join(',')}`;

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const options: Options = {
      width: Math.max(320, element.clientWidth),
      height,
      scales: { x: { time } },
      axes: [
        { label: xLabel, stroke: '#333', grid: { stroke: '#e4e4e4' } },
        { label: yLabel, stroke: '#333', grid: { stroke: '#e4e4e4' }, size: 70 },
      ],
      series: [
        { label: xLabel ?? 'x' },
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 2,
          dash: s.dash,
          spanGaps: s.spanGaps,
          fill: s.bars ? `${s.color}55` : undefined,
          paths: s.bars ? uPlot.paths.bars?.({ size: [0.6, 40] }) : undefined,
          points: { show: x.length < 40 },
        })),
      ],
    };
    chart.current = new uPlot(options, [x, ...series.map((s) => s.values)] as AlignedData, element);
    const resize = new ResizeObserver(() => chart.current?.setSize({ width: Math.max(320, element.clientWidth), height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.current?.destroy();
      chart.current = null;
    };
    // The chart is rebuilt only when its series change; new data points go through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape, height]);

  useEffect(() => {
    chart.current?.setData([x, ...series.map((s) => s.values)] as AlignedData);
  }, [x, series]);

  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div ref={container} role="img" aria-label={title} aria-describedby={describedBy} />
    </figure>
  );
}
