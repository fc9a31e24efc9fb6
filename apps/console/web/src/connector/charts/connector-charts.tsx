import { useEffect, useMemo, useState } from 'react';
import type uPlot from 'uplot';
import { getJson } from '../../api/console-api';
import type { ConnectorTimeSeries } from '../../api/types';
import { useLiveData } from '../../api/use-live-data';
import { circuitBandPlugin } from '../../charts/circuit-band-plugin';
import type { ChartMarkerView } from '../../charts/chart-markers-plugin';
import { timeSeriesOptions } from '../../charts/time-series-options';
import { UPlotChart } from '../../charts/uplot-chart';
import { ErrorNote } from '../../error-note';
import { CIRCUIT_NAMES, CIRCUIT_RANK, connectorPanels } from './chart-panels';

const RANGES = [
  ['1h', '1 hour'],
  ['24h', '24 hours'],
  ['7d', '7 days'],
] as const;
type Range = (typeof RANGES)[number][0];

// Samples (queue, headroom, circuit) come with no event to announce them: read again this often too.
const SAMPLE_REFRESH_MS = 30_000;

function loadSeries(connector: string, range: Range, account: string | undefined): Promise<ConnectorTimeSeries> {
  const query = new URLSearchParams({ range });
  if (account !== undefined) query.set('account', account);
  return getJson<ConnectorTimeSeries>(`/api/connectors/${encodeURIComponent(connector)}/timeseries?${query}`);
}

/**
 * The connector page's time series: webhooks by outcome, latency percentiles, queue, oldest
 * age, rate-limit headroom and the circuit band over 1 h / 24 h / 7 d, with markers; live over
 * /api/stream. With `account`, counts and latency are that account's (a per-account page).
 */
export function ConnectorCharts({ connector, account }: { connector: string; account?: string }) {
  const [range, setRange] = useState<Range>('1h');
  const { data, error, reload } = useLiveData(() => loadSeries(connector, range, account), [connector, range, account], (c) => c.connectors.includes(connector));
  useEffect(() => {
    const timer = setInterval(reload, SAMPLE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  return (
    <section className="connector-charts" data-testid="connector-charts" data-range={range} data-loaded={data?.range === range ? 'true' : 'false'}>
      <div className="range-switch" role="group" aria-label="time range">
        {RANGES.map(([value, label]) => (
          <button key={value} type="button" className={value === range ? 'active' : ''} aria-pressed={value === range} onClick={() => setRange(value)}>
            {label}
          </button>
        ))}
        {account !== undefined ? <span className="badge">account {account || '(none)'}</span> : null}
      </div>
      {error ? <ErrorNote error={error} /> : null}
      {data && data.range === range ? <ChartPanels data={data} /> : <p className="loading">Loading charts…</p>}
    </section>
  );
}

function ChartPanels({ data }: { data: ConnectorTimeSeries }) {
  const markers = useMemo<ChartMarkerView[]>(() => data.markers.map((m) => ({ t: Date.parse(m.at) / 1000, kind: m.kind, label: m.label })), [data.markers]);
  const panels = connectorPanels(data);
  const syncKey = `connector-${data.connector}`;
  return (
    <>
      <div className="chart-grid">
        {panels.map((panel) => (
          <ChartPanel key={panel.id} id={panel.id} title={panel.title} t={data.t} lines={panel.series} unit={panel.unit} format={panel.format} markers={markers} syncKey={syncKey} range={data.range} />
        ))}
        <CircuitPanel t={data.t} circuit={data.samples.circuit} markers={markers} syncKey={syncKey} range={data.range} />
      </div>
      <MarkerList markers={markers} />
    </>
  );
}

interface ChartPanelProps {
  id: string;
  title: string;
  t: number[];
  lines: { label: string; stroke: string; values: (number | null)[]; dash?: number[] }[];
  unit: string;
  format: (v: number) => string;
  markers: ChartMarkerView[];
  syncKey: string;
  range: string;
}

function ChartPanel({ id, title, t, lines, unit, format, markers, syncKey, range }: ChartPanelProps) {
  // Options change with the range, the series or the markers; new values alone only re-feed the chart.
  const shape = `${range}|${lines.map((l) => l.label).join(',')}|${markers.map((m) => `${m.t}${m.label}`).join(',')}|${title}`;
  const options = useMemo(
    () => timeSeriesOptions({ height: 180, lines, axes: [{ scale: 'y', label: unit }], format: (v) => format(v), markers, syncKey }),
    [shape, syncKey],
  );
  const aligned = useMemo<uPlot.AlignedData>(() => [t, ...lines.map((l) => l.values)], [t, lines]);
  return (
    <figure className="chart-panel" data-panel={id} data-from={t[0]} data-to={t.at(-1)}>
      <figcaption>
        <strong>{title}</strong> <span className="unit">{unit}</span>
      </figcaption>
      <UPlotChart options={options} data={aligned} testId={`chart-${id}`} />
    </figure>
  );
}

function CircuitPanel({ t, circuit, markers, syncKey, range }: { t: number[]; circuit: (string | null)[]; markers: ChartMarkerView[]; syncKey: string; range: string }) {
  const options = useMemo(() => {
    const base = timeSeriesOptions({
      height: 90,
      lines: [{ label: 'circuit', stroke: 'transparent', scale: 'circuit' }],
      axes: [{ scale: 'circuit', label: 'state', range: [0, 2] }],
      format: (v) => CIRCUIT_NAMES[v] ?? '—',
      markers,
      syncKey,
      plugins: [circuitBandPlugin(1)],
    });
    return { ...base, axes: [base.axes?.[0] ?? {}, { ...base.axes?.[1], splits: () => [0, 1, 2] }] };
  }, [range, syncKey, markers.map((m) => `${m.t}${m.label}`).join(',')]);
  const aligned = useMemo<uPlot.AlignedData>(() => [t, circuit.map((s) => (s === null ? null : (CIRCUIT_RANK[s] ?? null)))], [t, circuit]);
  return (
    <figure className="chart-panel" data-panel="circuit" data-from={t[0]} data-to={t.at(-1)}>
      <figcaption>Circuit state (sampled): green closed, amber half-open, red open</figcaption>
      <UPlotChart options={options} data={aligned} testId="chart-circuit" />
    </figure>
  );
}

function MarkerList({ markers }: { markers: ChartMarkerView[] }) {
  if (markers.length === 0) return <p className="hint-muted">No alerts, workflow, canary or credential changes in this range.</p>;
  return (
    <ul className="chart-markers" data-testid="chart-markers">
      {markers.map((m, i) => (
        <li key={i} data-kind={m.kind}>
          <span className={`marker-flag marker-${m.kind}`} aria-hidden="true" />
          <time dateTime={new Date(m.t * 1000).toISOString()}>{new Date(m.t * 1000).toLocaleString(undefined, { hour12: false })}</time> {m.label}
        </li>
      ))}
    </ul>
  );
}
