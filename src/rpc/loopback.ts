// Two RpcEndpoints joined in memory, for tests where the socket itself is not the subject.
// Frames cross in a later event-loop turn, as over a socket; setOnline(false) is an outage
// (frames in transit are lost, both ends detach), setOnline(true) reconnects both ends.

import type { RpcEndpoint } from './endpoint.js';

/** What the loopback needs of an endpoint, whatever its roles. */
type AnyEndpoint = Pick<RpcEndpoint<never, never>, 'attach' | 'detach' | 'receive' | 'idle'>;

export class Loopback {
  private online = false;
  /** Bumped at each outage: a frame sent before it is not delivered after it. */
  private generation = 0;
  private transit = 0;
  private readonly a: AnyEndpoint;
  private readonly b: AnyEndpoint;

  constructor(a: AnyEndpoint, b: AnyEndpoint, options: { online?: boolean } = {}) {
    this.a = a;
    this.b = b;
    if (options.online ?? true) this.setOnline(true);
  }

  get connected(): boolean {
    return this.online;
  }

  /** Frames sent and not yet received. */
  get inTransit(): number {
    return this.transit;
  }

  /** Nothing in transit and neither end has anything in flight. */
  get idle(): boolean {
    return this.transit === 0 && this.a.idle && this.b.idle;
  }

  setOnline(online: boolean): void {
    if (online === this.online) return;
    this.online = online;
    if (online) {
      this.a.attach((text) => this.carry(text, this.b));
      this.b.attach((text) => this.carry(text, this.a));
      return;
    }
    this.generation++;
    this.transit = 0;
    this.a.detach('loopback offline');
    this.b.detach('loopback offline');
  }

  private carry(text: string, to: AnyEndpoint): void {
    const generation = this.generation;
    this.transit++;
    setImmediate(() => {
      if (generation !== this.generation) return;
      this.transit--;
      to.receive(text);
    });
  }
}
