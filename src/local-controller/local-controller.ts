// K03 Local Smart Charging: a Local Controller in front of a CSMS. It relays every frame of its
// stations unchanged (Part 4 §6.4), learns from them who charges (group.ts), and keeps the group
// within its limit by giving each transaction its own TxProfile (K03.FR.01/02), sent again
// whenever the group changes; lowered limits go out first, raised ones once those are answered,
// so that the group does not draw more while the change is under way.
//
//   own message ids   `lc-` + 32 hex digits: no CSMS id can be one (Part 4 §6.4 item 1); the
//                     answers to them are consumed here, never relayed (item 2).
//   own profile ids   PROFILE_ID_BASE + evseId, one per EVSE, each replacing the last; a CSMS
//                     keeps below that range.
//   purpose           TxProfile at STACK_LEVEL, never ChargingStationExternalConstraints (K03.FR.08).

import { randomUUID } from 'node:crypto';
import type { SetChargingProfileRequest } from '../generated/ocpp201/index.js';
import { type EvseState, Group } from './group.js';
import { type RelayPair, RelayServer } from './relay-socket.js';

export const PROFILE_ID_BASE = 2_000_000_000;
export const STACK_LEVEL = 9;
const CALL_TIMEOUT_MS = 30_000;

export interface LocalControllerOptions {
  csmsUrl: string;
  /** The controller's name in its state and logs (default LC). */
  id?: string;
  groupLimitW: number;
  warn?(message: string, detail: Record<string, unknown>): void;
}

export interface ProfileStats {
  sent: number;
  accepted: number;
  rejected: number;
  callErrors: number;
  timeouts: number;
}

export interface LocalControllerState {
  id: string;
  groupLimitW: number;
  members: {
    identity: string;
    /** Its link is up; an offline member keeps the limits it was last given. */
    connected: boolean;
    transactions: {
      evseId: number;
      transactionId: string;
      chargingPriority: number;
      /** What the group has for it now. */
      shareW: number;
      /** The TxProfile limit last sent to the station; null before the first. */
      limitW: number | null;
      measuredW: number | null;
      demandW: number | null;
    }[];
  }[];
  profiles: ProfileStats;
}

interface OwnCall {
  identity: string;
  settle(accepted: boolean): void;
}

export class LocalController {
  readonly id: string;
  readonly group: Group;
  readonly stats: ProfileStats = { sent: 0, accepted: 0, rejected: 0, callErrors: 0, timeouts: 0 };
  private readonly relay: RelayServer;
  private readonly pairs = new Map<string, RelayPair>();
  private readonly calls = new Map<string, OwnCall>();
  private readonly warn: NonNullable<LocalControllerOptions['warn']>;

  constructor(options: LocalControllerOptions) {
    this.id = options.id ?? 'LC';
    this.group = new Group(options.groupLimitW);
    this.warn = options.warn ?? (() => undefined);
    this.relay = new RelayServer(options.csmsUrl, {
      opened: (pair) => {
        this.pairs.set(pair.identity, pair);
        this.group.join(pair.identity);
        // Back after a drop: its transactions get their share of what the group has now.
        this.rebalance();
      },
      fromStation: (pair, text) => this.fromStation(pair, text),
      fromCsms: (pair, text) => this.fromCsms(pair, text),
      closed: (pair) => {
        if (this.pairs.get(pair.identity) !== pair) return;
        this.pairs.delete(pair.identity);
        this.group.leave(pair.identity);
        for (const [id, call] of this.calls) if (call.identity === pair.identity) this.calls.delete(id);
        this.rebalance();
      },
      warn: (message, detail) => this.warn(message, detail),
    });
  }

  listen(port: number, host?: string): Promise<number> {
    return this.relay.listen(port, host);
  }

  close(): Promise<void> {
    return this.relay.close();
  }

  /** No SetChargingProfile of the controller waits for its answer. */
  get idle(): boolean {
    return this.calls.size === 0;
  }

  setGroupLimit(limitW: number): void {
    this.group.limitW = limitW;
    this.rebalance();
  }

  /** The members, their transactions, priorities and the limits given (GET /api/state). */
  state(): LocalControllerState {
    const shares = this.group.shares();
    const members = [...this.group.members].map(([identity, transactions]) => ({
      identity,
      connected: this.group.online.has(identity),
      transactions: [...transactions.values()].map((evse) => ({
        evseId: evse.evseId,
        transactionId: evse.transactionId,
        chargingPriority: this.group.priorityOf(evse),
        shareW: shares.get(identity)?.get(evse.transactionId) ?? 0,
        limitW: evse.sentW ?? null,
        measuredW: evse.measuredW ?? null,
        demandW: Number.isFinite(evse.demandW) ? evse.demandW : null,
      })),
    }));
    return { id: this.id, groupLimitW: this.group.limitW, members, profiles: { ...this.stats } };
  }

  private fromStation(pair: RelayPair, text: string): boolean {
    const frame = parse(text);
    if (!frame) return true; // not ours to judge: relayed as it came
    const [type, id] = frame;
    if ((type === 3 || type === 4) && typeof id === 'string' && this.calls.has(id)) {
      const call = this.calls.get(id)!;
      this.calls.delete(id);
      const accepted = type === 3 && (frame[2] as { status?: unknown } | undefined)?.status === 'Accepted';
      if (type === 4) this.stats.callErrors++;
      else if (accepted) this.stats.accepted++;
      else this.stats.rejected++;
      if (!accepted) this.warn('SetChargingProfile not accepted', { identity: pair.identity, frame: text });
      call.settle(accepted);
      return false;
    }
    if (type === 2 && typeof id === 'string' && typeof frame[2] === 'string' && isObject(frame[3])) {
      if (this.group.stationCall(pair.identity, id, frame[2], frame[3])) this.rebalance();
    }
    return true;
  }

  private fromCsms(pair: RelayPair, text: string): void {
    const frame = parse(text);
    if (frame?.[0] === 3 && typeof frame[1] === 'string' && isObject(frame[2])) {
      if (this.group.csmsResult(pair.identity, frame[1], frame[2])) this.rebalance();
    }
    // K03.FR.07: a profile the CSMS sets may tell a transaction's minChargingRate.
    if (frame?.[0] === 2 && typeof frame[2] === 'string' && isObject(frame[3])) {
      if (this.group.csmsCall(pair.identity, frame[2], frame[3])) this.rebalance();
    }
  }

  /** K03.FR.02: new shares for every transaction whose share changed; decreases first. */
  private rebalance(): void {
    const shares = this.group.shares();
    const changes: { pair: RelayPair; evse: EvseState; limitW: number }[] = [];
    for (const [identity, transactions] of this.group.members) {
      const pair = this.pairs.get(identity);
      if (!pair) continue;
      for (const [transactionId, evse] of transactions) {
        const limitW = shares.get(identity)?.get(transactionId) ?? 0;
        if (evse.sentW !== limitW) changes.push({ pair, evse, limitW });
      }
    }
    const lower = changes.filter((c) => c.evse.sentW === undefined || c.limitW < c.evse.sentW);
    const raise = changes.filter((c) => !lower.includes(c));
    for (const change of [...lower, ...raise]) {
      change.evse.sentW = change.limitW;
      change.evse.drawnSinceLimitW = undefined;
    }
    void Promise.all(lower.map((c) => this.sendProfile(c.pair, c.evse, c.limitW))).then(() => {
      for (const c of raise) if (c.evse.sentW === c.limitW) void this.sendProfile(c.pair, c.evse, c.limitW);
    });
  }

  private sendProfile(pair: RelayPair, evse: EvseState, limitW: number): Promise<boolean> {
    const id = PROFILE_ID_BASE + evse.evseId;
    const request: SetChargingProfileRequest = {
      evseId: evse.evseId,
      chargingProfile: {
        id,
        stackLevel: STACK_LEVEL,
        chargingProfilePurpose: 'TxProfile',
        chargingProfileKind: 'Relative',
        transactionId: evse.transactionId,
        chargingSchedule: [{ id, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: limitW }] }],
      },
    };
    const messageId = `lc-${randomUUID().replaceAll('-', '')}`;
    this.stats.sent++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        if (!this.calls.delete(messageId)) return;
        this.stats.timeouts++;
        this.warn('SetChargingProfile unanswered', { identity: pair.identity, evseId: evse.evseId });
        resolve(false);
      }, CALL_TIMEOUT_MS);
      timer.unref();
      this.calls.set(messageId, {
        identity: pair.identity,
        settle: (accepted) => {
          clearTimeout(timer);
          resolve(accepted);
        },
      });
      pair.toStation(JSON.stringify([2, messageId, 'SetChargingProfile', request]));
    });
  }
}

function parse(text: string): unknown[] | undefined {
  try {
    const frame: unknown = JSON.parse(text);
    return Array.isArray(frame) ? frame : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
