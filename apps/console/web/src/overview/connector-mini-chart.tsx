import { useMemo } from 'react';
import type uPlot from 'uplot';
import { timeSeriesOptions } from '../charts/time-series-options';
import { UPlotChart } from '../charts/uplot-chart';

/**
 * One connector's small multiple on the overview: webhooks received per minute and the success
 * rate, on the time axis every card shares (their cursors move together).
 */
export default function ConnectorMiniChart({ connector, t, received, successRate, stepMs }: { connector: string; t: number[]; received: number[]; successRate: (number | null)[]; stepMs: number }) {
  const per = stepMs >= 3_600_000 ? 'h' : 'min';
  const options = useMemo(
    () =>
      timeSeriesOptions({
        height: 110,
        compact: true,
        syncKey: 'overview',
        lines: [
          { label: `events/${per}`, stroke: '#2451a6' },
          { label: 'success', stroke: '#1f9d55', scale: '%' },
        ],
        axes: [
          { scale: 'y', label: `events / ${per}` },
          { scale: '%', label: 'success %', side: 1, range: [0, 100] },
        ],
        format: (v, scale) => (scale === '%' ? `${Math.round(v * 10) / 10} %` : String(Math.round(v * 10) / 10)),
      }),
    [per],
  );
  const data = useMemo<uPlot.AlignedData>(() => [t, received, successRate.map((r) => (r === null ? null : Math.round(r * 1000) / 10))], [t, received, successRate]);
  return (
    <div className="mini-chart" data-from={t[0]} data-to={t.at(-1)}>
      <UPlotChart options={options} data={data} testId={`mini-chart-${connector}`} />
    </div>
  );
}
