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
//   the group limit   the lower of the one configured (command line, API) and the one of its own
//                     connection to the CSMS, when it has one: the CSMS's ChargingStationMaxProfile
//                     capped by an external system's limit (K14.FR.01). With neither the group is
//                     unlimited: its TxProfiles are cleared with ClearChargingProfile (K14.FR.04).

import { randomUUID } from 'node:crypto';
import type { ClearChargingProfileRequest, SetChargingProfileRequest } from '../generated/ocpp201/index.js';
import type { ExternalLimitSource } from '../hal/hardware.js';
import { type EvseState, Group, isPayload } from './group.js';
import { type CsmsSideTls, type RelayPair, RelayServer, type StationSideTls } from './relay-socket.js';

export const PROFILE_ID_BASE = 2_000_000_000;
export const STACK_LEVEL = 9;
const CALL_TIMEOUT_MS = 30_000;

/**
 * The controller's own connection to the CSMS (Part 4 §6.1), as a charging station without EVSEs
 * under the controller's id: the CSMS sets the group's limit there with a ChargingStationMaxProfile,
 * and an external system's limit is reported there (NotifyChargingLimit, ClearedChargingLimit).
 */
export interface OwnConnection {
  /** The limit it puts on the group now, W; null when neither the CSMS nor an external system sets one. */
  limitW(): number | null;
  /** Called whenever `limitW()` may have changed. */
  onChange(listener: () => void): () => void;
  /** K14: an external system sets (or, with null, releases) a limit for the group. */
  setExternalLimit(limitW: number | null, source: ExternalLimitSource): void;
}

export interface LocalControllerOptions {
  csmsUrl: string;
  /** wss:// towards the stations, with its own server certificate (Part 4 §6.5); none: ws://. */
  stationTls?: StationSideTls;
  /** Towards a wss:// CSMS: the trust for its certificate and the controller's own client certificate. */
  csmsTls?: CsmsSideTls;
  /** The controller's name in its state and logs (default LC). */
  id?: string;
  /** The group limit configured in the controller, W; none: only the own connection's, if any. */
  groupLimitW?: number;
  own?: OwnConnection;
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
  /** What the group shares now, W: the lower of the two below; null: unlimited. */
  groupLimitW: number | null;
  /** Configured on the command line or with POST /api/group-limit; null: none. */
  configuredLimitW: number | null;
  /** Of the own connection to the CSMS (its ChargingStationMaxProfile, an external limit); null: none, or no own connection. */
  ownLimitW: number | null;
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
  private configuredW: number | null;
  private readonly own: OwnConnection | undefined;
  private readonly unsubscribeOwn: () => void;

  constructor(options: LocalControllerOptions) {
    this.id = options.id ?? 'LC';
    this.configuredW = options.groupLimitW ?? null;
    this.own = options.own;
    this.group = new Group(0);
    this.warn = options.warn ?? (() => undefined);
    this.unsubscribeOwn = this.own?.onChange(() => this.rebalance()) ?? (() => undefined);
    const relay = {
      csmsUrl: options.csmsUrl,
      ...(options.stationTls ? { stationTls: options.stationTls } : {}),
      ...(options.csmsTls ? { csmsTls: options.csmsTls } : {}),
    };
    this.relay = new RelayServer(relay, {
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

  /** How stations connect to it: `wss` with stationTls, else `ws`. */
  get scheme(): 'ws' | 'wss' {
    return this.relay.scheme;
  }

  close(): Promise<void> {
    this.unsubscribeOwn();
    return this.relay.close();
  }

  /** No SetChargingProfile of the controller waits for its answer. */
  get idle(): boolean {
    return this.calls.size === 0;
  }

  setGroupLimit(limitW: number | null): void {
    this.configuredW = limitW;
    this.rebalance();
  }

  /** K14: an external system's limit for the group; false without an own connection to report it on. */
  setExternalLimit(limitW: number | null, source: ExternalLimitSource): boolean {
    if (!this.own) return false;
    this.own.setExternalLimit(limitW, source);
    return true;
  }

  /** The lower of the configured limit and the own connection's, W; null when neither is set. */
  limitW(): number | null {
    const limits = [this.configuredW, this.own?.limitW() ?? null].filter((w): w is number => w !== null);
    return limits.length === 0 ? null : Math.min(...limits);
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
    return {
      id: this.id,
      groupLimitW: this.limitW(),
      configuredLimitW: this.configuredW,
      ownLimitW: this.own?.limitW() ?? null,
      members,
      profiles: { ...this.stats },
    };
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
      if (!accepted) this.warn('own call not accepted', { identity: pair.identity, frame: text });
      call.settle(accepted);
      return false;
    }
    if (type === 2 && typeof id === 'string' && typeof frame[2] === 'string' && isPayload(frame[3])) {
      if (this.group.stationCall(pair.identity, id, frame[2], frame[3])) this.rebalance();
    }
    return true;
  }

  private fromCsms(pair: RelayPair, text: string): void {
    const frame = parse(text);
    if (frame?.[0] === 3 && typeof frame[1] === 'string' && isPayload(frame[2])) {
      if (this.group.csmsResult(pair.identity, frame[1], frame[2])) this.rebalance();
    }
    // K03.FR.07: a profile the CSMS sets may tell a transaction's minChargingRate.
    if (frame?.[0] === 2 && typeof frame[2] === 'string' && isPayload(frame[3])) {
      if (this.group.csmsCall(pair.identity, frame[2], frame[3])) this.rebalance();
    }
  }

  /** K03.FR.02: new shares for every transaction whose share changed; decreases first. */
  private rebalance(): void {
    const limitW = this.limitW();
    if (limitW === null) return this.release();
    this.group.limitW = limitW;
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

  /** K14.FR.04: no limit left on the group: the TxProfiles it was given are cleared. */
  private release(): void {
    for (const [identity, transactions] of this.group.members) {
      const pair = this.pairs.get(identity);
      if (!pair) continue;
      for (const evse of transactions.values()) {
        if (evse.sentW === undefined) continue;
        delete evse.sentW;
        evse.drawnSinceLimitW = undefined;
        void this.call(pair, 'ClearChargingProfile', {
          chargingProfileId: PROFILE_ID_BASE + evse.evseId,
        } satisfies ClearChargingProfileRequest);
      }
    }
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
    return this.call(pair, 'SetChargingProfile', request);
  }

  /** One of the controller's own calls to a station; resolves true when its answer is Accepted. */
  private call(pair: RelayPair, action: 'SetChargingProfile' | 'ClearChargingProfile', request: object): Promise<boolean> {
    const messageId = `lc-${randomUUID().replaceAll('-', '')}`;
    this.stats.sent++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        if (!this.calls.delete(messageId)) return;
        this.stats.timeouts++;
        this.warn(`${action} unanswered`, { identity: pair.identity, request });
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
      pair.toStation(JSON.stringify([2, messageId, action, request]));
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
