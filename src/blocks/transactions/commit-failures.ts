// E, faults: a step whose commit failed (the disk is full, SQLITE_FULL, or the database fails
// otherwise). Nothing of the step happened: the in-memory state, the TransactionEvents and the
// outputs stay as they were committed last. The station says so once (MemoryExhaustion for a full
// disk) and runs the engine again a while later; the transition then derives from the stored
// state and the hardware as it is then what the lost step would have done.

import type { TimerHandle } from '../../clock/clock.js';
import type { StationContext } from '../../kernel/context.js';
import { LazyMap } from '../../collections/lazy.js';

/** How long until the engine tries again to commit what the hardware shows. */
export const COMMIT_RETRY_MS = 10_000;

export class CommitFailures {
  private readonly retries = new LazyMap<number, TimerHandle>();
  private reported = false;

  constructor(
    private readonly ctx: StationContext,
    private readonly retry: (evseId: number) => void,
    private readonly securityEvent: (type: string, techInfo: string) => void,
  ) {}

  failed(evseId: number, error: unknown): void {
    const full = (error as { code?: string } | undefined)?.code === 'SQLITE_FULL';
    this.ctx.log.error({ err: error, evseId }, full ? 'disk full: transaction step not committed' : 'transaction step not committed');
    if (full && !this.reported) {
      this.reported = true;
      this.securityEvent('MemoryExhaustion', 'database full: transaction steps are not committed');
    }
    if (this.retries.has(evseId)) return;
    this.retries.set(
      evseId,
      this.ctx.clock.setTimeout(() => {
        this.retries.delete(evseId);
        this.retry(evseId);
      }, COMMIT_RETRY_MS),
    );
  }

  committed(): void {
    this.reported = false;
  }

  stop(): void {
    for (const timer of this.retries.values()) this.ctx.clock.clearTimeout(timer);
    this.retries.clear();
  }
}
