import type { ConnectorTimeSeries } from '../../api/types';

/** One line of a panel: its legend name, colour and values (aligned with `t`). */
export interface PanelSeries {
  label: string;
  stroke: string;
  values: (number | null)[];
  dash?: number[];
}

/** One chart of the connector page: a title, the unit of its y axis and its lines. */
export interface Panel {
  id: string;
  title: string;
  unit: string;
  series: PanelSeries[];
  /** How a value shows in the legend at the cursor. */
  format: (v: number) => string;
}

const count = (v: number) => String(Math.round(v * 10) / 10);
const millis = (v: number) => `${v} ms`;
const seconds = (v: number) => (v >= 3600 ? `${(v / 3600).toFixed(1)} h` : v >= 60 ? `${(v / 60).toFixed(1)} min` : `${Math.round(v)} s`);

/** The panels of the connector page, from the answer of /api/connectors/:connector/timeseries. */
export function connectorPanels(data: ConnectorTimeSeries): Panel[] {
  const per = data.stepMs >= 3_600_000 ? 'hour' : 'min';
  const c = data.counts;
  const s = data.samples;
  return [
    {
      id: 'traffic',
      title: `Webhooks per ${per === 'min' ? 'minute' : 'hour'}`,
      unit: `events / ${per}`,
      format: count,
      series: [
        { label: 'received', stroke: '#2451a6', values: c.received },
        { label: 'processed', stroke: '#1f9d55', values: c.processed },
        { label: 'failed (transient)', stroke: '#d98a00', values: c.failedTransient },
        { label: 'failed (permanent)', stroke: '#d0312d', values: c.failedPermanent },
        { label: 'failed (data format)', stroke: '#a0527a', values: c.failedDataFormat },
        { label: 'quarantined', stroke: '#7b4bd6', values: c.quarantined, dash: [6, 3] },
        { label: 'dead-lettered', stroke: '#1d2430', values: c.deadLettered, dash: [2, 2] },
      ],
    },
    {
      id: 'latency',
      title: 'Outbound call latency',
      unit: 'ms',
      format: millis,
      series: [
        { label: 'p50', stroke: '#1f9d55', values: data.latencyMs.p50 },
        { label: 'p95', stroke: '#d98a00', values: data.latencyMs.p95 },
        { label: 'p99', stroke: '#d0312d', values: data.latencyMs.p99 },
      ],
    },
    {
      id: 'queue',
      title: 'Queue depth (sampled)',
      unit: 'messages',
      format: count,
      series: [
        { label: 'waiting', stroke: '#2451a6', values: s.queueVisible },
        { label: 'in flight', stroke: '#1f9d55', values: s.queueInFlight },
        { label: 'delayed (retries)', stroke: '#d98a00', values: s.queueDelayed },
        { label: 'unfinished webhooks', stroke: '#7b4bd6', values: s.pending, dash: [6, 3] },
      ],
    },
    {
      id: 'age',
      title: 'Oldest unfinished webhook (sampled)',
      unit: 'age, s',
      format: seconds,
      series: [{ label: 'oldest age', stroke: '#a0527a', values: s.oldestAgeMs.map((v) => (v === null ? null : Math.round(v / 1000))) }],
    },
    {
      id: 'headroom',
      title: `Rate-limit headroom (sampled${s.headroomLimit !== null ? `, of ${s.headroomLimit} per window` : ''})`,
      unit: 'permits left',
      format: count,
      series: [{ label: 'headroom', stroke: '#1f9d55', values: s.headroom }],
    },
  ];
}

export const CIRCUIT_RANK: Record<string, number> = { closed: 0, half_open: 1, open: 2 };
export const CIRCUIT_NAMES = ['closed', 'half-open', 'open'];
