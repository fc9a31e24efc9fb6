import type { AnomalyDetectorOptions } from './anomaly-options.js';
import type { AnomalySeverity, AnomalyTransition, EvidencePoint } from './anomaly-transition.js';
import type { MetricDefinition, Reading, WindowReading } from './metric-definitions.js';
import { RollingBaseline } from './rolling-baseline.js';
import { SeasonalProfile } from './seasonal-profile.js';

interface Baseline {
  center: number;
  spread: number;
  source: 'seasonal' | 'rolling';
}

/** One connector's metric: its baseline, the current run of breaches or normal samples, and whether it is raised. */
export class MetricTracker {
  private readonly rolling: RollingBaseline;
  private readonly seasonal: SeasonalProfile;
  private breaches: EvidencePoint[] = [];
  private normals: EvidencePoint[] = [];
  private raised: AnomalySeverity | undefined;

  constructor(
    private readonly connector: string,
    private readonly definition: MetricDefinition,
    private readonly options: AnomalyDetectorOptions,
  ) {
    this.rolling = new RollingBaseline(options.baselineSamples, options.ewmaSpan);
    this.seasonal = new SeasonalProfile(options.seasonalMinWeeks, options.seasonalMaxWeeks);
  }

  get isRaised(): boolean {
    return this.raised !== undefined;
  }

  /** Judges the reading against the baseline, then (unless an anomaly is open) learns from it. */
  observe(at: number, reading: WindowReading | undefined): AnomalyTransition | undefined {
    if (!reading) return undefined;
    const { definition: def, options } = this;
    const windowSeconds = (options.windowSamples * options.intervalMs) / 1000;
    const { window, latest } = reading;
    const baseline = this.baseline(at);
    let transition: AnomalyTransition | undefined;
    let suspect = false;
    if (baseline) {
      const deviation = this.deviation(window, baseline, baseline.spread, windowSeconds);
      // The newest interval alone is noisier than the window by about √(samples per window).
      const latestDeviation = latest ? this.deviation(latest, baseline, baseline.spread * Math.sqrt(options.windowSamples), options.intervalMs / 1000) : -Infinity;
      const point = { at, value: window.value, baseline: baseline.center, deviation };
      suspect = deviation >= options.breachDeviations;
      if (def.judgeable(window, baseline.center, windowSeconds, options)) {
        const breachable = def.breachable(window, baseline.center, windowSeconds, options);
        const breach = breachable && suspect && latestDeviation >= options.confirmDeviations;
        const normal = !breach && (deviation < options.normalDeviations || !breachable);
        transition = this.advance(point, breach, normal, baseline, window.volume);
      }
    }
    // While raised the baseline is frozen (an outage must not become the new normal and resolve
    // itself), and a breach not yet raised is not learned either (it would pull the level up to meet it).
    if (!this.raised && !suspect && (def.learnsQuietWindows || window.volume >= options.minVolume)) this.learn(at, window.value);
    return transition;
  }

  /** Deviations in the harmful direction: the smaller of the robust (MAD) one and the counting-noise one. */
  private deviation(reading: Reading, baseline: Baseline, spread: number, seconds: number): number {
    const harm = (this.definition.harmful === 'up' ? 1 : -1) * (reading.value - baseline.center);
    const robust = spread > 0 ? harm / spread : harm > 0 ? Infinity : harm < 0 ? -Infinity : 0;
    return Math.min(robust, this.definition.noiseDeviation(reading, baseline.center, seconds));
  }

  private baseline(at: number): Baseline | undefined {
    const seasonal = this.seasonal.baseline(at);
    if (seasonal) return { ...seasonal, source: 'seasonal' };
    const level = this.rolling.level;
    if (level === undefined || this.rolling.count < this.options.minHistorySamples) return undefined;
    return { center: level, spread: this.rolling.robustSpread, source: 'rolling' };
  }

  private learn(at: number, value: number): void {
    const { rolling } = this;
    // Clipped to the median ± the normal band: the first samples of an anomaly, still short of a
    // breach, must not pull the level up to meet them.
    const reach = this.options.normalDeviations * rolling.robustSpread;
    if (rolling.count > 0 && reach > 0) rolling.learn(value, rolling.median - reach, rolling.median + reach);
    else rolling.learn(value);
    this.seasonal.learn(at, value);
  }

  private advance(point: EvidencePoint, breach: boolean, normal: boolean, baseline: Baseline, volume: number): AnomalyTransition | undefined {
    const { options } = this;
    if (!this.raised) {
      this.breaches = breach ? [...this.breaches, point] : [];
      if (this.breaches.length < options.raiseAfter) return undefined;
      this.raised = this.severity(point);
      const samples = this.breaches;
      this.breaches = [];
      this.normals = [];
      return this.transition('raised', point, baseline, volume, samples);
    }
    this.normals = normal ? [...this.normals, point] : [];
    if (this.normals.length < options.resolveAfter) return undefined;
    const transition = this.transition('resolved', point, baseline, volume, this.normals);
    this.raised = undefined;
    this.normals = [];
    return transition;
  }

  private severity(point: EvidencePoint): AnomalySeverity {
    const worse = this.definition.harmful === 'up' ? point.value / Math.max(point.baseline, 1e-3) : point.baseline / Math.max(point.value, 1e-9);
    return worse >= this.options.criticalRatio ? 'critical' : 'warning';
  }

  private transition(state: 'raised' | 'resolved', point: EvidencePoint, baseline: Baseline, volume: number, samples: EvidencePoint[]): AnomalyTransition {
    return {
      kind: 'anomaly',
      state,
      connector: this.connector,
      metric: this.definition.metric,
      severity: this.raised!,
      at: point.at,
      evidence: { value: point.value, baseline: point.baseline, deviation: point.deviation, baselineSource: baseline.source, volume, samples },
    };
  }
}
