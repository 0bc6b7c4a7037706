// The guard of the HTTP APIs that listen on loopback and change what a station or a group draws
// (the station's control API, the Local Controller's API).

import type { IncomingMessage } from 'node:http';
import { HttpError } from './json-body.js';

/**
 * A web page of another site may send requests to 127.0.0.1 from the user's browser, or reach
 * it under its own host name (DNS rebinding); only the API's own loopback origin may use it.
 * Clients without an Origin (curl, scripts) may.
 */
export function rejectForeignOrigin(req: IncomingMessage): void {
  const host = req.headers.host ?? '';
  if (!/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i.test(host))
    throw new HttpError(403, `host ${host.slice(0, 60) || 'none'} is not allowed`);
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) throw new HttpError(403, `requests from ${origin.slice(0, 60)} are not allowed`);
}
