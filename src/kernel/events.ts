// Internal, typed station events: how blocks learn what other blocks and the hardware did
// without importing each other.

import type { ConnectorStatusEnumType, IdTokenType, MessageContentType } from '../generated/ocpp201/index.js';
import type { ResetEnumType } from '../generated/ocpp201/index.js';
import type { OutboxEntry } from '../delivery/outbox.js';
import type { HardwareEvent } from '../hal/hardware.js';

export interface StationEventMap {
  /** The link to the CSMS is up (before any boot). */
  connected: undefined;
  disconnected: undefined;
  /** The CSMS accepted this boot (`firstTime`), or the link came back after an accepted boot. */
  accepted: { firstTime: boolean };
  registration: { status: 'Accepted' | 'Pending' | 'Rejected' };
  connectorStatus: { evseId: number; connectorId: number; status: ConnectorStatusEnumType };
  /** A transaction started or ended on an EVSE (Connectors.setTransaction). */
  evseTransaction: { evseId: number; active: boolean };
  /** A Reset is carried out now (B11/B12); listeners end the affected transactions first (B12.FR.04/08). */
  resetRequested: { type: ResetEnumType; evseId?: number };
  hardware: HardwareEvent;
  /**
   * The CSMS sent a personalMessage with a token's IdTokenInfo (AuthorizeResponse or
   * TransactionEventResponse), to show the driver; language1/language2 are the driver's
   * preferred languages (C01.FR.08/09). `via` names the TransactionEventResponse it came with;
   * absent: an AuthorizeResponse.
   */
  personalMessage: {
    idToken: IdTokenType;
    message: MessageContentType;
    language1?: string;
    language2?: string;
    evseId?: number;
    via?: 'TransactionEvent';
  };
  /** Something the dashboard shows changed. */
  changed: undefined;
  /** An OCPP frame went in or out, already redacted (the diagnostics log, N01.FR.04). */
  frame: { direction: 'in' | 'out'; text: string };
  /** A security event was recorded (the security log, N01.FR.03). */
  securityEvent: { type: string; techInfo?: string };
  /** The CSMS answered a message of the durable outbox. */
  delivered: { entry: OutboxEntry; response: unknown };
}

export type StationEventName = keyof StationEventMap;
type Listener<K extends StationEventName> = (payload: StationEventMap[K]) => void;

export class StationEvents {
  /**
   * Copied on subscribe and unsubscribe, never changed in place: an emit walks the array it
   * started with, without a copy per event, and a few listeners cost less as an array than as a Set.
   */
  private readonly listeners = new Map<StationEventName, readonly Listener<never>[]>();

  on<K extends StationEventName>(name: K, listener: Listener<K>): () => void {
    // concat allocates the exact length; a spread into a literal leaves room to grow.
    this.listeners.set(name, (this.listeners.get(name) ?? []).concat(listener as Listener<never>));
    return () => this.off(name, listener);
  }

  /** Calls every listener; one listener's failure does not stop the others. */
  emit<K extends StationEventName>(name: K, payload: StationEventMap[K], onError?: (error: unknown) => void): void {
    for (const listener of this.listeners.get(name) ?? []) {
      try {
        (listener as Listener<K>)(payload);
      } catch (error) {
        onError?.(error);
      }
    }
  }

  private off<K extends StationEventName>(name: K, listener: Listener<K>): void {
    const listeners = this.listeners.get(name) ?? [];
    const at = listeners.indexOf(listener as Listener<never>);
    if (at >= 0) this.listeners.set(name, listeners.slice(0, at).concat(listeners.slice(at + 1)));
  }
}
