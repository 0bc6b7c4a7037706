// One WebSocket attempt of the station's connection (rpc/connection.ts) and what became of it:
// the socket opened with the OCPP 2.0.1 subprotocol, its events turned into the three the
// connection acts on (opened, a text frame, closed), and the cause of a failure kept for the
// security event (connection-errors.ts).

import WebSocket, { type RawData } from 'ws';
import type { Logger } from '../log/logger.js';
import type { Attempt } from './connection-options.js';

/** Part 4 §3.1.2: the WebSocket subprotocol of OCPP 2.0.1. */
export const OCPP_SUBPROTOCOL = 'ocpp2.0.1';

export interface Link {
  ws: WebSocket;
  opened: boolean;
  /** Dropped on purpose (reconnect/stop): its end is not a failed attempt. */
  dropped: boolean;
  /** onClose already delivered. */
  reported: boolean;
  awaitingPong: boolean;
  error?: Error & { code?: string };
  httpStatus?: number;
  closed: Promise<void>;
  markClosed(): void;
}

/**
 * The socket knows its link, so that its listeners are the same functions for every socket
 * (an EventEmitter calls them with the socket as `this`), not six closures per connection.
 */
class LinkSocket extends WebSocket {
  link!: Link;
  linkEvents!: LinkEvents;
  linkLog!: Logger;
}

export interface LinkEvents {
  opened(link: Link): void;
  message(link: Link, text: string): void;
  closed(link: Link, code: number, reason: string): void;
}

/** Opens the socket of one attempt; throws if `ws` refuses the URL or options. */
export function openLink(attempt: Attempt, log: Logger, events: LinkEvents): Link {
  // Part 4 §3.1.2: offer ocpp2.0.1; ws refuses a handshake whose answer names no or another subprotocol.
  const ws = new LinkSocket(attempt.url, [OCPP_SUBPROTOCOL], attempt.options);
  let markClosed = (): void => undefined;
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  const link: Link = { ws, opened: false, dropped: false, reported: false, awaitingPong: false, closed, markClosed };
  ws.link = link;
  ws.linkEvents = events;
  ws.linkLog = log;
  ws.on('unexpected-response', onUnexpectedResponse);
  ws.on('open', onOpen);
  ws.on('message', onMessage);
  ws.on('pong', onPong);
  ws.on('error', onError);
  ws.on('close', onClose);
  return link;
}

function onUnexpectedResponse(this: WebSocket, _request: unknown, response: { statusCode?: number }): void {
  socket(this).link.httpStatus = response.statusCode ?? 0;
  this.terminate();
}

function onOpen(this: WebSocket): void {
  const { linkEvents, link } = socket(this);
  linkEvents.opened(link);
}

function onMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
  const { linkEvents, link, linkLog } = socket(this);
  if (isBinary) linkLog.debug('binary frame from CSMS read as UTF-8 text');
  linkEvents.message(link, decode(data));
}

function onPong(this: WebSocket): void {
  socket(this).link.awaitingPong = false;
}

// Every failure ends in 'close', which decides what happens next; this listener only keeps the
// cause and keeps an unhandled 'error' from taking the process down.
function onError(this: WebSocket, error: Error & { code?: string }): void {
  socket(this).link.error ??= error;
}

function onClose(this: WebSocket, code: number, reason: Buffer): void {
  const { linkEvents, link } = socket(this);
  linkEvents.closed(link, code, reason.toString());
}

/** The listeners above are only ever added to a LinkSocket. */
const socket = (ws: WebSocket): LinkSocket => ws as LinkSocket;

function decode(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
