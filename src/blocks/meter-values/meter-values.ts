// J. Meter values: samples the EVSE meters for the other blocks, sends clock-aligned values
// (J01) and collects the values of TransactionEvent(Ended) (J02), on the injected clock.
//
// Clock-aligned values of an EVSE go out as MeterValues while it has no transaction (J01.FR.14);
// during one they go to the transactions block (TransactionEvent, triggerReason MeterValueClock),
// or as MeterValues when no block listens (J01.FR.22 allows either). They are not transaction
// related, so they are sent only while online and dropped otherwise, never queued.
//
// EVSE 0, the main power meter (J01.FR.03/04), is not reported: the hardware has no grid meter,
// and the sum of the EVSE meters is not one (it misses the station's own consumption).

import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { EVSEType, MeterValueType, ReadingContextEnumType, TriggerMessageStatusEnumType } from '../../generated/ocpp201/index.js';
import type { StationContext } from '../../kernel/context.js';
import { AlignedTimer, type AlignedTimerOptions } from './aligned-schedule.js';
import { formatPath, parsePath, plainKey, type VariableKey } from '../../device-model/path.js';
import type { MeterValuesApi } from './meter-values-api.js';
import { toSampledValues } from './sampled-values.js';
import { TxEndedCollection } from './tx-ended-collection.js';
import { LazyMap, LazySet } from '../../collections/lazy.js';

type AlignedListener = (evseId: number, value: MeterValueType) => void;

const variableId = (key: VariableKey): string => formatPath(plainKey(key)).toLowerCase();
const ALIGNED_INTERVAL = variableId(parsePath(DM.AlignedDataCtrlr.Interval));
const ALIGNED_TX_ENDED_INTERVAL = variableId(parsePath(DM.AlignedDataCtrlr.TxEndedInterval));
const ALIGNED_ENABLED = variableId(parsePath(DM.AlignedDataCtrlr.Enabled));
const SAMPLED_TX_ENDED_INTERVAL = variableId(parsePath(DM.SampledDataCtrlr.TxEndedInterval));
const SAMPLED_ENABLED = variableId(parsePath(DM.SampledDataCtrlr.Enabled));

export class MeterValues implements MeterValuesApi {
  private readonly aligned: AlignedTimer;
  private readonly transactions = new LazyMap<number, TxEndedCollection>();
  private readonly listeners = new LazySet<AlignedListener>();
  /** Register value last reported per EVSE, so that no value goes below it (J02.FR.16). */
  private readonly lastEnergyWh = new LazyMap<number, number>();
  private offChange: (() => void) | undefined;
  private offAccepted: (() => void) | undefined;

  constructor(private readonly ctx: StationContext) {
    this.aligned = new AlignedTimer(new StationAligned(ctx, this));
    // One listener for the five variables that move the timers, rather than one each: a fleet
    // station then holds one subscription instead of a listener set per variable.
    this.offChange = ctx.dm.onAnyChange((key) => this.variableChanged(key));
    // The boot response sets the station time (B01.FR.06): aim at the boundaries of the new time.
    this.offAccepted = ctx.events.on('accepted', () => this.restartAligned());
    this.aligned.restart();
  }

  sample(evseId: number, measurands: readonly string[], context: ReadingContextEnumType): MeterValueType {
    return this.sampleAt(evseId, measurands, context, this.ctx.now().getTime());
  }

  beginTransaction(evseId: number): void {
    const running = this.transactions.get(evseId);
    if (running) {
      this.ctx.log.warn({ evseId }, 'meter values: a transaction began on an EVSE that had one; its values are dropped');
      running.stop();
    }
    const { dm } = this.ctx;
    const periodic = () => this.sampledMeasurands(DM.SampledDataCtrlr.TxEndedMeasurands);
    const tx = new TxEndedCollection({
      clock: this.ctx.clock,
      now: () => this.ctx.now().getTime(),
      periodicIntervalS: () =>
        dm.getBool(DM.SampledDataCtrlr.Enabled) === false ? 0 : (dm.getInt(DM.SampledDataCtrlr.TxEndedInterval) ?? 0),
      alignedIntervalS: () => alignedIntervalS(this.ctx, DM.AlignedDataCtrlr.TxEndedInterval),
      samplePeriodic: () => nonEmpty(this.sample(evseId, periodic(), 'Sample.Periodic')),
      sampleAligned: (at) => nonEmpty(this.sampleAt(evseId, dm.getList(DM.AlignedDataCtrlr.TxEndedMeasurands), 'Sample.Clock', at)),
    });
    this.transactions.set(evseId, tx);
    tx.start(nonEmpty(this.sample(evseId, periodic(), 'Transaction.Begin')));
  }

  endTransaction(evseId: number): MeterValueType[] {
    const tx = this.transactions.get(evseId);
    this.transactions.delete(evseId);
    const end = nonEmpty(this.sample(evseId, this.sampledMeasurands(DM.SampledDataCtrlr.TxEndedMeasurands), 'Transaction.End'));
    if (!tx) return end ? [end] : [];
    return tx.finish(end);
  }

  onAlignedForTransaction(listener: AlignedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** F06.FR.06: whether TriggerMessage(MeterValues) for `evse` (all EVSEs when absent) has anything to send. */
  canTrigger(evse: EVSEType | undefined): TriggerMessageStatusEnumType {
    const measurands = this.ctx.dm.getList(DM.AlignedDataCtrlr.Measurands);
    const some = this.triggerTargets(evse).some((id) => this.sampleAt(id, measurands, 'Trigger', 0, false).sampledValue.length > 0);
    return some ? 'Accepted' : 'Rejected';
  }

  /** F06.FR.06: MeterValues with the current AlignedDataCtrlr.Measurands, context Trigger. */
  async trigger(evse: EVSEType | undefined): Promise<void> {
    const measurands = this.ctx.dm.getList(DM.AlignedDataCtrlr.Measurands);
    for (const evseId of this.triggerTargets(evse)) {
      const value = nonEmpty(this.sample(evseId, measurands, 'Trigger'));
      if (value) await this.send(evseId, value, true);
    }
  }

  /** Stops every timer; collected transaction values are dropped. */
  stop(): void {
    this.aligned.stop();
    for (const tx of this.transactions.values()) tx.stop();
    this.offChange?.();
    this.offAccepted?.();
    this.offChange = this.offAccepted = undefined;
  }

  /** J01: one aligned time, when the station's aligned timer fires. */
  sendAligned(at: number): void {
    const { dm } = this.ctx;
    const measurands = dm.getList(DM.AlignedDataCtrlr.Measurands);
    // J01.FR.20: SendDuringIdle is a station-wide variable here, so any transaction silences all EVSEs.
    if (dm.getBool(DM.AlignedDataCtrlr.SendDuringIdle) === true && this.transactions.size > 0) return;
    for (const { id: evseId } of this.ctx.description.evses) {
      const inTransaction = this.transactions.has(evseId);
      // Offline and idle: nothing would send it, so it is not taken.
      if (!inTransaction && !this.ctx.online()) continue;
      const value = nonEmpty(this.sampleAt(evseId, measurands, 'Sample.Clock', at));
      if (!value) continue;
      if (inTransaction && this.listeners.size > 0) {
        // J01.FR.22: as TransactionEvent(MeterValueClock), queued with the transaction's messages.
        for (const listener of [...this.listeners]) {
          try {
            listener(evseId, value);
          } catch (error) {
            this.ctx.log.warn({ err: error, evseId }, 'meter values: aligned listener failed');
          }
        }
      } else {
        void this.send(evseId, value, false); // J01.FR.14 (J01.FR.02: the EVSE of the samples)
      }
    }
  }

  // --- internals ---

  /**
   * One MeterValue stamped `at`. `record` false reads without moving the reported register floor
   * (for a look that sends nothing). The sampledValue list may be empty; see MeterValuesApi.sample.
   */
  private sampleAt(
    evseId: number,
    measurands: readonly string[],
    context: ReadingContextEnumType,
    at: number,
    record = true,
  ): MeterValueType {
    const sampledValue = toSampledValues(this.ctx.hal.meter(evseId), measurands, context, this.lastEnergyWh.get(evseId) ?? 0);
    const energy = sampledValue.find((v) => v.measurand === 'Energy.Active.Import.Register');
    if (record && energy) this.lastEnergyWh.set(evseId, energy.value);
    return { timestamp: new Date(at).toISOString(), sampledValue: sampledValue as MeterValueType['sampledValue'] };
  }

  /** TxEnded sampled measurands, none while SampledDataCtrlr is disabled. */
  private sampledMeasurands(ref: typeof DM.SampledDataCtrlr.TxEndedMeasurands): string[] {
    return this.ctx.dm.getBool(DM.SampledDataCtrlr.Enabled) === false ? [] : this.ctx.dm.getList(ref);
  }

  /** A device-model change: the variables that time the aligned and TxEnded values restart their timers. */
  private variableChanged(key: VariableKey): void {
    const name = key.component.name.toLowerCase();
    if (name !== 'aligneddatactrlr' && name !== 'sampleddatactrlr') return;
    const id = variableId(key);
    if (id === ALIGNED_INTERVAL) this.aligned.restart();
    else if (id === ALIGNED_TX_ENDED_INTERVAL) for (const tx of this.transactions.values()) tx.restartAligned();
    else if (id === ALIGNED_ENABLED) this.restartAligned();
    else if (id === SAMPLED_TX_ENDED_INTERVAL || id === SAMPLED_ENABLED) for (const tx of this.transactions.values()) tx.restartPeriodic();
  }

  private restartAligned(): void {
    this.aligned.restart();
    for (const tx of this.transactions.values()) tx.restartAligned();
  }

  private async send(evseId: number, value: MeterValueType, triggered: boolean): Promise<void> {
    if (!this.ctx.online()) {
      this.ctx.log.debug({ evseId }, 'meter values: offline, value dropped');
      return;
    }
    try {
      await this.ctx.call('MeterValues', { evseId, meterValue: [value] }, { triggered });
    } catch (error) {
      this.ctx.log.debug({ err: error, evseId }, 'meter values: not sent');
    }
  }

  /** F06.FR.11: all EVSEs when absent; EVSE 0 (the station) is all EVSEs too. */
  private triggerTargets(evse: EVSEType | undefined): number[] {
    const ids = this.ctx.description.evses.map((e) => e.id);
    if (evse === undefined || evse.id === 0) return ids;
    return ids.includes(evse.id) ? [evse.id] : [];
  }
}

/** The station's clock-aligned schedule (AlignedDataCtrlr.Interval), read from its device model at each scheduling. */
class StationAligned implements AlignedTimerOptions {
  constructor(
    private readonly ctx: StationContext,
    private readonly values: MeterValues,
  ) {}

  get clock(): StationContext['clock'] {
    return this.ctx.clock;
  }

  now(): number {
    return this.ctx.now().getTime();
  }

  intervalS(): number {
    return alignedIntervalS(this.ctx, DM.AlignedDataCtrlr.Interval);
  }

  onTick(at: number): void {
    this.values.sendAligned(at);
  }
}

/** An AlignedDataCtrlr interval; 0 (off) while AlignedDataCtrlr is disabled. */
function alignedIntervalS(
  { dm }: Pick<StationContext, 'dm'>,
  ref: typeof DM.AlignedDataCtrlr.Interval | typeof DM.AlignedDataCtrlr.TxEndedInterval,
): number {
  if (dm.getBool(DM.AlignedDataCtrlr.Enabled) === false) return 0;
  return dm.getInt(ref) ?? 0;
}

function nonEmpty(value: MeterValueType): MeterValueType | undefined {
  return value.sampledValue.length > 0 ? value : undefined;
}
