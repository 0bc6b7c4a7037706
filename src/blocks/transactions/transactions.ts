// E. Transactions: runs the pure transition (transaction-state.ts) of every EVSE on each input
// (hardware event, card, CSMS answer, timer, remote command), commits the new state together with
// the TransactionEvents it produced (one SQLite transaction with the outbox insert), then drives
// the outputs: connector lock (G05), contactor, connector status (setTransaction).
//
//   input ──> step(): transition + commit (synchronous) ──> outputs(): lock, contactor (async)
//                                                              └─ a lock failure is a new input

import { randomUUID } from 'node:crypto';
import type { TimerHandle } from '../../clock/clock.js';
import type { OutboxEntry } from '../../delivery/outbox.js';
import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type {
  IdTokenEnumType,
  IdTokenInfoType,
  IdTokenType,
  MeterValueType,
  TransactionEventRequest,
  TransactionEventResponse,
} from '../../generated/ocpp201/index.js';
import type { HardwareEvent } from '../../hal/hardware.js';
import type { Database } from '../../store/database.js';
import type { StationContext } from '../../station/context.js';
import type { Authorizer } from '../authorization/authorizer.js';
import type { Connectors } from '../availability/index.js';
import type { MeterValuesApi } from '../meter-values/meter-values-api.js';
import { TransactionStore } from './transaction-store.js';
import {
  initialState,
  parsePoints,
  transition,
  type Authorization,
  type Cause,
  type Emit,
  type Env,
  type EvseState,
  type TxConfig,
} from './transaction-state.js';

export interface TransactionsDeps {
  db: Database;
  connectors: Connectors;
  authorizer: Authorizer;
  meterValues: MeterValuesApi;
  /** The durable outbox, read for E14 (messagesInQueue). */
  outbox: { entries(): OutboxEntry[] };
  newTransactionId?: () => string;
}

export interface TransactionView {
  evseId: number;
  transactionId: string;
  chargingState: string;
  /** seqNo of the last event sent. */
  seqNo: number;
  idToken: string | null;
  startedAt: string;
  authorized: boolean;
  /** Energy delivered in this transaction so far, Wh. */
  energyWh: number;
}

export class Transactions {
  private readonly store: TransactionStore;
  private readonly states: Map<number, EvseState>;
  private readonly lockFailed = new Set<number>();
  private readonly periodic = new Map<number, TimerHandle>();
  private readonly connectTimers = new Map<number, TimerHandle>();
  /** MaxEnergyOnInvalidId: the register (Wh) beyond which energy stops (E05.FR.03). */
  private readonly energyCap = new Map<number, number>();
  /** A token accepted for no EVSE in particular, waiting for a cable (several EVSEs, none plugged). */
  private waiting: Authorization | null = null;
  private readonly unsubscribe: (() => void)[] = [];
  private readonly newId: () => string;
  private stepping = false;
  private readonly backlog: [number, Cause][] = [];
  private stopped = false;

  constructor(private readonly ctx: StationContext, private readonly deps: TransactionsDeps) {
    this.store = new TransactionStore(deps.db);
    this.newId = deps.newTransactionId ?? randomUUID;
    this.states = this.store.loadAll();
    for (const evse of ctx.description.evses) if (!this.states.has(evse.id)) this.states.set(evse.id, initialState());
    this.unsubscribe.push(
      ctx.events.on('hardware', (event) => this.onHardware(event)),
      ctx.events.on('resetRequested', ({ type, evseId }) => {
        if (type !== 'Immediate') return;
        for (const id of this.evseIds()) if (evseId === undefined || evseId === id) this.step(id, { kind: 'reset' });
      }),
      deps.meterValues.onAlignedForTransaction((evseId, value) => this.aligned(evseId, value)),
    );
    this.recover();
  }

  stop(): void {
    this.stopped = true;
    for (const off of this.unsubscribe) off();
    for (const timer of [...this.periodic.values(), ...this.connectTimers.values()]) this.ctx.clock.clearTimeout(timer);
    this.periodic.clear();
    this.connectTimers.clear();
  }

  // Queries

  view(evseId: number): TransactionView | null {
    const state = this.states.get(evseId);
    if (!state?.tx) return null;
    const { tx } = state;
    return {
      evseId,
      transactionId: tx.transactionId,
      chargingState: tx.chargingState,
      seqNo: tx.seqNo - 1,
      idToken: tx.idToken?.idToken ?? null,
      startedAt: tx.startedAt,
      authorized: state.auth !== null,
      energyWh: Math.max(0, this.ctx.hal.meter(evseId).energyWh - (tx.meterStartWh ?? 0)),
    };
  }

  /** The EVSE whose ongoing transaction has this id. */
  evseOf(transactionId: string): number | undefined {
    return this.evseIds().find((id) => this.states.get(id)?.tx?.transactionId === transactionId);
  }

  isAuthorized(evseId: number): boolean {
    return this.states.get(evseId)?.auth != null;
  }

  /** E14: ongoing (undefined when unknown) and transaction messages still queued. */
  status(transactionId?: string): { ongoing?: boolean; queued: boolean } {
    const queued = this.deps.outbox
      .entries()
      .some((e) => e.kind === 'transaction' && (transactionId === undefined || txIdOf(e.payload) === transactionId));
    if (transactionId === undefined) return { queued };
    const ongoing = this.evseOf(transactionId) !== undefined;
    if (!ongoing && !this.store.find(transactionId) && !queued) return { ongoing: false, queued: false };
    return { ongoing, queued };
  }

  // Inputs from other blocks

  /** A token the station accepted for this EVSE (card, RequestStartTransaction). */
  authorize(evseId: number, idToken: IdTokenType, info: Pick<IdTokenInfoType, 'groupIdToken'>, remoteStartId?: number): void {
    const auth: Authorization = {
      idToken,
      at: this.ctx.now().toISOString(),
      reported: false,
      ...(info.groupIdToken ? { groupIdToken: info.groupIdToken } : {}),
      ...(remoteStartId !== undefined ? { remoteStartId } : {}),
    };
    this.step(evseId, { kind: 'authorized', auth });
  }

  /** F03: RequestStopTransaction for an ongoing transaction. */
  remoteStop(transactionId: string): boolean {
    const evseId = this.evseOf(transactionId);
    if (evseId === undefined) return false;
    this.step(evseId, { kind: 'remoteStop' });
    return true;
  }

  /** F06.FR.07: a TransactionEvent with triggerReason Trigger for each ongoing transaction (of the EVSE). */
  trigger(evseId?: number): void {
    for (const id of this.evseIds()) if ((evseId === undefined || evseId === id) && this.states.get(id)?.tx) this.step(id, { kind: 'trigger' });
  }

  hasTransaction(evseId?: number): boolean {
    return this.evseIds().some((id) => (evseId === undefined || id === evseId) && this.states.get(id)?.tx);
  }

  /** A card was presented (HAL 'token'): stop what it may stop, else authorize an EVSE (E02/E03/E07). */
  async presentToken(idToken: IdTokenType, evseId?: number): Promise<void> {
    const candidates = this.evseIds().filter((id) => (evseId === undefined || id === evseId) && this.states.get(id)?.auth);
    for (const id of candidates) {
      const auth = this.states.get(id)!.auth!;
      const started = { idToken: auth.idToken, ...(auth.groupIdToken ? { groupIdToken: auth.groupIdToken } : {}) };
      // E07.FR.01: the same token, or one of the same group (or a master pass), ends the authorization.
      if (await this.deps.authorizer.mayStop(started, idToken)) {
        this.step(id, { kind: 'stopAuthorized', idToken });
        return;
      }
    }
    const target = evseId ?? this.pickEvse();
    if (target !== undefined && (this.states.get(target)?.auth || !this.deps.connectors.isOperative(target))) return;
    const result = await this.deps.authorizer.authorize({ idToken, ...(target !== undefined ? { evseId: target } : {}) });
    // E02.FR.20: a token that is not accepted changes nothing, and nothing is sent.
    if (result.status !== 'Accepted' || this.stopped) return;
    if (target === undefined) {
      this.waiting = { idToken, at: this.ctx.now().toISOString(), reported: false, ...(result.info.groupIdToken ? { groupIdToken: result.info.groupIdToken } : {}) };
      return;
    }
    this.authorize(target, idToken, result.info);
  }

  /** The TransactionEventResponse of a delivered event (E05, C: learn the idTokenInfo). */
  delivered(entry: OutboxEntry, response: unknown): void {
    if (entry.action !== 'TransactionEvent') return;
    const request = entry.payload as TransactionEventRequest;
    const info = (response as TransactionEventResponse | undefined)?.idTokenInfo;
    if (!request.idToken || !info) return;
    this.deps.authorizer.learn(request.idToken, info);
    if (info.status === 'Accepted') return;
    const evseId = this.evseOf(request.transactionInfo.transactionId);
    const state = evseId === undefined ? undefined : this.states.get(evseId);
    if (evseId === undefined || !state?.auth || state.auth.idToken.idToken !== request.idToken.idToken) return;
    const { dm } = this.ctx;
    if (dm.getBool(DM.TxCtrlr.StopTxOnInvalidId) ?? true) {
      this.step(evseId, { kind: 'deauthorized' }); // E05.FR.09/10, E06.FR.04
      return;
    }
    const maxWh = dm.getInt(DM.TxCtrlr.MaxEnergyOnInvalidId) ?? 0;
    const used = this.ctx.hal.meter(evseId).energyWh - this.meterStart(evseId);
    if (maxWh > 0 && used < maxWh) this.energyCap.set(evseId, this.meterStart(evseId) + maxWh); // E05.FR.03
    else this.step(evseId, { kind: 'suspend' }); // E05.FR.02
  }

  // Engine

  private onHardware(event: HardwareEvent): void {
    switch (event.type) {
      case 'cable': {
        this.step(event.evseId, { kind: 'cable' });
        if (event.state === 'plugged' && this.waiting && !this.states.get(event.evseId)?.auth) {
          const auth = this.waiting;
          this.waiting = null;
          this.step(event.evseId, { kind: 'authorized', auth });
        }
        return;
      }
      case 'ev':
      case 'fault':
        this.step(event.evseId, { kind: 'state' });
        return;
      case 'token':
        void this.presentToken({ idToken: event.idToken, type: event.tokenType as IdTokenEnumType }, event.evseId).catch((error: unknown) =>
          this.ctx.log.warn({ err: error }, 'token not handled'),
        );
        return;
      case 'lock':
        return;
    }
  }

  /** After a reboot: resume what still holds, end the rest with PowerLoss (B01: "resumes a transaction"). */
  private recover(): void {
    for (const evseId of this.evseIds()) {
      const state = this.states.get(evseId)!;
      if (!state.tx) {
        this.states.set(evseId, { ...state, auth: null, suspended: false });
        continue;
      }
      const probe = transition(state, this.env(evseId), { kind: 'state' }, this.config(), '', this.ctx.now().toISOString());
      this.step(evseId, probe.state.tx ? { kind: 'state' } : { kind: 'powerLoss' });
    }
  }

  private step(evseId: number, cause: Cause): void {
    if (this.stopped || !this.states.has(evseId)) return;
    if (this.stepping) {
      this.backlog.push([evseId, cause]);
      return;
    }
    this.stepping = true;
    try {
      this.run(evseId, cause);
      for (let next = this.backlog.shift(); next; next = this.backlog.shift()) this.run(next[0], next[1]);
    } finally {
      this.stepping = false;
    }
  }

  private run(evseId: number, cause: Cause): void {
    const before = this.states.get(evseId)!;
    const now = this.ctx.now().toISOString();
    const result = transition(before, this.env(evseId), cause, this.config(), this.newId(), now);
    if (result.state.tx && !before.tx) result.state.tx.meterStartWh = this.ctx.hal.meter(evseId).energyWh;
    const messages = result.emits.map((emit) => this.request(evseId, emit, now));
    this.store.atomically(() => {
      this.store.save(evseId, result.state);
      for (const emit of result.emits) {
        if (emit.eventType === 'Started') this.store.started(emit.transactionId, evseId, now);
        if (emit.eventType === 'Ended') this.store.ended(emit.transactionId, now);
      }
      for (const [i, message] of messages.entries()) {
        // E04.FR.08/E11.FR.05: only periodic updates may be dropped when the queue is full.
        this.ctx.queue('TransactionEvent', message, { kind: 'transaction', droppable: result.emits[i]!.meter === 'periodic' });
      }
    });
    this.states.set(evseId, result.state);
    if (result.emits.some((e) => e.eventType === 'Started')) this.deps.meterValues.beginTransaction(evseId);
    if (!result.state.tx) this.energyCap.delete(evseId);
    this.schedule(evseId, result.state);
    void this.outputs(evseId).catch((error: unknown) => this.ctx.log.error({ err: error, evseId }, 'transaction outputs failed'));
  }

  private env(evseId: number): Env {
    const { hal, dm } = this.ctx;
    const evse = this.ctx.description.evses.find((e) => e.id === evseId);
    const connected = evse?.connectors.some((c) => hal.cable(evseId, c.id) === 'plugged') ?? false;
    const cap = this.energyCap.get(evseId);
    return {
      // No parking bay detector in the HAL: an EV is in the bay while its cable is plugged.
      bay: connected,
      connected,
      // E01.FR.04: only a meter that signs, with SampledDataCtrlr.SignReadings on.
      signed: connected && (dm.getBool(DM.SampledDataCtrlr.SignReadings) ?? false),
      evDrawing: hal.evDrawing(evseId),
      // G03.FR.05: a transaction under way finishes when its EVSE is made Inoperative (Scheduled).
      operative: this.deps.connectors.isOperative(evseId) || this.states.get(evseId)?.tx != null,
      fault: hal.faults(evseId) !== null || (cap !== undefined && hal.meter(evseId).energyWh >= cap),
      lockFailed: this.lockFailed.has(evseId),
    };
  }

  private config(): TxConfig {
    const { dm } = this.ctx;
    return {
      start: parsePoints(dm.getList(DM.TxCtrlr.TxStartPoint)),
      stop: parsePoints(dm.getList(DM.TxCtrlr.TxStopPoint)),
      stopOnEvDisconnect: dm.getBool(DM.TxCtrlr.StopTxOnEVSideDisconnect) ?? true,
    };
  }

  private request(evseId: number, emit: Emit, timestamp: string): TransactionEventRequest {
    const request: TransactionEventRequest = {
      eventType: emit.eventType,
      timestamp,
      triggerReason: emit.triggerReason,
      seqNo: emit.seqNo,
      transactionInfo: {
        transactionId: emit.transactionId,
        ...(emit.chargingState ? { chargingState: emit.chargingState } : {}),
        ...(emit.stoppedReason ? { stoppedReason: emit.stoppedReason } : {}),
        ...(emit.remoteStartId !== undefined ? { remoteStartId: emit.remoteStartId } : {}),
      },
    };
    // E04.FR.03, E08.FR.07, E11.FR.02: created while offline.
    if (!this.ctx.online()) request.offline = true;
    if (emit.evse) request.evse = { id: evseId, connectorId: this.connectorOf(evseId) };
    if (emit.idToken) request.idToken = emit.idToken;
    const meter = this.meterValues(evseId, emit);
    if (meter.length > 0) request.meterValue = meter as [MeterValueType, ...MeterValueType[]];
    return request;
  }

  private meterValues(evseId: number, emit: Emit): MeterValueType[] {
    const { dm } = this.ctx;
    const api = this.deps.meterValues;
    const values = (() => {
      switch (emit.meter) {
        case 'begin': // E01.FR.09
          return [api.sample(evseId, dm.getList(DM.SampledDataCtrlr.TxStartedMeasurands), 'Transaction.Begin')];
        case 'periodic': // E02.FR.10
          return [api.sample(evseId, dm.getList(DM.SampledDataCtrlr.TxUpdatedMeasurands), 'Sample.Periodic')];
        case 'sample': // F06.FR.07
          return [api.sample(evseId, dm.getList(DM.SampledDataCtrlr.TxUpdatedMeasurands), 'Trigger')];
        case 'end': // E06.FR.11
          return api.endTransaction(evseId);
        case 'none':
          return [];
      }
    })();
    return values.filter((v) => v.sampledValue.length > 0);
  }

  private connectorOf(evseId: number): number {
    const evse = this.ctx.description.evses.find((e) => e.id === evseId);
    const plugged = evse?.connectors.find((c) => this.ctx.hal.cable(evseId, c.id) === 'plugged');
    return plugged?.id ?? evse?.connectors[0]?.id ?? 1;
  }

  private meterStart(evseId: number): number {
    return this.states.get(evseId)?.tx?.meterStartWh ?? 0;
  }

  /** TxUpdatedInterval (E02.FR.10) while a transaction runs; EVConnectionTimeOut while authorized without cable. */
  private schedule(evseId: number, state: EvseState): void {
    const { clock, dm } = this.ctx;
    const interval = dm.getInt(DM.SampledDataCtrlr.TxUpdatedInterval) ?? 0;
    if (state.tx && interval > 0) {
      if (!this.periodic.has(evseId)) {
        const tick = (): void => {
          this.periodic.delete(evseId);
          this.step(evseId, { kind: 'periodic' });
        };
        this.periodic.set(evseId, clock.setTimeout(tick, interval * 1000));
      }
    } else {
      clock.clearTimeout(this.periodic.get(evseId));
      this.periodic.delete(evseId);
    }
    const waitingForCable = state.auth !== null && !state.last.connected;
    if (waitingForCable) {
      if (!this.connectTimers.has(evseId)) {
        const timeoutS = dm.getInt(DM.TxCtrlr.EVConnectionTimeOut) ?? 0;
        const dueMs = Date.parse(state.auth!.at) + timeoutS * 1000 - this.ctx.now().getTime();
        if (timeoutS > 0) {
          const fire = (): void => {
            this.connectTimers.delete(evseId);
            const current = this.states.get(evseId);
            if (current?.auth && !current.last.connected) this.step(evseId, { kind: 'evConnectTimeout' });
          };
          this.connectTimers.set(evseId, clock.setTimeout(fire, Math.max(0, dueMs)));
        }
      }
    } else {
      clock.clearTimeout(this.connectTimers.get(evseId));
      this.connectTimers.delete(evseId);
    }
  }

  /** Lock before power (G05), contactor only when offering, connector status while a transaction runs. */
  private async outputs(evseId: number): Promise<void> {
    const { hal } = this.ctx;
    const evse = this.ctx.description.evses.find((e) => e.id === evseId);
    const connectorId = this.connectorOf(evseId);
    let state = this.states.get(evseId)!;
    if (this.deps.connectors.hasTransaction(evseId) !== (state.tx !== null)) this.deps.connectors.setTransaction(evseId, state.tx !== null);
    const wantLock = state.auth !== null && (state.last.connected || state.tx !== null);
    if (!wantLock) this.lockFailed.delete(evseId);
    if (wantLock && !hal.connectorLocked(evseId, connectorId) && !this.lockFailed.has(evseId)) {
      const locked = await hal.setConnectorLock(evseId, connectorId, true);
      if (!locked) {
        this.lockFailed.add(evseId);
        void this.reportLockFailure(evseId, connectorId);
        this.step(evseId, { kind: 'state' });
        return;
      }
    }
    state = this.states.get(evseId)!;
    const offering = state.last.offering && !this.lockFailed.has(evseId);
    if (hal.contactorClosed(evseId) !== offering) await hal.setContactor(evseId, offering);
    state = this.states.get(evseId)!;
    // E06.FR.10, E07.FR.07: unlock when the authorization (and the transaction) ended.
    if (state.auth === null) {
      for (const c of evse?.connectors ?? []) if (hal.connectorLocked(evseId, c.id)) await hal.setConnectorLock(evseId, c.id, false);
    }
  }

  /** G05.FR.02: the lock failed; no charging, and the CSMS is told. */
  private async reportLockFailure(evseId: number, connectorId: number): Promise<void> {
    try {
      await this.ctx.call('NotifyEvent', {
        generatedAt: this.ctx.now().toISOString(),
        seqNo: 0,
        eventData: [
          {
            eventId: Math.floor(this.ctx.clock.random() * 1e9),
            timestamp: this.ctx.now().toISOString(),
            trigger: 'Delta',
            actualValue: 'true',
            eventNotificationType: 'HardWiredNotification',
            component: { name: 'ConnectorPlugRetentionLock', evse: { id: evseId, connectorId } },
            variable: { name: 'Problem' },
          },
        ],
      });
    } catch (error) {
      this.ctx.log.warn({ err: error, evseId }, 'lock failure not reported');
    }
  }

  /** J01.FR.22: a clock-aligned value during a transaction goes in a TransactionEvent. */
  private aligned(evseId: number, value: MeterValueType): void {
    const state = this.states.get(evseId);
    if (!state?.tx || value.sampledValue.length === 0) return;
    const tx = state.tx;
    const request: TransactionEventRequest = {
      eventType: 'Updated',
      timestamp: this.ctx.now().toISOString(),
      triggerReason: 'MeterValueClock',
      seqNo: tx.seqNo,
      transactionInfo: { transactionId: tx.transactionId },
      meterValue: [value],
      ...(this.ctx.online() ? {} : { offline: true }),
    };
    const next: EvseState = { ...state, tx: { ...tx, seqNo: tx.seqNo + 1 } };
    this.store.atomically(() => {
      this.store.save(evseId, next);
      this.ctx.queue('TransactionEvent', request, { kind: 'transaction', droppable: true });
    });
    this.states.set(evseId, next);
  }

  private pickEvse(): number | undefined {
    const free = this.evseIds().filter((id) => !this.states.get(id)?.auth && this.deps.connectors.isOperative(id));
    const plugged = free.find((id) => this.states.get(id)?.last.connected || this.env(id).connected);
    if (plugged !== undefined) return plugged;
    return this.evseIds().length === 1 ? free[0] : undefined;
  }

  private evseIds(): number[] {
    return [...this.states.keys()].sort((a, b) => a - b);
  }
}

function txIdOf(payload: unknown): string | undefined {
  return (payload as Partial<TransactionEventRequest> | undefined)?.transactionInfo?.transactionId;
}
