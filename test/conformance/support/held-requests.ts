// Requests of the station that a test HTTP server (firmware files, log uploads) keeps open, so a
// case can act while a download or an upload is in progress (a second UpdateFirmware or GetLog).

/** A held request: `arrived` once the station made it, answered after `release()`. */
export interface Held {
  arrived: Promise<void>;
  release(): void;
}

export class HeldRequests {
  /** Keys (a path, a folder) whose next request is held. */
  private readonly holding = new Map<string, { arrive: () => void; gate: Promise<void> }>();

  /** Holds the next request of `key`. */
  hold(key: string): Held {
    let arrive!: () => void;
    let release!: () => void;
    const arrived = new Promise<void>((resolve) => {
      arrive = resolve;
    });
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.holding.set(key, { arrive, gate });
    return { arrived, release };
  }

  /** The server's side: resolves when the request of `key` may be answered (at once unless held). */
  async pass(key: string): Promise<void> {
    const held = this.holding.get(key);
    if (!held) return;
    this.holding.delete(key);
    held.arrive();
    await held.gate;
  }
}
