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
import type { StationConnection } from '../rpc/connection.js';
import type { TraceDirection } from '../rpc/endpoint.js';
import { LocalCallError, OcppError } from '../rpc/errors.js';
import type { Database } from '../store/database.js';
import { StationState } from '../store/station-state.js';
import { Authorization } from '../blocks/authorization/index.js';
import { LocalAuthList } from '../blocks/local-auth-list/index.js';
import { Connectors } from '../blocks/availability/index.js';
import { DataTransfers } from '../blocks/data-transfer/index.js';
import { DisplayMessages } from '../blocks/display-message/index.js';
import { BOOT_REASON_KEY, Boot } from '../blocks/provisioning/boot.js';
import { Heartbeat } from '../blocks/provisioning/heartbeat.js';
import { MeterValues } from '../blocks/meter-values/index.js';
import { mayAnswer, maySend } from '../kernel/registration.js';
import { Triggers } from '../blocks/remote-control/index.js';
import { Transactions } from '../blocks/transactions/index.js';
import { Reservations } from '../blocks/reservation/index.js';
import { SecurityEvents } from '../blocks/security/index.js';
import { SmartCharging } from '../blocks/smart-charging/index.js';
import { FirmwareUpdates } from '../blocks/firmware/index.js';
import { LogRecords, LogUploads } from '../blocks/diagnostics/index.js';
import type { StationContext } from '../kernel/context.js';
import type { StationDescription } from '../description/station-description.js';
import { StationEvents } from '../kernel/events.js';
import { createLink, type LinkOptions, type StationEndpoint } from './link.js';
import { installRoutes, type Blocks } from './routes.js';

export interface StationOptions {
  id: string;
  description: StationDescription;
  db: Database;
  hal: Hardware;
  link: LinkOptions;
  /** `--set` values, path → value. */
  overrides?: Readonly<Record<string, string>>;
  clock?: Clock;
  log?: Logger;
  onTrace?: (direction: TraceDirection, text: string) => void;
  /** Restarts the station software (Reset); the runtime provides it. */
  reboot?: (reason: BootReasonEnumType) => void;
  /** PEM manufacturer root certificates that firmware signing certificates are checked against (L01). */
  manufacturerRootCertificates?: readonly string[];
}

export class Station {
  readonly ctx: StationContext;
  readonly blocks: Blocks;
  readonly outbox: Outbox;
  private readonly endpoint: StationEndpoint;
  private readonly connection: StationConnection;
  private readonly delivery: Delivery;
  private readonly unsubscribeHal: () => void;
  private clockOffsetMs = 0;
  private connected = false;

  constructor(readonly options: StationOptions) {
    const clock = options.clock ?? systemClock;
    const log = options.log ?? silentLogger;
    const dm = DeviceModel.open(options.db, {
      description: options.description,
      overrides: options.overrides ?? {},
      identity: options.id,
      clock,
    });
    dm.checkRequired();
    const events = new StationEvents();
    const state = new StationState(options.db);
    this.outbox = new Outbox(options.db, { now: () => this.now() });
    let boot: Boot | undefined;
    let heartbeat: Heartbeat | undefined;
    // N01: the recent frames and security events a GetLog uploads.
    const logRecords = new LogRecords(() => clock.now() + this.clockOffsetMs);

    const link = createLink(options.link, {
      id: options.id,
      dm,
      state,
      clock,
      log,
      // B03.FR.08: while Rejected, every CSMS request is answered with SecurityError.
      gate: () => (mayAnswer(boot?.status ?? null) ? undefined : new OcppError('SecurityError', 'Boot was rejected')),
      onOpen: () => {
        this.connected = true;
        events.emit('connected', undefined);
        events.emit('changed', undefined);
      },
      onClose: () => {
        this.connected = false;
        events.emit('disconnected', undefined);
        events.emit('changed', undefined);
      },
      onSecurityEvent: (type, techInfo) => this.blocks.security.record(type, techInfo),
      onProfileSwitched: () => boot?.reRegister(),
      onTrace: (direction, text) => {
        logRecords.frame(direction, text);
        options.onTrace?.(direction, text);
      },
    });
    this.endpoint = link.endpoint;
    this.connection = link.connection;

    this.ctx = {
      id: options.id,
      clock,
      log,
      description: options.description,
      dm,
      hal: options.hal,
      state,
      events,
      online: () => this.connected,
      registration: () => boot?.status ?? null,
      now: () => new Date(clock.now() + this.clockOffsetMs),
      adoptCsmsTime: (currentTime) => {
        const csmsTime = Date.parse(currentTime);
        if (Number.isFinite(csmsTime)) this.clockOffsetMs = csmsTime - clock.now();
      },
      call: (action, payload, callOptions = {}) => {
        if (!maySend(boot?.status ?? null, action, callOptions.triggered)) {
          const why = `${action} may not be sent while ${boot?.status ?? 'not registered'}`;
          return Promise.reject(new LocalCallError('OCPP_ERR_NOT_ACCEPTED', why));
        }
        heartbeat?.noteActivity();
        return this.endpoint.call(action, payload);
      },
      queue: (action, payload, queueOptions) => {
        const entry = this.outbox.add(action, payload, queueOptions);
        // Inside a caller's SQLite transaction (state + outbox row together), send only after its commit.
        if (options.db.inTransaction) queueMicrotask(() => this.delivery.kick());
        else this.delivery.kick();
        events.emit('changed', undefined);
        return entry;
      },
      reconnect: () => this.connection.reconnect(),
    };

    this.delivery = new Delivery({
      outbox: this.outbox,
      clock,
      log,
      canSend: () => this.connected && boot?.status === 'Accepted',
      send: (entry) => {
        heartbeat?.noteActivity();
        return this.endpoint.call(entry.action as never, entry.payload as never, { messageId: entry.messageId });
      },
      attempts: () => dm.getInt(DM.OCPPCommCtrlr.MessageAttempts.TransactionEvent) ?? 3,
      attemptIntervalS: () => dm.getInt(DM.OCPPCommCtrlr.MessageAttemptInterval.TransactionEvent) ?? 60,
      onDelivered: (entry, response) => {
        this.blocks.transactions.delivered(entry, response);
        events.emit('changed', undefined);
      },
    });
    events.on('accepted', () => this.delivery.kick());

    boot = new Boot(this.ctx);
    heartbeat = new Heartbeat(this.ctx);
    const connectors = new Connectors(this.ctx);
    const meterValues = new MeterValues(this.ctx);
    const authorization = new Authorization(this.ctx, { db: options.db });
    const localAuthList = new LocalAuthList(options.db, dm, log);
    localAuthList.report();
    authorization.useLocalList(localAuthList);
    const reservations = new Reservations(this.ctx, { db: options.db, connectors });
    const transactions = new Transactions(this.ctx, {
      db: options.db,
      connectors,
      authorizer: authorization,
      meterValues,
      reservations,
      outbox: this.outbox,
    });
    const security = new SecurityEvents(this.ctx, (type, info) => logRecords.security(type, info));
    this.blocks = {
      boot,
      heartbeat,
      connectors,
      security,
      triggers: new Triggers(),
      dataTransfers: new DataTransfers(),
      meterValues,
      authorization,
      localAuthList,
      transactions,
      reservations,
      displayMessages: new DisplayMessages(this.ctx, { db: options.db, transactions, connectors }),
      smartCharging: new SmartCharging(this.ctx, { db: options.db, transactions }),
      firmware: new FirmwareUpdates(this.ctx, {
        connectors,
        manufacturerRoots: options.manufacturerRootCertificates ?? [],
        securityEvent: (type, info) => security.record(type, info),
        pendingMessages: () => this.outbox.size,
        reboot: () => this.reboot('FirmwareUpdate'),
      }),
      logs: new LogUploads(this.ctx, logRecords),
      reboot: (reason) => this.reboot(reason),
    };
    installRoutes(this.endpoint, this.ctx, this.blocks);
    this.unsubscribeHal = options.hal.subscribe((event) => events.emit('hardware', event));
  }

  get id(): string {
    return this.options.id;
  }

  get url(): string {
    return this.connection.url;
  }

  now(): Date {
    return this.ctx.now();
  }

  start(): void {
    this.connection.start();
  }

  async stop(): Promise<void> {
    this.unsubscribeHal();
    this.delivery.stop();
    this.blocks.heartbeat.stop();
    this.blocks.transactions.stop();
    this.blocks.reservations.stop();
    this.blocks.meterValues.stop();
    this.blocks.displayMessages.stop();
    this.blocks.smartCharging.stop();
    this.blocks.firmware.stop();
    this.blocks.logs.stop();
    this.blocks.boot.stop();
    await this.connection.stop();
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
