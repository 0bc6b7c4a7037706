// N01.FR.02/14 uploading a log file by HTTP(S) PUT to <remoteLocation>/<filename> (N01.FR.18: the
// CSMS is to accept PUT and POST). Basic authorization may be given in the URL (N01.FR.17).
// HTTPS uses the operating system's CAs (N01.FR.16). Bounded in time on the station clock;
// redirects are not followed. The failure says which LogStatusNotification status it means (N01.FR.10).

import { request as httpRequest, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Clock } from '../../clock/clock.js';
import type { UploadLogStatusEnumType } from '../../generated/ocpp201/index.js';

/** One attempt may take 2 minutes. */
export const UPLOAD_TIMEOUT_MS = 2 * 60_000;

export const SUPPORTED_SCHEMES: ReadonlySet<string> = new Set(['http:', 'https:']);

export type UploadFailureStatus = Extract<
  UploadLogStatusEnumType,
  'UploadFailure' | 'BadMessage' | 'PermissionDenied' | 'NotSupportedOperation'
>;

export class UploadError extends Error {
  constructor(
    readonly status: UploadFailureStatus,
    message: string,
  ) {
    super(message);
  }
}

/** The target URL, or the reason there is none. */
export function uploadUrl(remoteLocation: string, filename: string): URL | UploadError {
  let url: URL;
  try {
    url = new URL(remoteLocation);
  } catch {
    return new UploadError('BadMessage', `not a URL: ${remoteLocation}`);
  }
  if (!SUPPORTED_SCHEMES.has(url.protocol)) return new UploadError('NotSupportedOperation', `unsupported protocol ${url.protocol}`);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${encodeURIComponent(filename)}`;
  return url;
}

export interface Upload {
  done: Promise<void>;
  cancel(): void;
}

export function upload(url: URL, body: string, limits: { clock: Clock; timeoutMs?: number }): Upload {
  let request: ClientRequest | undefined;
  let finish: (error?: Error) => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    let settled = false;
    finish = (error) => {
      if (settled) return;
      settled = true;
      limits.clock.clearTimeout(timer);
      if (error) {
        request?.destroy();
        reject(error);
      } else resolve();
    };
    const timer = limits.clock.setTimeout(
      () => finish(new UploadError('UploadFailure', 'upload timed out')),
      limits.timeoutMs ?? UPLOAD_TIMEOUT_MS,
    );
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const payload = Buffer.from(body, 'utf8');
    request = send(
      url,
      { method: 'PUT', headers: { 'content-type': 'text/plain; charset=utf-8', 'content-length': payload.length } },
      (response) => {
        response.resume();
        const code = response.statusCode ?? 0;
        if (code >= 200 && code < 300) return finish();
        const status = code === 401 || code === 403 ? 'PermissionDenied' : 'UploadFailure';
        finish(new UploadError(status, `HTTP ${code}`));
      },
    );
    request.on('error', (error) => finish(new UploadError('UploadFailure', error.message)));
    request.end(payload);
  });
  return { done, cancel: () => finish(new UploadError('UploadFailure', 'canceled')) };
}
