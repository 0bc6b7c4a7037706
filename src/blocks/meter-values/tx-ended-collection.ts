// J02 / E06: the meter values of one transaction that go only into its TransactionEvent(Ended):
// SampledDataCtrlr.TxEndedMeasurands every TxEndedInterval seconds from the start (Sample.Periodic)
// and AlignedDataCtrlr.TxEndedMeasurands at every aligned TxEndedInterval (Sample.Clock), between
// the values taken at the start (Transaction.Begin) and the end (Transaction.End). With both
// intervals 0 only the start and end values remain (SampledDataCtrlr.TxEndedInterval description).

import type { Clock, TimerHandle } from '../../clock/clock.js';
import type { MeterValueType } from '../../generated/ocpp201/index.js';
import { AlignedTimer } from './aligned-schedule.js';

/**
 * At most this many MeterValues per transaction, Transaction.Begin and Transaction.End included,
 * so that the Ended message stays a sane size (§2.1 "care should be taken..."). Beyond it the
 * oldest intermediate value is dropped: the Begin value and the newest values are kept, so the
 * register values that billing needs (first and last) are never lost (J02.FR.20, E06.FR.12).
 */
export const MAX_TX_ENDED_VALUES = 200;

export interface TxEndedCollectionOptions {
  clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>;
  /** Station time, ms. */
  now(): number;
  /** Seconds; read at every scheduling. 0 = no intermediate values of that kind. */
  periodicIntervalS(): number;
  alignedIntervalS(): number;
  /** A periodic sample now; undefined when none of the measurands is available. */
  samplePeriodic(): MeterValueType | undefined;
  /** A clock-aligned sample stamped `at`. */
  sampleAligned(at: number): MeterValueType | undefined;
}

export class TxEndedCollection {
  private begin: MeterValueType | undefined;
  private readonly intermediate: MeterValueType[] = [];
  private periodic: TimerHandle | undefined;
  private readonly aligned: AlignedTimer;
  private stopped = false;

  constructor(private readonly options: TxEndedCollectionOptions) {
    this.aligned = new AlignedTimer({
      clock: options.clock,
      now: options.now,
      intervalS: options.alignedIntervalS,
      onTick: (at) => this.add(options.sampleAligned(at)),
    });
  }

  /** Starts collecting, with the value taken at the start of the transaction. */
  start(begin: MeterValueType | undefined): void {
    this.begin = begin;
    this.restartPeriodic();
    this.restartAligned();
  }

  /** SampledDataCtrlr.TxEndedInterval changed: the next periodic value is one new interval from now. */
  restartPeriodic(): void {
    this.options.clock.clearTimeout(this.periodic);
    this.periodic = undefined;
    if (this.stopped) return;
    const intervalS = this.options.periodicIntervalS();
    if (!(intervalS > 0)) return;
    this.periodic = this.options.clock.setTimeout(() => {
      this.periodic = undefined;
      this.add(this.options.samplePeriodic());
      this.restartPeriodic();
    }, intervalS * 1000);
  }

  /** The aligned interval or the station time changed. */
  restartAligned(): void {
    if (this.stopped) return;
    this.aligned.restart();
  }

  /** Stops collecting; returns Begin, the kept intermediate values in time order, and `end`. */
  finish(end: MeterValueType | undefined): MeterValueType[] {
    this.stop();
    return [this.begin, ...this.intermediate, end].filter((v): v is MeterValueType => v !== undefined);
  }

  stop(): void {
    this.stopped = true;
    this.options.clock.clearTimeout(this.periodic);
    this.periodic = undefined;
    this.aligned.stop();
  }

  /** Values collected so far (Begin and intermediate). */
  get size(): number {
    return (this.begin ? 1 : 0) + this.intermediate.length;
  }

  private add(value: MeterValueType | undefined): void {
    if (!value) return;
    this.intermediate.push(value);
    // Room is left for the Begin and the End value.
    const room = MAX_TX_ENDED_VALUES - 1 - (this.begin ? 1 : 0);
    if (this.intermediate.length > room) this.intermediate.splice(0, this.intermediate.length - room);
  }
}
