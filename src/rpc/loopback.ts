// In-memory links for tests where the socket itself is not the subject. Frames cross in a later
// event-loop turn, as over a socket; an outage loses the frames in transit and closes both ends.
//
//   Loopback            two RpcEndpoints joined directly, setOnline(false/true) = outage/reconnect
//   LoopbackConnection  the station's link (start/stop/reconnect, ConnectionEvents, as the
//                       WebSocket StationConnection) joined to a CSMS-side RpcEndpoint

import type { ConnectionEvents, ConnectionState } from './connection.js';
import type { RpcEndpoint } from './endpoint.js';

/** What a loopback needs of an endpoint, whatever its roles. */
type AnyEndpoint = Pick<RpcEndpoint<never, never>, 'attach' | 'detach' | 'receive' | 'idle'>;

/** Carries frames one way or the other in a later turn; cut() loses those in transit. */
class Wire {
  private generation = 0;
  transit = 0;

  carry(text: string, deliver: (text: string) => void): void {
    const generation = this.generation;
    this.transit++;
    setImmediate(() => {
      if (generation !== this.generation) return;
      this.transit--;
      deliver(text);
    });
  }

  cut(): void {
    this.generation++;
    this.transit = 0;
  }
}

export class Loopback {
  private online = false;
  private readonly wire = new Wire();

  constructor(
    private readonly a: AnyEndpoint,
    private readonly b: AnyEndpoint,
    options: { online?: boolean } = {},
  ) {
    if (options.online ?? true) this.setOnline(true);
  }

  get connected(): boolean {
    return this.online;
  }

  /** Frames sent and not yet received. */
  get inTransit(): number {
    return this.wire.transit;
  }

  /** Nothing in transit and neither end has anything in flight. */
  get idle(): boolean {
    return this.wire.transit === 0 && this.a.idle && this.b.idle;
  }

  setOnline(online: boolean): void {
    if (online === this.online) return;
    this.online = online;
    if (online) {
      this.a.attach((text) => this.wire.carry(text, (t) => this.b.receive(t)));
      this.b.attach((text) => this.wire.carry(text, (t) => this.a.receive(t)));
      return;
    }
    this.wire.cut();
    this.a.detach('loopback offline');
    this.b.detach('loopback offline');
  }
}

/**
 * The station's link over memory: opens (ConnectionEvents.onOpen) while started and online,
 * closes (onClose with 1006) on an outage, and opens again as soon as it is back online.
 */
export class LoopbackConnection {
  private phase: ConnectionState = 'idle';
  private online: boolean;
  private readonly wire = new Wire();
  private events: ConnectionEvents | undefined;

  constructor(
    private readonly peer: AnyEndpoint,
    options: { online?: boolean; url?: string } = {},
  ) {
    this.online = options.online ?? true;
    this.url = options.url ?? 'loopback://csms';
  }

  readonly url: string;

  /** The link calls this once, with the events a StationConnection would get. */
  bind(events: ConnectionEvents): this {
    this.events = events;
    return this;
  }

  get state(): ConnectionState {
    return this.phase;
  }

  get connected(): boolean {
    return this.phase === 'open';
  }

  get inTransit(): number {
    return this.wire.transit;
  }

  /** Nothing in transit and the CSMS side has nothing in flight. */
  get idle(): boolean {
    return this.wire.transit === 0 && this.peer.idle;
  }

  start(): void {
    if (this.phase !== 'idle' && this.phase !== 'stopped') return;
    this.phase = 'waiting';
    this.open();
  }

  async stop(): Promise<void> {
    this.close(1000, 'stopping');
    this.phase = 'stopped';
  }

  reconnect(): void {
    if (this.phase === 'idle' || this.phase === 'stopped') return;
    this.close(1000, 'reconnecting');
    this.open();
  }

  /** An outage (false) or its end (true). */
  setOnline(online: boolean): void {
    if (online === this.online) return;
    this.online = online;
    if (!online) this.close(1006, 'loopback offline');
    else this.open();
  }

  private open(): void {
    if (!this.online || this.phase !== 'waiting') return;
    const events = this.events;
    if (!events) throw new Error('LoopbackConnection: bind() it to the link first');
    this.phase = 'open';
    this.peer.attach((text) => this.wire.carry(text, (t) => events.onMessage(t)));
    events.onOpen((text) => {
      if (this.phase !== 'open') throw new Error('loopback closed');
      this.wire.carry(text, (t) => this.peer.receive(t));
    });
  }

  private close(code: number, reason: string): void {
    if (this.phase !== 'open') return;
    this.phase = 'waiting';
    this.wire.cut();
    this.peer.detach(reason);
    this.events?.onClose({ code, reason });
  }
}
