// The composition root: builds the context, wires the link to the RPC endpoint and the blocks.
//
//   socket (rpc/connection) -> frame/validate/dispatch (rpc/endpoint) -> blocks/* -> settings, HAL

import type { Clock } from '../clock/clock.js';
import { systemClock } from '../clock/clock.js';
import type { CsmsToStationAction, StationToCsmsAction } from '../generated/ocpp201/index.js';
import { silentLogger, type Logger } from '../log/logger.js';
import { StationConnection, type ConnectionSettings } from '../rpc/connection.js';
import { RpcEndpoint, type TraceDirection } from '../rpc/endpoint.js';
import { LocalCallError, OcppError } from '../rpc/errors.js';
import { ConnectorStatus } from '../blocks/availability/connector-status.js';
import { Boot } from '../blocks/provisioning/boot.js';
import { Heartbeat } from '../blocks/provisioning/heartbeat.js';
import { mayAnswer, maySend, type Registration } from '../blocks/provisioning/registration.js';
import type { StationContext } from './context.js';
import type { StationDescription } from './description.js';
import { Settings } from './settings.js';

export interface StationOptions {
  id: string;
  link: Omit<ConnectionSettings, 'stationId' | 'securityProfile'>;
  description: StationDescription;
  settings?: Settings;
  clock?: Clock;
  log?: Logger;
  onTrace?: (direction: TraceDirection, text: string) => void;
  onChange?: () => void;
}

export interface StationSnapshot {
  id: string;
  connected: boolean;
  registration: Registration;
  evses: {
    id: number;
    available: boolean;
    connectors: { id: number; status: string }[];
    transaction: null;
    meter: { energyWh: number; powerW: number };
    limitW: number | null;
  }[];
  displayMessages: never[];
}

export class Station {
  readonly settings: Settings;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly endpoint: RpcEndpoint<StationToCsmsAction, CsmsToStationAction>;
  private readonly connection: StationConnection;
  private readonly ctx: StationContext;
  private readonly boot: Boot;
  private readonly heartbeat: Heartbeat;
  private readonly connectors: ConnectorStatus;
  private clockOffsetMs = 0;

  constructor(private readonly options: StationOptions) {
    this.settings = options.settings ?? new Settings();
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? silentLogger;
    this.endpoint = new RpcEndpoint({
      clock: this.clock,
      log: this.log,
      callTimeoutMs: () => this.settings.get('OCPPCommCtrlr/MessageTimeout:Default') * 1000,
      gate: () => (mayAnswer(this.boot.status) ? undefined : new OcppError('SecurityError', 'Boot was rejected')),
      ...(options.onTrace ? { onTrace: options.onTrace } : {}),
    });
    this.ctx = this.makeContext();
    this.heartbeat = new Heartbeat(this.ctx);
    this.connectors = new ConnectorStatus(this.ctx);
    this.boot = new Boot(this.ctx, 'PowerUp', {
      onRegistration: () => options.onChange?.(),
      onAccepted: () => {
        this.heartbeat.start();
        void this.connectors.reportAll();
      },
    });
    this.connection = new StationConnection(
      () => ({
        ...options.link,
        stationId: options.id,
        securityProfile: this.settings.get('SecurityCtrlr/SecurityProfile') as 0 | 1 | 2 | 3,
      }),
      {
        pingIntervalS: () => this.settings.get('OCPPCommCtrlr/WebSocketPingInterval'),
        backoff: () => ({
          waitMinimumS: this.settings.get('OCPPCommCtrlr/RetryBackOffWaitMinimum'),
          randomRangeS: this.settings.get('OCPPCommCtrlr/RetryBackOffRandomRange'),
          repeatTimes: this.settings.get('OCPPCommCtrlr/RetryBackOffRepeatTimes'),
        }),
      },
      {
        onOpen: (send) => {
          this.endpoint.attach(send);
          this.boot.onConnected();
          options.onChange?.();
        },
        onMessage: (text) => this.endpoint.receive(text),
        onClose: () => {
          this.endpoint.detach();
          this.boot.onDisconnected();
          this.heartbeat.stop();
          options.onChange?.();
        },
      },
      { clock: this.clock, log: this.log },
    );
  }

  get id(): string {
    return this.options.id;
  }

  get url(): string {
    return this.connection.url;
  }

  /** Station time (the local clock set by the CSMS's currentTime). */
  now(): Date {
    return this.ctx.now();
  }

  start(): void {
    this.connection.start();
  }

  async stop(): Promise<void> {
    this.heartbeat.stop();
    this.boot.stop();
    await this.connection.stop();
  }

  snapshot(): StationSnapshot {
    return {
      id: this.options.id,
      connected: this.endpoint.connected,
      registration: this.boot.status,
      evses: this.options.description.evses.map((evse) => ({
        id: evse.id,
        available: true,
        connectors: this.connectors
          .list()
          .filter((c) => c.evseId === evse.id)
          .map((c) => ({ id: c.connectorId, status: c.status })),
        transaction: null,
        meter: { energyWh: 0, powerW: 0 },
        limitW: null,
      })),
      displayMessages: [],
    };
  }

  private makeContext(): StationContext {
    return {
      id: this.options.id,
      clock: this.clock,
      log: this.log,
      settings: this.settings,
      description: this.options.description,
      rpc: this.endpoint,
      now: () => new Date(this.clock.now() + this.clockOffsetMs),
      adoptCsmsTime: (currentTime) => {
        const csmsTime = Date.parse(currentTime);
        if (Number.isFinite(csmsTime)) this.clockOffsetMs = csmsTime - this.clock.now();
      },
      call: (action, payload) => {
        if (!maySend(this.boot.status, action)) {
          return Promise.reject(new LocalCallError('OCPP_ERR_NOT_ACCEPTED', `${action} may not be sent while ${this.boot.status ?? 'not registered'}`));
        }
        this.heartbeat.noteActivity();
        return this.endpoint.call(action, payload);
      },
    };
  }
}
