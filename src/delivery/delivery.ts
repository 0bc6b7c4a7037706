// Sends the outbox, in order, one message at a time, whenever the link is up and the boot was
// accepted (B01.FR.08: nothing queued goes out before that).
//
//   answer                    -> remove, onDelivered(entry, response), next
//   CALLERROR / bad answer /  -> attempt n failed (E13.FR.02); wait n × MessageAttemptInterval
//   timeout                      (E13.FR.03) and send it again; after MessageAttempts failures
//                                discard it and go on (E13.FR.04)
//   offline / link closed     -> not an attempt: wait for the next kick() (reconnect)

import type { Clock, TimerHandle } from '../clock/clock.js';
import type { Logger } from '../log/logger.js';
import { LocalCallError } from '../rpc/errors.js';
import type { Outbox, OutboxEntry } from './outbox.js';

export interface DeliveryOptions {
  outbox: Outbox;
  clock: Clock;
  log: Logger;
  /** Sends one message with its fixed messageId and resolves with the validated response. */
  send(entry: OutboxEntry): Promise<unknown>;
  /** Connected and registered. */
  canSend(): boolean;
  /** MessageAttempts[TransactionEvent] and MessageAttemptInterval[TransactionEvent] (s). */
  attempts(): number;
  attemptIntervalS(): number;
  onDelivered?(entry: OutboxEntry, response: unknown): void;
  onDiscarded?(entry: OutboxEntry, error: Error): void;
}

export class Delivery {
  private sending = false;
  private retryTimer: TimerHandle | undefined;
  private stopped = false;

  constructor(private readonly options: DeliveryOptions) {}

  /** Something changed (a new message, the link came up): send what can be sent. */
  kick(): void {
    if (this.sending || this.retryTimer || this.stopped) return;
    void this.drain();
  }

  /** Nothing being sent and nothing sendable now (a resend waiting on its timer is not sendable yet). */
  get idle(): boolean {
    if (this.sending) return false;
    if (this.stopped || this.retryTimer) return true;
    return !this.options.canSend() || this.options.outbox.size === 0;
  }

  stop(): void {
    this.stopped = true;
    this.options.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private async drain(): Promise<void> {
    const { outbox, log } = this.options;
    this.sending = true;
    try {
      // canSend() first: reading the head is wasted work while offline.
      for (let entry = this.next(); entry; entry = this.next()) {
        let response: unknown;
        try {
          response = await this.options.send(entry);
        } catch (error) {
          if (isOffline(error)) return;
          this.failed(entry, error as Error);
          return;
        }
        outbox.remove(entry.seq);
        this.options.onDelivered?.(entry, response);
      }
    } catch (error) {
      log.error({ err: error }, 'outbox delivery stopped');
    } finally {
      this.sending = false;
    }
  }

  private next(): OutboxEntry | undefined {
    return this.options.canSend() && !this.stopped ? this.options.outbox.head() : undefined;
  }

  private failed(entry: OutboxEntry, error: Error): void {
    const { outbox, log, clock } = this.options;
    const attempts = outbox.noteAttempt(entry.seq);
    if (attempts >= this.options.attempts()) {
      log.warn({ action: entry.action, messageId: entry.messageId, attempts, err: error.message }, 'message discarded');
      outbox.remove(entry.seq);
      this.options.onDiscarded?.(entry, error);
      queueMicrotask(() => this.kick());
      return;
    }
    const waitMs = attempts * this.options.attemptIntervalS() * 1000;
    log.info({ action: entry.action, attempts, waitMs, err: error.message }, 'message not accepted, will resend');
    this.retryTimer = clock.setTimeout(() => {
      this.retryTimer = undefined;
      this.kick();
    }, waitMs);
  }
}

function isOffline(error: unknown): boolean {
  return (
    error instanceof LocalCallError &&
    (error.code === 'OCPP_ERR_OFFLINE' || error.code === 'OCPP_ERR_CLOSED' || error.code === 'OCPP_ERR_NOT_ACCEPTED')
  );
}
