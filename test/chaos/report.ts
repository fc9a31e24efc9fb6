import type { ChaosWorld } from './chaos-world.js';
import { deliveryTimes, duplicateSideEffects, outcomes, percentile, rateLimitViolations, type Outcome, type PhaseWindow } from './ledger.js';

export interface PhaseRow {
  name: string;
  acknowledged: number;
  delivered: number;
  deadLettered: number;
  quarantined: number;
  lost: number;
  /** p99 of the healthy connectors (all but the faulted one) over their calm p99, worst of them. */
  healthyP99Ratio: number | undefined;
  p99ByConnector: Record<string, number | undefined>;
  /** Seconds from the end of the fault until every webhook acknowledged so far had an outcome. */
  settledAfterS: number | undefined;
  checks: Record<string, string | number>;
}

export interface ChaosReport {
  phases: PhaseRow[];
  total: Omit<PhaseRow, 'name' | 'healthyP99Ratio' | 'p99ByConnector' | 'settledAfterS' | 'checks'>;
  duplicateSideEffects: number;
  rateLimits: Record<string, { limit: number; busiestSecond: number; violations: number }>;
  /** Lost, duplicated, over a rate limit, or a 2xx while PostgreSQL was down. */
  passed: boolean;
  /** The healthy connectors' p99 held (≤ 1.10 × calm) while another connector was down or its queue gone. */
  isolationMet: boolean;
  lines: string[];
}

const ISOLATION_TARGET = 1.1;

function tally(ids: readonly string[], seen: Map<string, Outcome>) {
  const count = (o: Outcome) => ids.filter((id) => seen.get(id) === o).length;
  return { acknowledged: ids.length, delivered: count('delivered'), deadLettered: count('dead_lettered'), quarantined: count('quarantined'), lost: count('none') };
}

export async function buildReport(world: ChaosWorld, phases: readonly PhaseWindow[], providerLimit: number): Promise<ChaosReport> {
  const providers = [...world.providers.values()];
  const sent = world.load.sent;
  const seen = await outcomes(world.db, sent, providers);
  const times = deliveryTimes(sent, providers);
  const ackedIn = (from: number, to: number, connector?: string) => [...new Set(sent.filter((s) => s.eventId && s.sentAt >= from && s.sentAt < to && (!connector || s.connector === connector)).map((s) => s.eventId as string))];
  const p99Of = (from: number, to: number, connector: string) => percentile(ackedIn(from, to, connector).flatMap((id) => (times.has(id) ? [times.get(id) as number] : [])), 99);
  const calm = phases[0] as PhaseWindow;
  const calmP99 = Object.fromEntries(world.connectorIds.map((c) => [c, p99Of(calm.from, calm.to, c)]));

  const rows: PhaseRow[] = phases.map((phase) => {
    const p99ByConnector = Object.fromEntries(world.connectorIds.map((c) => [c, p99Of(phase.from, phase.to, c)]));
    const healthy = world.connectorIds.filter((c) => c !== phase.faulted);
    const ratios = healthy.flatMap((c) => (p99ByConnector[c] !== undefined && calmP99[c] ? [(p99ByConnector[c] as number) / (calmP99[c] as number)] : []));
    return {
      name: phase.name,
      ...tally(ackedIn(phase.from, phase.to), seen),
      healthyP99Ratio: phase === calm || ratios.length === 0 ? undefined : Math.max(...ratios),
      p99ByConnector,
      settledAfterS: phase.settledAt && phase.recoveredAt ? (phase.settledAt - phase.recoveredAt) / 1000 : undefined,
      checks: phase.checks ?? {},
    };
  });
  const total = tally([...seen.keys()], seen);
  const duplicates = duplicateSideEffects(providers);
  const rateLimits = Object.fromEntries(providers.map((p) => [p.name, { limit: providerLimit, ...rateLimitViolations(p, providerLimit) }]));
  const postgres2xx = rows.reduce((n, r) => n + Number(r.checks['2xx while down'] ?? 0) + Number(r.checks['503 without Retry-After'] ?? 0), 0);
  const violations = Object.values(rateLimits).reduce((n, r) => n + r.violations, 0);
  const isolationRows = rows.filter((r, i) => phases[i]?.faulted && r.healthyP99Ratio !== undefined);
  const report: ChaosReport = {
    phases: rows,
    total,
    duplicateSideEffects: duplicates,
    rateLimits,
    passed: total.lost === 0 && duplicates === 0 && violations === 0 && postgres2xx === 0,
    isolationMet: isolationRows.every((r) => (r.healthyP99Ratio as number) <= ISOLATION_TARGET),
    lines: [],
  };
  report.lines = render(report, world.connectorIds);
  return report;
}

const ms = (v: number | undefined) => (v === undefined ? '-' : `${Math.round(v)}`);

function render(report: ChaosReport, connectors: string[]): string[] {
  const lines = [`| phase | acked | delivered | dead-lettered | quarantined | lost | p99 ms (${connectors.join(' / ')}) | healthy p99 ÷ calm | settled after | checks |`, '| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- |'];
  for (const r of report.phases) {
    const checks = Object.entries(r.checks).map(([k, v]) => `${k}: ${v}`).join('; ');
    lines.push(
      `| ${r.name} | ${r.acknowledged} | ${r.delivered} | ${r.deadLettered} | ${r.quarantined} | ${r.lost} | ${connectors.map((c) => ms(r.p99ByConnector[c])).join(' / ')} | ${r.healthyP99Ratio === undefined ? '-' : r.healthyP99Ratio.toFixed(2)} | ${r.settledAfterS === undefined ? (r.name === 'calm baseline' ? '-' : 'not settled') : `${r.settledAfterS.toFixed(1)} s`} | ${checks} |`,
    );
  }
  const t = report.total;
  lines.push(`| **total** | ${t.acknowledged} | ${t.delivered} | ${t.deadLettered} | ${t.quarantined} | **${t.lost}** | | | | |`);
  lines.push('');
  lines.push(`lost = acknowledged − (delivered + dead-lettered + quarantined) = ${t.lost}`);
  lines.push(`duplicate side effects (one event applied twice at a provider) = ${report.duplicateSideEffects}`);
  for (const [name, r] of Object.entries(report.rateLimits)) lines.push(`rate limit ${name}: busiest second ${r.busiestSecond} calls of ${r.limit} allowed, violations ${r.violations}`);
  lines.push(`isolation (healthy p99 ≤ ${ISOLATION_TARGET} × calm while another connector is down or its queue gone): ${report.isolationMet ? 'met' : 'not met'}`);
  lines.push(`verdict: ${report.passed ? 'PASS' : 'FAIL'} (fails on any lost or duplicated event, a rate-limit violation, or a 2xx while PostgreSQL was down)`);
  return lines;
}
