// The composition root: opens the device model and the stores, builds the context, installs
// the blocks and the route table, and wires the link.
//
//   socket (rpc/connection) -> frame/validate/dispatch (rpc/endpoint) -> routes -> blocks/*
//                                                     -> device model / store / HAL

import { systemClock, type Clock } from '../clock/clock.js';
import { Delivery } from '../delivery/delivery.js';
import { Outbox, type OutboxEntry, type OutboxKind } from '../delivery/outbox.js';
import { DeviceModel } from '../device-model/device-model.js';
import { DM } from '../generated/ocpp201/dm-catalog.js';
import type { BootReasonEnumType, MessageTriggerEnumType, RequestOf, ResponseOf, StationToCsmsAction } from '../generated/ocpp201/index.js';
import type { Hardware } from '../hal/hardware.js';
import { silentLogger, type Logger } from '../log/logger.js';
import type { Misbehaviour, TraceDirection } from '../rpc/endpoint.js';
import { LocalCallError, OcppError } from '../rpc/errors.js';
import type { StationScope } from '../store/scope.js';
import { StationState } from '../store/station-state.js';
import type { SendOptions, StationContext } from '../kernel/context.js';
import type { StationDescription } from '../description/station-description.js';
import { StationEvents } from '../kernel/events.js';
import { BOOT_REASON_KEY } from '../blocks/provisioning/index.js';
import type { AnyBlockDefinition, Block } from '../kernel/block.js';
import { mayAnswer, maySend, type Registration } from '../kernel/registration.js';
import type { Trigger } from '../kernel/trigger.js';
import { BLOCKS, NOT_SUPPORTED, type BlockApis, type StationProvided } from './blocks.js';
import { type LogLimits, MAX_CHARS, MAX_RECORDS } from '../blocks/diagnostics/index.js';
import { createLink, type LinkConnection, type LinkOptions, type StationEndpoint } from './link.js';
import { createBlocks, installRoutes, triggerOf } from './routes.js';

export interface StationOptions {
  id: string;
  description: StationDescription;
  /** The station's rows of its database (its own, or one a whole fleet shares). */
  db: StationScope;
  hal: Hardware;
  link: LinkOptions;
  /** `--set` values, path → value. */
  overrides?: Readonly<Record<string, string>>;
  clock?: Clock;
  log?: Logger;
  onTrace?: (direction: TraceDirection, text: string) => void;
  /** Restarts the station software (Reset); the runtime provides it. */
  reboot?: (reason: BootReasonEnumType) => void;
  /** The data directory: the private keys the station generates are kept there (A02.FR.05). */
  dataDir?: string;
  /** PEM manufacturer root certificates, installed as rootCertificates' ManufacturerRootCertificate are (L01). */
  manufacturerRootCertificates?: readonly string[];
  /**
   * PEM root certificates by certificate type (`--manufacturer-root`, `--csms-root`, `--v2g-root`,
   * `--mo-root`), installed in the certificate store the first time each is seen (M).
   */
  rootCertificates?: Readonly<
    Partial<Record<'CSMSRootCertificate' | 'ManufacturerRootCertificate' | 'V2GRootCertificate' | 'MORootCertificate', readonly string[]>>
  >;
  /** How much of each log the station keeps for GetLog; by default 500 records or 256 KiB. */
  logLimits?: LogLimits;
}

/**
 * The station is also what its blocks are given, seen through the narrow StationContext type:
 * its methods are shared by every station, where an object of closures would be built for each.
 */
export class Station implements StationContext {
  /** What the blocks are given: this station as a StationContext. */
  readonly ctx: StationContext = this;
  readonly clock: Clock;
  readonly log: Logger;
  readonly description: StationDescription;
  readonly dm: DeviceModel;
  readonly db: StationScope;
  readonly hal: Hardware;
  readonly state: StationState;
  readonly events: StationEvents;
  /** Every block's API by its name (blocks.ts). */
  readonly blocks: BlockApis;
  readonly outbox: Outbox;
  private readonly endpoint: StationEndpoint;
  private readonly connection: LinkConnection;
  private readonly delivery: Delivery;
  private installed: readonly Block<unknown>[] = [];
  private readonly unsubscribeHal: () => void;
  private clockOffsetMs = 0;
  private connected = false;

  constructor(readonly options: StationOptions) {
    const clock = options.clock ?? systemClock;
    const log = options.log ?? silentLogger;
    const { db } = options;
    const dm = DeviceModel.open(db, { description: options.description, overrides: options.overrides ?? {}, identity: options.id, clock });
    dm.checkRequired();
    const events = new StationEvents();
    const state = new StationState(db);
    this.clock = clock;
    this.log = log;
    this.description = options.description;
    this.dm = dm;
    this.db = db;
    this.hal = options.hal;
    this.state = state;
    this.events = events;
    this.outbox = new Outbox(db, { now: () => this.now() });
    // The link reaches the blocks (this.created) only once they exist.
    const link = createLink(options.link, {
      id: options.id,
      dm,
      state,
      clock,
      log,
      // B03.FR.08: while Rejected, every CSMS request is answered with SecurityError.
      gate: () => (mayAnswer(this.registration()) ? undefined : new OcppError('SecurityError', 'Boot was rejected')),
      onOpen: () => this.setConnected(true),
      onClose: () => this.setConnected(false),
      onSecurityEvent: (type, techInfo) => this.created?.security.record(type, techInfo),
      onProfileSwitched: () => this.created?.provisioning.boot.reRegister(),
      csmsRoots: () => this.created?.certificateManagement.roots('CSMSRootCertificate') ?? [],
      clientCredentials: () => this.created?.certificateManagement.clientCredentials(),
      onCredentialsOutcome: (id, opened) =>
        opened ? this.created?.certificateManagement.connectedWith(id) : this.created?.certificateManagement.failedWith(id),
      onTrace: (direction, text) => {
        events.emit('frame', { direction, text });
        options.onTrace?.(direction, text);
      },
    });
    this.endpoint = link.endpoint;
    this.connection = link.connection;

    this.delivery = new Delivery({
      outbox: this.outbox,
      clock,
      log,
      canSend: () => this.connected && this.registration() === 'Accepted',
      send: (entry) => {
        this.created?.provisioning.heartbeat.noteActivity();
        return this.endpoint.call(entry.action as never, entry.payload as never, { messageId: entry.messageId });
      },
      attempts: () => dm.getInt(DM.OCPPCommCtrlr.MessageAttempts.TransactionEvent) ?? 3,
      attemptIntervalS: () => dm.getInt(DM.OCPPCommCtrlr.MessageAttemptInterval.TransactionEvent) ?? 60,
      onDelivered: (entry, response) => {
        events.emit('delivered', { entry, response });
        events.emit('changed', undefined);
      },
    });
    events.on('accepted', () => this.delivery.kick());

    const roots = options.rootCertificates ?? {};
    const provided: StationProvided = {
      certificateSources: {
        initialRoots: {
          ...roots,
          ManufacturerRootCertificate: [...(roots.ManufacturerRootCertificate ?? []), ...(options.manufacturerRootCertificates ?? [])],
        },
        ...(options.link.clientCert ? { stationCertificate: options.link.clientCert } : {}),
        ...(options.link.clientKey ? { stationKey: options.link.clientKey } : {}),
        ...(options.dataDir ? { keyDir: options.dataDir } : {}),
      },
      logLimits: options.logLimits ?? { records: MAX_RECORDS, chars: MAX_CHARS },
    };
    const installed = createBlocks(BLOCKS as readonly AnyBlockDefinition[], this.ctx, { ...provided });
    this.installed = installed.blocks;
    this.blocks = installed.apis as BlockApis;
    installRoutes(this.endpoint, installed.blocks, NOT_SUPPORTED);
    for (const block of installed.blocks) block.start?.();
    this.unsubscribeHal = options.hal.subscribe((event) => events.emit('hardware', event));
  }

  get id(): string {
    return this.options.id;
  }

  /**
   * The WebSocket connection to the CSMS is up (it has opened and not yet closed). Unlike
   * `ctx.online()`, still true while a closing handshake runs.
   */
  get connectedToCsms(): boolean {
    return this.connected;
  }

  get url(): string {
    return this.connection.url;
  }

  /** Station time: the local clock set by the CSMS's currentTime (B01.FR.06). */
  now(): Date {
    return new Date(this.clock.now() + this.clockOffsetMs);
  }

  adoptCsmsTime(currentTime: string): void {
    const csmsTime = Date.parse(currentTime);
    if (Number.isFinite(csmsTime)) this.clockOffsetMs = csmsTime - this.clock.now();
  }

  /** Connected, and the connection not closing (E04.FR.03: what is made then is made offline). */
  online(): boolean {
    return this.connected && this.connection.connected;
  }

  registration(): Registration {
    return this.created?.provisioning.boot.status ?? null;
  }

  call<A extends StationToCsmsAction>(action: A, payload: RequestOf<A>, callOptions: SendOptions = {}): Promise<ResponseOf<A>> {
    const registration = this.registration();
    if (!maySend(registration, action, callOptions.triggered)) {
      const why = `${action} may not be sent while ${registration ?? 'not registered'}`;
      return Promise.reject(new LocalCallError('OCPP_ERR_NOT_ACCEPTED', why));
    }
    this.created?.provisioning.heartbeat.noteActivity();
    return this.endpoint.call(action, payload);
  }

  queue<A extends StationToCsmsAction>(
    action: A,
    payload: RequestOf<A>,
    queueOptions: { kind: OutboxKind; droppable?: boolean },
  ): OutboxEntry {
    const entry = this.outbox.add(action, payload, queueOptions);
    // Inside a caller's SQLite transaction (state + outbox row together), send only after its commit.
    if (this.db.db.inTransaction) queueMicrotask(() => this.delivery.kick());
    else this.delivery.kick();
    this.events.emit('changed', undefined);
    return entry;
  }

  queued(): readonly OutboxEntry[] {
    return this.outbox.entries();
  }

  reconnect(): void {
    this.connection.reconnect();
  }

  trigger(message: MessageTriggerEnumType): Trigger | undefined {
    return triggerOf(this.installed, message);
  }

  /**
   * Faults on purpose, towards the CSMS (scenarios and the control API test a CSMS's error
   * handling with them): answers withheld, delayed or refused, raw frames, a dead network link.
   */
  readonly faults = {
    misbehave: (rule: Misbehaviour): void => this.endpoint.misbehave(rule),
    sendRaw: (text: string): void => this.endpoint.sendRaw(text),
    cutLink: (offlineMs?: number): void => this.connection.cut?.(offlineMs),
  };

  start(): void {
    this.connection.start();
  }

  async stop(): Promise<void> {
    this.unsubscribeHal();
    this.delivery.stop();
    // In the reverse order of creation: a block stops before those it stands on.
    for (const block of [...this.installed].reverse()) await block.stop?.();
    await this.connection.stop();
  }

  /** The blocks' APIs, undefined while the blocks are being created (and nothing is registered yet). */
  private get created(): BlockApis | undefined {
    return this.blocks as BlockApis | undefined;
  }

  private setConnected(connected: boolean): void {
    this.connected = connected;
    this.events.emit(connected ? 'connected' : 'disconnected', undefined);
    this.events.emit('changed', undefined);
  }

  /** Persists the reason of the next boot, then asks the runtime to restart the software. */
  reboot(reason: BootReasonEnumType): void {
    this.state.set(BOOT_REASON_KEY, reason);
    if (this.options.reboot) this.options.reboot(reason);
    else this.log.warn({ reason }, 'reboot requested but no runtime can restart this station');
  }

  /** Quiet: nothing in flight on the link (no CALL outstanding or queued, no handler or after-hook running) and nothing sendable in the outbox. */
  idle(): boolean {
    return this.endpoint.idle && this.delivery.idle;
  }
}
