import type uPlot from 'uplot';
import { markersPlugin, type ChartMarkerView } from './chart-markers-plugin';

export interface LineSpec {
  label: string;
  stroke: string;
  dash?: number[];
  /** The y scale it uses (default 'y'). */
  scale?: string;
}

export interface TimeSeriesOptionsInput {
  height: number;
  lines: LineSpec[];
  /** The y axes: scale key, label (the unit) and side (3 left, 1 right). */
  axes: { scale: string; label: string; side?: 1 | 3; range?: [number, number] }[];
  format: (v: number, scale: string) => string;
  markers?: readonly ChartMarkerView[];
  /** Charts with the same key move their cursors together. */
  syncKey?: string;
  plugins?: uPlot.Plugin[];
  compact?: boolean;
}

/**
 * uPlot options for a time series: a time x axis spanning exactly the data's first to last
 * bucket (so a minute sits at a known place), labelled y axes, a legend that shows the values at
 * the cursor, and the markers.
 */
export function timeSeriesOptions(input: TimeSeriesOptionsInput): Omit<uPlot.Options, 'width'> {
  const scales: uPlot.Scales = { x: { time: true, range: (_u, min, max) => [min, max] } };
  for (const axis of input.axes) scales[axis.scale] = axis.range ? { range: axis.range } : { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] };
  return {
    height: input.height,
    cursor: { sync: input.syncKey ? { key: input.syncKey } : undefined, drag: { x: false, y: false }, points: { size: 6 } },
    legend: { show: true, live: true },
    scales,
    axes: [
      { space: input.compact ? 70 : 60, size: input.compact ? 28 : 50 },
      // Compact (the overview's cards): no axis titles, the legend names the units.
      ...input.axes.map(
        (axis): uPlot.Axis => ({
          scale: axis.scale,
          side: axis.side ?? 3,
          size: input.compact ? 42 : 56,
          grid: { show: axis.side !== 1 },
          values: (_u, splits) => splits.map((v) => input.format(v, axis.scale)),
          ...(input.compact ? {} : { label: axis.label, labelSize: 16 }),
        }),
      ),
    ],
    series: [
      { label: 'time', value: '{YYYY}-{MM}-{DD} {HH}:{mm}' },
      ...input.lines.map(
        (line): uPlot.Series => ({
          label: line.label,
          stroke: line.stroke,
          width: 1.5,
          scale: line.scale ?? 'y',
          spanGaps: false,
          points: { show: false },
          ...(line.dash ? { dash: line.dash } : {}),
          value: (_u, v) => (v === null || v === undefined ? '—' : input.format(v, line.scale ?? 'y')),
        }),
      ),
    ],
    plugins: [...(input.markers?.length ? [markersPlugin(input.markers)] : []), ...(input.plugins ?? [])],
  };
}
