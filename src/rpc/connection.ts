// The station end of the OCPP-J link: one WebSocket to the CSMS, kept open all the time
// (Part 4 §3.1), secured per security profile (Part 2 A00), re-opened with back-off when it
// fails (Part 4 §5.3 + errata 2025-04) and watched with WebSocket pings (Part 4 §5.2, §8.4).
// With connection-link.ts (one socket attempt) the only station-side module that knows `ws`;
// the URL and TLS/auth options of an attempt come from connection-options.ts, its security
// events from connection-errors.ts and the wait before the next attempt from connection-backoff.ts.
//
//   idle ──start()──> connecting ──open──> open ──close / no pong──> waiting
//                         │  ▲                                          │
//   error, close, timeout,│  └──────────── back-off timer ──────────────┘
//   401, no subprotocol   └───────────────────> waiting
//   any ──stop()──> stopped;  connecting | open | waiting ──reconnect()──> connecting
//
// settings() is read again on every attempt, so a new password, URL or profile applies to
// the next connection; reconnect() makes that happen at once.

import WebSocket from 'ws';
import type { Clock, TimerHandle } from '../clock/clock.js';
import type { Logger } from '../log/logger.js';
import { backoffDelayMs, MAX_DELAY_MS, type BackoffSettings } from './connection-backoff.js';
import { securityEventOf } from './connection-errors.js';
import { OCPP_SUBPROTOCOL, openLink, type Link } from './connection-link.js';
import { connectionUrl, planAttempt, type Attempt, type ConnectionSettings } from './connection-options.js';
import { LocalCallError } from './errors.js';
import { LazySet } from '../collections/lazy.js';

export type { BackoffSettings } from './connection-backoff.js';
export type { ConnectionSettings, SecurityProfile } from './connection-options.js';

export interface ConnectionTimings {
  /** OCPPCommCtrlr.WebSocketPingInterval in seconds; 0 = the station sends no pings. */
  pingIntervalS(): number;
  backoff(): BackoffSettings;
}

export interface ConnectionEvents {
  /** The link is open; `send` writes a text frame on it and throws once it has closed. */
  onOpen(send: (text: string) => void): void;
  onMessage(text: string): void;
  /** A link that was open has closed (never called for a failed attempt). */
  onClose(info: { code: number; reason: string }): void;
  /** A security event type of the Part 2 appendix, e.g. InvalidCsmsCertificate, with techInfo. */
  onSecurityEvent?(type: string, techInfo: string): void;
  /** An attempt failed before opening (B10.FR.03 counts them); called before the next settings() read. */
  onAttemptFailed?(): void;
}

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'waiting' | 'stopped';

/** An opening handshake (TCP + TLS + HTTP upgrade) that takes longer counts as a failed attempt. */
const HANDSHAKE_TIMEOUT_MS = 30_000;
/** SecurityEventNotificationRequest.techInfo is string[255]. */
const TECH_INFO_MAX = 255;

let warnedWithoutSecurity = false;

export class StationConnection {
  private phase: ConnectionState = 'idle';
  private link: Link | undefined;
  /** Back-off retries since the last successful connection. */
  private retries = 0;
  /** Security events already raised since the last success (A00.FR.316 note: once per streak). */
  private readonly raised = new LazySet<string>();
  private retryTimer: TimerHandle | undefined;
  /** After cut(offlineMs): the wait before the next attempt, instead of the back-off. */
  private offlineMs: number | undefined;
  private pingTimer: TimerHandle | undefined;
  private handshakeTimer: TimerHandle | undefined;
  private readonly clock: Clock;
  private readonly log: Logger;

  constructor(
    private readonly settings: () => ConnectionSettings,
    private readonly timings: ConnectionTimings,
    private readonly events: ConnectionEvents,
    deps: { clock: Clock; log: Logger },
  ) {
    this.clock = deps.clock;
    this.log = deps.log;
  }

  get state(): ConnectionState {
    return this.phase;
  }

  /**
   * Open, and no closing handshake has begun: once the CSMS's close frame is in (the socket may
   * take a while to end) a new message is already one made offline (E04.FR.03), not one sent.
   */
  get connected(): boolean {
    const link = this.link;
    return this.phase === 'open' && link !== undefined && !link.dropped && link.ws.readyState === WebSocket.OPEN;
  }

  /** The connection URL (Part 4 §3.1.1) for the current settings. */
  get url(): string {
    const s = this.settings();
    try {
      return connectionUrl(s.csmsUrl, s.stationId);
    } catch {
      return `${s.csmsUrl}/${encodeURIComponent(s.stationId)}`;
    }
  }

  /** Connects, and keeps reconnecting until stop(). Throws at once if the settings cannot work. */
  start(): void {
    if (this.phase !== 'idle' && this.phase !== 'stopped') return;
    const s = this.settings();
    planAttempt(s);
    if (s.securityProfile === 0 && !warnedWithoutSecurity) {
      // Part 2 A00 §1.3: running without security is not a valid OCPP 2.0.1 implementation.
      // Said once per process: a fleet of a thousand stations needs to hear it once, not a thousand times.
      warnedWithoutSecurity = true;
      this.log.warn('security profile 0: the CSMS link is neither authenticated nor encrypted');
    }
    this.retries = 0;
    this.raised.clear();
    this.connect();
  }

  /** Closes with 1000, cancels every timer and stops reconnecting; resolves once the socket is closed. */
  async stop(): Promise<void> {
    this.phase = 'stopped';
    // onClose follows when the CSMS has answered the close frame, with the code it echoed.
    await this.drop('stopping', false);
  }

  /**
   * Drops the current socket and connects again at once with the settings as they are now
   * (A01: a new BasicAuthPassword; a new security profile or CSMS URL). The back-off starts
   * over. Throws, leaving the current link untouched, if the new settings cannot work.
   */
  reconnect(): void {
    planAttempt(this.settings());
    if (this.phase === 'idle' || this.phase === 'stopped') return;
    this.retries = 0;
    this.raised.clear();
    // onClose now, so the old link is detached before the new one opens.
    void this.drop('reconnecting', true);
    this.connect();
  }

  /**
   * A network failure on purpose (scenarios, reconnect waves): the socket is destroyed without a
   * close frame, as when the cable is pulled, and the station finds itself offline. It connects
   * again after `offlineMs`, or after its usual back-off when that is not given.
   */
  cut(offlineMs?: number): void {
    if (this.phase === 'idle' || this.phase === 'stopped') return;
    this.offlineMs = offlineMs;
    if (this.link) {
      this.link.ws.terminate(); // closed() follows, then waitAndRetry
    } else {
      this.clock.clearTimeout(this.retryTimer);
      this.waitAndRetry();
    }
  }

  /** Cancels every timer and lets go of the current link: closed with 1000 if open, else aborted. */
  private drop(reason: string, reportNow: boolean): Promise<void> {
    this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.clearTimers();
    const link = this.link;
    this.link = undefined;
    if (!link) return Promise.resolve();
    link.dropped = true;
    if (link.opened) {
      if (reportNow) this.reportClose(link, 1000, reason);
      link.ws.close(1000, reason);
    } else {
      link.ws.terminate();
    }
    return link.closed;
  }

  private connect(): void {
    this.retryTimer = undefined;
    let link: Link;
    let attempt: Attempt;
    try {
      attempt = planAttempt(this.settings());
      link = openLink(attempt, this.log, {
        opened: (l) => this.opened(l),
        message: (l, text) => {
          if (this.link === l) this.safely(() => this.events.onMessage(text));
        },
        closed: (l, code, reason) => this.closed(l, code, reason),
      });
    } catch (err) {
      this.log.error({ err: (err as Error).message }, 'cannot connect: invalid connection settings');
      this.safely(() => this.events.onAttemptFailed?.());
      this.waitAndRetry();
      return;
    }
    this.link = link;
    this.phase = 'connecting';
    this.log.info({ url: attempt.url }, 'connecting to CSMS');
    this.handshakeTimer = this.clock.setTimeout(() => {
      link.error = new Error(`opening handshake timed out after ${HANDSHAKE_TIMEOUT_MS} ms`);
      link.ws.terminate();
    }, HANDSHAKE_TIMEOUT_MS);
  }

  private opened(link: Link): void {
    if (this.link !== link) return;
    this.clock.clearTimeout(this.handshakeTimer);
    this.handshakeTimer = undefined;
    if (link.ws.protocol !== OCPP_SUBPROTOCOL) {
      // Part 4 §3.2: a CSMS that agrees to none of our subprotocols answers without one and closes.
      link.error = new Error(`CSMS chose subprotocol '${link.ws.protocol}', not ${OCPP_SUBPROTOCOL}`);
      link.ws.terminate();
      return;
    }
    link.opened = true;
    this.phase = 'open';
    // Part 4 §5.3 (errata 2025-04): after a successful connection the back-off starts over.
    this.retries = 0;
    this.raised.clear();
    this.log.info({ url: link.ws.url }, 'connected to CSMS');
    this.schedulePing(link);
    this.safely(() =>
      this.events.onOpen((text) => {
        if (link.ws.readyState !== WebSocket.OPEN || link.dropped) {
          throw new LocalCallError('OCPP_ERR_CLOSED', 'the connection to the CSMS is closed');
        }
        link.ws.send(text);
      }),
    );
  }

  private closed(link: Link, code: number, reason: string): void {
    link.markClosed();
    const current = this.link === link;
    if (current) {
      this.link = undefined;
      this.clearTimers();
    }
    if (link.opened) {
      this.log.info({ code, reason }, 'connection to CSMS closed');
      this.reportClose(link, code, reason);
    } else if (!link.dropped) {
      this.attemptFailed(link);
      this.safely(() => this.events.onAttemptFailed?.());
    }
    if (current && this.phase !== 'stopped') this.waitAndRetry();
  }

  private reportClose(link: Link, code: number, reason: string): void {
    if (link.reported) return;
    link.reported = true;
    this.safely(() => this.events.onClose({ code, reason }));
  }

  /** Logs why an attempt failed and raises the security event it stands for, if any. */
  private attemptFailed(link: Link): void {
    const { httpStatus, error } = link;
    this.log.warn({ httpStatus, code: error?.code, err: error?.message }, 'connection attempt failed');
    const event = securityEventOf(link);
    if (event) this.raise(event.type, event.techInfo);
  }

  private raise(type: string, techInfo: string): void {
    // A00.FR.316/419 note: one event for repeated failed attempts, so the offline queue does not overflow.
    if (this.raised.has(type)) return;
    this.raised.add(type);
    this.log.warn({ securityEvent: type, techInfo }, 'security event');
    this.safely(() => this.events.onSecurityEvent?.(type, techInfo.slice(0, TECH_INFO_MAX)));
  }

  /** Part 4 §5.3: keep trying, forever, with a growing randomised wait (also after a failed first attempt). */
  private waitAndRetry(): void {
    this.phase = 'waiting';
    const delay = this.offlineMs ?? backoffDelayMs(this.timings.backoff(), this.retries, this.clock.random());
    this.offlineMs = undefined;
    this.retries += 1;
    this.log.info({ delayMs: delay, retry: this.retries }, 'reconnecting after back-off');
    this.retryTimer = this.clock.setTimeout(() => this.connect(), delay);
  }

  /**
   * Part 4 §8.4: a ping every WebSocketPingInterval seconds (0 = none; ws still answers the
   * CSMS's pings). The pong timeout is the interval itself: when the next ping is due and
   * the last one is still unanswered, the link is dead and is dropped. The interval is read
   * again for every ping, so a change applies from the next ping on (from 0: next connection).
   */
  private schedulePing(link: Link): void {
    const intervalS = this.timings.pingIntervalS();
    if (!(intervalS > 0)) return;
    this.pingTimer = this.clock.setTimeout(
      () => {
        this.pingTimer = undefined;
        if (this.link !== link) return;
        if (link.awaitingPong) {
          this.log.warn({ intervalS }, 'no pong from CSMS within WebSocketPingInterval; dropping the connection');
          link.ws.terminate();
          return;
        }
        link.awaitingPong = true;
        link.ws.ping();
        this.schedulePing(link);
      },
      Math.min(intervalS * 1000, MAX_DELAY_MS),
    );
  }

  private clearTimers(): void {
    this.clock.clearTimeout(this.pingTimer);
    this.clock.clearTimeout(this.handshakeTimer);
    this.pingTimer = undefined;
    this.handshakeTimer = undefined;
  }

  /** A throwing event handler must not break the link's own bookkeeping. */
  private safely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.error({ err }, 'connection event handler failed');
    }
  }
}
