// Retrieving a firmware image (L01/L02 step 3) over HTTP or HTTPS, the transfer protocols this
// station implements. Bounded in size (an image larger than `maxBytes` fails, checked against
// Content-Length and against the bytes received) and in time (`timeoutMs` on the station clock
// for the whole transfer, independent of the OCPP MessageTimeout). Redirects are not followed.

import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import type { Clock } from '../../clock/clock.js';

/** 64 MiB: larger than the firmware of any charger this station stands for, small enough to hold in memory. */
export const MAX_IMAGE_BYTES = 64 * 1024 * 1024;
/** 10 minutes for one attempt. */
export const DOWNLOAD_TIMEOUT_MS = 10 * 60_000;

export const SUPPORTED_SCHEMES: ReadonlySet<string> = new Set(['http:', 'https:']);

export interface DownloadLimits {
  clock: Clock;
  maxBytes?: number;
  timeoutMs?: number;
}

export function download(location: string, limits: DownloadLimits): Promise<Uint8Array> {
  const maxBytes = limits.maxBytes ?? MAX_IMAGE_BYTES;
  return new Promise((resolve, reject) => {
    let url: URL;
    try {
      url = new URL(location);
    } catch {
      return reject(new Error(`not a URL: ${location}`));
    }
    if (!SUPPORTED_SCHEMES.has(url.protocol)) return reject(new Error(`unsupported protocol ${url.protocol}`));
    const get = url.protocol === 'https:' ? httpsGet : httpGet;
    let done = false;
    const finish = (error: Error | undefined, image?: Uint8Array): void => {
      if (done) return;
      done = true;
      limits.clock.clearTimeout(timer);
      if (error) {
        request.destroy();
        reject(error);
      } else resolve(image!);
    };
    const timer = limits.clock.setTimeout(() => finish(new Error('download timed out')), limits.timeoutMs ?? DOWNLOAD_TIMEOUT_MS);
    const request = get(url, (response: IncomingMessage) => {
      if (response.statusCode !== 200) {
        response.resume();
        return finish(new Error(`HTTP ${response.statusCode ?? '?'}`));
      }
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) return finish(new Error(`image of ${declared} bytes exceeds ${maxBytes}`));
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) return finish(new Error(`image exceeds ${maxBytes} bytes`));
        chunks.push(chunk);
      });
      response.on('aborted', () => finish(new Error('connection dropped')));
      response.on('error', (error) => finish(error));
      response.on('end', () => {
        if (!response.complete) return finish(new Error('connection dropped'));
        if (Number.isFinite(declared) && size !== declared) return finish(new Error(`received ${size} of ${declared} bytes`));
        finish(undefined, new Uint8Array(Buffer.concat(chunks)));
      });
    });
    request.on('error', (error) => finish(error));
  });
}
