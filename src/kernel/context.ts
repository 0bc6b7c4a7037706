// What every block is given: a narrow, typed view of the station instead of the station itself.

import type { Clock } from '../clock/clock.js';
import type { BootReasonEnumType, MessageTriggerEnumType } from '../generated/ocpp201/index.js';
import type { StationScope } from '../store/scope.js';
import type { DeviceModel } from '../device-model/device-model.js';
import type { OutboxEntry, OutboxKind } from '../delivery/outbox.js';
import type { RequestOf, ResponseOf, StationToCsmsAction } from '../generated/ocpp201/index.js';
import type { Hardware } from '../hal/hardware.js';
import type { Logger } from '../log/logger.js';
import type { StationState } from '../store/station-state.js';
import type { Registration } from './registration.js';
import type { StationDescription } from '../description/station-description.js';
import type { StationEvents } from './events.js';
import type { Trigger } from './trigger.js';

export interface SendOptions {
  /** Sent because the CSMS asked for it (TriggerMessage, GetReport...): allowed while Pending (B02.FR.02). */
  triggered?: boolean;
}

export interface StationContext {
  readonly id: string;
  readonly clock: Clock;
  readonly log: Logger;
  readonly description: StationDescription;
  readonly dm: DeviceModel;
  /** The station's rows of its SQLite database: blocks keep their durable state in their own tables. */
  readonly db: StationScope;
  readonly hal: Hardware;
  /** Small facts that survive a reboot. */
  readonly state: StationState;
  readonly events: StationEvents;
  /** Sends a CALL now; rejects while offline or when the registration state forbids it. */
  call<A extends StationToCsmsAction>(action: A, payload: RequestOf<A>, options?: SendOptions): Promise<ResponseOf<A>>;
  /**
   * Commits a message to the durable outbox and returns at once; it is delivered in order, once
   * accepted by the CSMS, across network loss and reboots (E13).
   */
  queue<A extends StationToCsmsAction>(action: A, payload: RequestOf<A>, options: { kind: OutboxKind; droppable?: boolean }): OutboxEntry;
  /** Connected to the CSMS. */
  online(): boolean;
  registration(): Registration;
  /** Station time: the local clock set by the CSMS's currentTime (B01.FR.06). */
  now(): Date;
  adoptCsmsTime(currentTime: string): void;
  /** Drops the link and connects again, with the settings read anew (A01 password change). */
  reconnect(): void;
  /** The messages waiting in the durable outbox, oldest first (E14 messagesInQueue, L01 install waits). */
  queued(): readonly OutboxEntry[];
  /** Persists the reason of the next boot, then restarts the station software (B11/B12, L01). */
  reboot(reason: BootReasonEnumType): void;
  /** The messages blocks send on TriggerMessage (F06), gathered from every block. */
  trigger(message: MessageTriggerEnumType): Trigger | undefined;
}
