// Reading a WebSocket upgrade request from a station (Part 4 §3): the station id in the URL,
// the Basic auth credentials (Part 2 A00), and the HTTP answer that refuses it.

import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/** The last path segment, percent-decoded; undefined when empty or undecodable. */
export function stationIdFromPath(url: string): string | undefined {
  const path = url.split(/[?#]/, 1)[0] ?? '';
  const last = path.slice(path.lastIndexOf('/') + 1);
  if (last === '') return undefined;
  try {
    return decodeURIComponent(last);
  } catch {
    return undefined;
  }
}

/** `Authorization: Basic base64(user:password)`; undefined when absent. */
export function parseBasicAuth(header: string | undefined): { username: string; password: string } | 'malformed' | undefined {
  if (header === undefined) return undefined;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match?.[1]) return 'malformed';
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'malformed';
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Answers an upgrade request with an HTTP error and closes the socket. */
export function refuse(socket: Duplex, status: number, message = STATUS_CODES[status] ?? ''): void {
  if (socket.destroyed) return;
  const body = `${message}\n`;
  const authenticate = status === 401 ? 'WWW-Authenticate: Basic realm="OCPP", charset="UTF-8"\r\n' : '';
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      'Connection: close\r\nContent-Type: text/plain\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n${authenticate}\r\n${body}`,
  );
}
