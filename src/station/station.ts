// The composition root: opens the device model and the stores, builds the context, installs
// the blocks and the route table, and wires the link.
//
//   socket (rpc/connection) -> frame/validate/dispatch (rpc/endpoint) -> routes -> blocks/*
//                                                     -> device model / store / HAL

import { systemClock, type Clock } from '../clock/clock.js';
import { Delivery } from '../delivery/delivery.js';
import { Outbox } from '../delivery/outbox.js';
import { DeviceModel } from '../device-model/device-model.js';
import { DM } from '../generated/ocpp201/dm-catalog.js';
import type { BootReasonEnumType } from '../generated/ocpp201/index.js';
import type { Hardware } from '../hal/hardware.js';
import { silentLogger, type Logger } from '../log/logger.js';
import type { Misbehaviour, TraceDirection } from '../rpc/endpoint.js';
import { LocalCallError, OcppError } from '../rpc/errors.js';
import type { StationScope } from '../store/scope.js';
import { StationState } from '../store/station-state.js';
import type { StationContext } from '../kernel/context.js';
import type { StationDescription } from '../description/station-description.js';
import { StationEvents } from '../kernel/events.js';
import { BOOT_REASON_KEY } from '../blocks/provisioning/index.js';
import type { AnyBlockDefinition, Block } from '../kernel/block.js';
import { mayAnswer, maySend } from '../kernel/registration.js';
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

export class Station {
  readonly ctx: StationContext;
  /** Every block's API by its name (blocks.ts). */
  readonly blocks: BlockApis;
  readonly outbox: Outbox;
  private readonly endpoint: StationEndpoint;
  private readonly connection: LinkConnection;
  private readonly delivery: Delivery;
  private readonly installed: readonly Block<unknown>[];
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
    this.outbox = new Outbox(db, { now: () => this.now() });
    // Filled once the blocks exist; the link and the context reach them only after construction.
    let blocks: BlockApis | undefined;
    const registration = () => blocks?.provisioning.boot.status ?? null;

    const link = createLink(options.link, {
      id: options.id,
      dm,
      state,
      clock,
      log,
      // B03.FR.08: while Rejected, every CSMS request is answered with SecurityError.
      gate: () => (mayAnswer(registration()) ? undefined : new OcppError('SecurityError', 'Boot was rejected')),
      onOpen: () => this.setConnected(true),
      onClose: () => this.setConnected(false),
      onSecurityEvent: (type, techInfo) => blocks?.security.record(type, techInfo),
      onProfileSwitched: () => blocks?.provisioning.boot.reRegister(),
      csmsRoots: () => blocks?.certificateManagement.roots('CSMSRootCertificate') ?? [],
      clientCredentials: () => blocks?.certificateManagement.clientCredentials(),
      onCredentialsOutcome: (id, opened) =>
        opened ? blocks?.certificateManagement.connectedWith(id) : blocks?.certificateManagement.failedWith(id),
      onTrace: (direction, text) => {
        events.emit('frame', { direction, text });
        options.onTrace?.(direction, text);
      },
    });
    this.endpoint = link.endpoint;
    this.connection = link.connection;

    let created: readonly Block<unknown>[] = [];
    this.ctx = {
      id: options.id,
      clock,
      log,
      description: options.description,
      dm,
      db,
      hal: options.hal,
      state,
      events,
      // Connected, and the connection not closing (E04.FR.03: what is made then is made offline).
      online: () => this.connected && this.connection.connected,
      registration,
      now: () => new Date(clock.now() + this.clockOffsetMs),
      adoptCsmsTime: (currentTime) => {
        const csmsTime = Date.parse(currentTime);
        if (Number.isFinite(csmsTime)) this.clockOffsetMs = csmsTime - clock.now();
      },
      call: (action, payload, callOptions = {}) => {
        if (!maySend(registration(), action, callOptions.triggered)) {
          const why = `${action} may not be sent while ${registration() ?? 'not registered'}`;
          return Promise.reject(new LocalCallError('OCPP_ERR_NOT_ACCEPTED', why));
        }
        blocks?.provisioning.heartbeat.noteActivity();
        return this.endpoint.call(action, payload);
      },
      queue: (action, payload, queueOptions) => {
        const entry = this.outbox.add(action, payload, queueOptions);
        // Inside a caller's SQLite transaction (state + outbox row together), send only after its commit.
        if (db.db.inTransaction) queueMicrotask(() => this.delivery.kick());
        else this.delivery.kick();
        events.emit('changed', undefined);
        return entry;
      },
      queued: () => this.outbox.entries(),
      reconnect: () => this.connection.reconnect(),
      reboot: (reason) => this.reboot(reason),
      trigger: (message) => triggerOf(created, message),
    };

    this.delivery = new Delivery({
      outbox: this.outbox,
      clock,
      log,
      canSend: () => this.connected && registration() === 'Accepted',
      send: (entry) => {
        blocks?.provisioning.heartbeat.noteActivity();
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
    blocks = installed.apis as BlockApis;
    created = installed.blocks;
    this.blocks = blocks;
    installRoutes(this.endpoint, installed.blocks, NOT_SUPPORTED);
    for (const block of installed.blocks) block.start?.();
    this.installed = installed.blocks;
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

  now(): Date {
    return this.ctx.now();
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

  private setConnected(connected: boolean): void {
    this.connected = connected;
    this.ctx.events.emit(connected ? 'connected' : 'disconnected', undefined);
    this.ctx.events.emit('changed', undefined);
  }

  /** Persists the reason of the next boot, then asks the runtime to restart the software. */
  private reboot(reason: BootReasonEnumType): void {
    this.ctx.state.set(BOOT_REASON_KEY, reason);
    if (this.options.reboot) this.options.reboot(reason);
    else this.ctx.log.warn({ reason }, 'reboot requested but no runtime can restart this station');
  }

  /** Quiet: nothing in flight on the link (no CALL outstanding or queued, no handler or after-hook running) and nothing sendable in the outbox. */
  idle(): boolean {
    return this.endpoint.idle && this.delivery.idle;
  }
}
