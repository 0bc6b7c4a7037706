// What a Local Controller knows of its group (K03), learnt only from the frames it relays:
//
//   TransactionEvent request     Started/Updated: the EVSE has a transaction; Ended: no longer.
//                                Its Power.Active.Import meter value: what the EV draws.
//   TransactionEvent response    chargingPriority: the priority of that transaction only
//                                (K03.FR.05); its idTokenInfo.chargingPriority: the token's.
//   Authorize response           idTokenInfo.chargingPriority of the token, for its transactions
//                                unless their TransactionEvent response names another; none
//                                known: 0 (K03.FR.06).
//   StatusNotification Available the EVSE is free: whatever transaction it had is over.
//   SetChargingProfile (CSMS)    K03.FR.07: the minChargingRate of a TxProfile or TxDefaultProfile
//                                schedule, the least the transaction is worth charging at: of the
//                                transaction the profile names, else of the one on its EVSE (every
//                                one of the station for EVSE 0). In W as given; in A per phase times
//                                230 V and the numberPhases of the first period (3 if not given, as
//                                K01.FR.49). It is the EV's, so a later profile without one keeps it;
//                                it ends with the transaction.
//
// A member whose link is down keeps its transactions: offline, a station goes on charging under
// the TxProfile it was last given (and queues its TransactionEvents), so that limit stays taken
// from the group until the station is back and tells what happened meanwhile.
//
// Demand: an EV that draws clearly less than its share (LOWER_BELOW_W) is given what it draws
// plus HEADROOM_W, the rest going to the others; once it draws (nearly) all it is given
// (SATURATED_WITHIN_W), it may want more, and its demand is unknown again. The three margins
// keep this from swinging back and forth between two meter values. An EV ramps up for a few
// seconds after its limit is raised; a meter value taken then would look like a low demand, so a
// demand is lowered only when two readings since the last limit sent agree (within
// SATURATED_WITHIN_W): the EV has settled below its limit.

import { NOMINAL_VOLTAGE_V } from '../blocks/smart-charging/index.js';
import { type Claim, distribute } from './distribution.js';

export const HEADROOM_W = 500;
const LOWER_BELOW_W = 1000;
const SATURATED_WITHIN_W = 250;

export interface EvseState {
  evseId: number;
  transactionId: string;
  /** From the TransactionEvent response (K03.FR.05), else the token's, else undefined. */
  transactionPriority?: number;
  idToken?: string;
  demandW: number;
  measuredW?: number;
  /** The limit last sent to the station for this transaction. */
  sentW?: number;
  /** The last reading since `sentW` was set (cleared when it is). */
  drawnSinceLimitW?: number | undefined;
  /** K03.FR.07: its minChargingRate in W, from a profile the CSMS set; below it, it gets 0. */
  minW?: number;
}

type Payload = Record<string, unknown>;

export class Group {
  readonly members = new Map<string, Map<string, EvseState>>();
  /** Members whose link is up; the others keep what they were last given. */
  readonly online = new Set<string>();
  private readonly pending = new Map<string, { kind: 'tx'; transactionId: string } | { kind: 'auth'; idToken: string }>();
  private readonly tokenPriority = new Map<string, number>();
  /** K03.FR.07: minChargingRate of a RequestStartTransaction's profile, W, by member and remoteStartId. */
  private readonly remoteStartMinW = new Map<string, number>();

  constructor(public limitW: number) {}

  /** The member's link is up (again); transactions known from before are kept. */
  join(identity: string): void {
    if (!this.members.has(identity)) this.members.set(identity, new Map());
    this.online.add(identity);
  }

  /** The member's link is down: its calls go unanswered, its transactions stay (see the header). */
  leave(identity: string): void {
    this.online.delete(identity);
    for (const key of this.pending.keys()) if (key.startsWith(`${identity}\0`)) this.pending.delete(key);
    for (const key of this.remoteStartMinW.keys()) if (key.startsWith(`${identity}\0`)) this.remoteStartMinW.delete(key);
    const transactions = this.members.get(identity);
    if (transactions?.size === 0) this.members.delete(identity);
  }

  /** A CALL from a station; true when the distribution may have changed. */
  stationCall(identity: string, messageId: string, action: string, payload: Payload): boolean {
    const transactions = this.members.get(identity);
    if (!transactions) return false;
    if (action === 'TransactionEvent') return this.transactionEvent(identity, messageId, transactions, payload);
    if (action === 'Authorize') {
      const token = idTokenOf(payload);
      if (token) this.pending.set(`${identity}\0${messageId}`, { kind: 'auth', idToken: token });
      return false;
    }
    if (action === 'StatusNotification' && payload.connectorStatus === 'Available') {
      const evseId = payload.evseId;
      const before = transactions.size;
      for (const [id, evse] of transactions) if (evse.evseId === evseId) transactions.delete(id);
      return transactions.size !== before;
    }
    if (action === 'MeterValues') {
      const evse = [...transactions.values()].find((e) => e.evseId === payload.evseId);
      return evse ? this.reading(evse, payload.meterValue) : false;
    }
    return false;
  }

  /** A CALLRESULT from the CSMS; true when the distribution may have changed. */
  csmsResult(identity: string, messageId: string, payload: Payload): boolean {
    const key = `${identity}\0${messageId}`;
    const asked = this.pending.get(key);
    if (!asked) return false;
    this.pending.delete(key);
    const tokenPriority = (payload.idTokenInfo as Payload | undefined)?.chargingPriority;
    if (asked.kind === 'auth') {
      if (typeof tokenPriority === 'number') this.tokenPriority.set(asked.idToken, tokenPriority);
      return false;
    }
    const evse = this.members.get(identity)?.get(asked.transactionId);
    if (!evse) return false;
    const before = this.priorityOf(evse);
    if (typeof tokenPriority === 'number' && evse.idToken !== undefined) this.tokenPriority.set(evse.idToken, tokenPriority);
    // K03.FR.05: the TransactionEventResponse's own chargingPriority, for this transaction only.
    if (typeof payload.chargingPriority === 'number') evse.transactionPriority = payload.chargingPriority;
    return this.priorityOf(evse) !== before;
  }

  /** A CALL from the CSMS to a member; true when the distribution may have changed. */
  csmsCall(identity: string, action: string, payload: Payload): boolean {
    if (action === 'RequestStartTransaction') return this.remoteStart(identity, payload);
    if (action !== 'SetChargingProfile') return false;
    const transactions = this.members.get(identity);
    const profile = payload.chargingProfile as Payload | undefined;
    if (!transactions || !isPayload(profile)) return false;
    if (profile.chargingProfilePurpose !== 'TxProfile' && profile.chargingProfilePurpose !== 'TxDefaultProfile') return false;
    const minW = minChargingRateW(profile.chargingSchedule);
    if (minW === undefined) return false;
    const evseId = payload.evseId;
    const targets =
      typeof profile.transactionId === 'string'
        ? [transactions.get(profile.transactionId)]
        : [...transactions.values()].filter((evse) => evseId === 0 || evse.evseId === evseId);
    let changed = false;
    for (const evse of targets) {
      if (!evse || evse.minW === minW) continue;
      evse.minW = minW;
      changed = true;
    }
    return changed;
  }

  /**
   * The share of each transaction of each member. An offline member's transactions keep what
   * they were last given (what they draw, if never given anything); the rest is distributed.
   */
  shares(): Map<string, Map<string, number>> {
    const claims: Claim[] = [];
    const owners = new Map<string, [string, string]>();
    const result = new Map<string, Map<string, number>>();
    let reservedW = 0;
    for (const [identity, transactions] of this.members) {
      result.set(identity, new Map());
      for (const [transactionId, evse] of transactions) {
        if (!this.online.has(identity)) {
          const keptW = evse.sentW ?? Math.max(0, Math.ceil(evse.measuredW ?? 0));
          result.get(identity)!.set(transactionId, keptW);
          reservedW += keptW;
          continue;
        }
        const key = `${identity}\0${transactionId}`;
        owners.set(key, [identity, transactionId]);
        claims.push({
          key,
          priority: this.priorityOf(evse),
          demandW: evse.demandW,
          ...(evse.minW === undefined ? {} : { minW: evse.minW }),
        });
      }
    }
    for (const [key, share] of distribute(this.limitW - reservedW, claims)) {
      const [identity, transactionId] = owners.get(key)!;
      result.get(identity)!.set(transactionId, share);
    }
    return result;
  }

  priorityOf(evse: EvseState): number {
    return evse.transactionPriority ?? (evse.idToken === undefined ? undefined : this.tokenPriority.get(evse.idToken)) ?? 0; // K03.FR.06
  }

  /**
   * K03.FR.07 for a remote start (F01): its TxProfile's minChargingRate waits for the transaction
   * it starts, known by its remoteStartId in the TransactionEvent. Never changes the shares by itself.
   */
  private remoteStart(identity: string, payload: Payload): boolean {
    const profile = payload.chargingProfile;
    const minW = isPayload(profile) ? minChargingRateW(profile.chargingSchedule) : undefined;
    if (minW !== undefined && typeof payload.remoteStartId === 'number')
      this.remoteStartMinW.set(`${identity}\0${payload.remoteStartId}`, minW);
    return false;
  }

  private transactionEvent(identity: string, messageId: string, transactions: Map<string, EvseState>, payload: Payload): boolean {
    const remoteStartId = (payload.transactionInfo as Payload | undefined)?.remoteStartId;
    const remoteMinW = this.remoteStartMinW.get(`${identity}\0${String(remoteStartId)}`);
    const transactionId = (payload.transactionInfo as Payload | undefined)?.transactionId;
    if (typeof transactionId !== 'string') return false;
    if (payload.eventType === 'Ended') return transactions.delete(transactionId);
    this.pending.set(`${identity}\0${messageId}`, { kind: 'tx', transactionId });
    let evse = transactions.get(transactionId);
    let changed = false;
    const evseId = (payload.evse as Payload | undefined)?.id;
    if (!evse) {
      // A transaction heard of first in an Updated (after the controller started) counts as well.
      if (typeof evseId !== 'number') return false;
      evse = { evseId, transactionId, demandW: Number.POSITIVE_INFINITY };
      transactions.set(transactionId, evse);
      changed = true;
    }
    if (remoteMinW !== undefined) {
      this.remoteStartMinW.delete(`${identity}\0${String(remoteStartId)}`);
      evse.minW = remoteMinW;
      changed = true;
    }
    const token = idTokenOf(payload);
    if (token !== undefined && evse.idToken !== token) {
      evse.idToken = token;
      changed = true;
    }
    return this.reading(evse, payload.meterValue) || changed;
  }

  /** A meter value of the transaction's EVSE: what it draws may tell its demand (see the header). */
  private reading(evse: EvseState, meterValue: unknown): boolean {
    const drawnW = activePowerW(meterValue);
    if (drawnW === undefined) return false;
    evse.measuredW = drawnW;
    const given = evse.sentW;
    if (given === undefined) return false;
    const before = evse.drawnSinceLimitW;
    evse.drawnSinceLimitW = drawnW;
    if (drawnW < given - LOWER_BELOW_W) {
      const settled = before !== undefined && Math.abs(drawnW - before) <= SATURATED_WITHIN_W;
      if (!settled) return false;
      evse.demandW = Math.round(drawnW) + HEADROOM_W;
      return true;
    }
    if (drawnW >= given - SATURATED_WITHIN_W && Number.isFinite(evse.demandW)) {
      evse.demandW = Number.POSITIVE_INFINITY;
      return true;
    }
    return false;
  }
}

/** K03.FR.07: the first minChargingRate among the schedules, in W (see the header); undefined without one. */
function minChargingRateW(schedules: unknown): number | undefined {
  if (!Array.isArray(schedules)) return undefined;
  const schedule = (schedules as unknown[]).find((s): s is Payload => isPayload(s) && typeof s.minChargingRate === 'number');
  if (!schedule) return undefined;
  const rate = schedule.minChargingRate as number;
  if (!Number.isFinite(rate) || rate < 0) return undefined;
  if (schedule.chargingRateUnit === 'W') return rate;
  if (schedule.chargingRateUnit !== 'A') return undefined;
  const first = (schedule.chargingSchedulePeriod as unknown[] | undefined)?.[0];
  const phases = isPayload(first) && (first.numberPhases === 1 || first.numberPhases === 2) ? first.numberPhases : 3;
  // The voltage the station itself converts A with (K01.FR.50's "set voltage for the area").
  return rate * NOMINAL_VOLTAGE_V * phases;
}

export function isPayload(value: unknown): value is Payload {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function idTokenOf(payload: Payload): string | undefined {
  const token = (payload.idToken as Payload | undefined)?.idToken;
  return typeof token === 'string' ? token.toLowerCase() : undefined;
}

/** Power.Active.Import of the last meter value, W: the total, else the sum of its phases. */
export function activePowerW(meterValue: unknown): number | undefined {
  if (!Array.isArray(meterValue)) return undefined;
  const samples = (meterValue.at(-1) as Payload | undefined)?.sampledValue;
  if (!Array.isArray(samples)) return undefined;
  const power = (samples as Payload[]).filter((s) => s.measurand === 'Power.Active.Import' && typeof s.value === 'number');
  const watts = (s: Payload): number => {
    const unit = s.unitOfMeasure as Payload | undefined;
    const scale = unit?.unit === 'kW' ? 1000 : 1;
    return (s.value as number) * scale * 10 ** (typeof unit?.multiplier === 'number' ? unit.multiplier : 0);
  };
  const total = power.find((s) => s.phase === undefined);
  if (total) return watts(total);
  const phases = power.filter((s) => s.phase === 'L1' || s.phase === 'L2' || s.phase === 'L3');
  return phases.length === 0 ? undefined : phases.reduce((sum, s) => sum + watts(s), 0);
}
