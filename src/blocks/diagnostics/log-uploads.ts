// N01 Retrieve log information. GetLog is answered at once; the upload starts in the after-hook.
//   Rejected          no record of the requested log in the requested period (N01.FR.05)
//   AcceptedCanceled  an upload runs; it is canceled with LogStatusNotification AcceptedCanceled
//                     (N01.FR.12/20) and the new one starts
//   Accepted          otherwise, with the filename (N01.FR.01)
// Then LogStatusNotification Uploading (N01.FR.08) and Uploaded (N01.FR.09), or, once 1 + retries
// attempts retryInterval apart have failed, UploadFailure/PermissionDenied/BadMessage/
// NotSupportedOperation (N01.FR.10; a location that is not HTTP(S) is NotSupportedOperation,
// nothing is uploaded). Every status carries the GetLog's requestId (N01.FR.07).

import type { TimerHandle } from '../../clock/clock.js';
import type { GetLogRequest, GetLogResponse, UploadLogStatusEnumType } from '../../generated/ocpp201/index.js';
import type { StationContext } from '../../kernel/context.js';
import type { LogRecords } from './log-records.js';
import { upload, UploadError, uploadUrl, type Upload } from './upload.js';

/** Defaults when GetLogRequest leaves them to the station. */
export const DEFAULT_RETRIES = 2;
export const DEFAULT_RETRY_INTERVAL_S = 60;

interface Job {
  requestId: number;
  url: URL | UploadError;
  body: string;
  attemptsLeft: number;
  retryIntervalS: number;
}

export class LogUploads {
  private job: Job | undefined;
  /** Assembled by the handler, started by the after-hook. */
  private next: Job | undefined;
  private upload: Upload | undefined;
  private timer: TimerHandle | undefined;
  private stopped = false;

  constructor(
    private readonly ctx: StationContext,
    private readonly records: LogRecords,
  ) {}

  /** An upload runs (F06.FR.14/15). */
  get uploading(): boolean {
    return this.job !== undefined;
  }

  handle(request: GetLogRequest): GetLogResponse {
    const { log, logType, requestId } = request;
    const body = this.records.text(logType, log.oldestTimestamp, log.latestTimestamp);
    if (body === undefined) return { status: 'Rejected', statusInfo: { reasonCode: 'NoLogInformation' } }; // N01.FR.05
    const filename = `${logType === 'SecurityLog' ? 'security' : 'diagnostics'}-${requestId}.log`;
    this.next = {
      requestId,
      url: uploadUrl(log.remoteLocation, filename),
      body,
      attemptsLeft: 1 + (request.retries ?? DEFAULT_RETRIES),
      retryIntervalS: request.retryInterval ?? DEFAULT_RETRY_INTERVAL_S,
    };
    return { status: this.job ? 'AcceptedCanceled' : 'Accepted', filename }; // N01.FR.01/12
  }

  after(response: GetLogResponse): void {
    const job = this.next;
    this.next = undefined;
    if (!job || response.status === 'Rejected') return;
    if (this.job) this.cancel(this.job);
    this.job = job;
    if (job.url instanceof UploadError) return this.end(job, job.url);
    this.notify('Uploading', job.requestId); // N01.FR.08
    void this.attempt(job, job.url);
  }

  /** F06.FR.14/15: Uploading with the requestId while an upload runs, else Idle. */
  async trigger(): Promise<void> {
    const payload = this.job ? { status: 'Uploading' as const, requestId: this.job.requestId } : { status: 'Idle' as const };
    await this.ctx.call('LogStatusNotification', payload, { triggered: true });
  }

  stop(): void {
    this.stopped = true;
    if (this.job) this.halt();
    this.job = undefined;
  }

  private async attempt(job: Job, url: URL): Promise<void> {
    job.attemptsLeft--;
    this.upload = upload(url, job.body, { clock: this.ctx.clock });
    try {
      await this.upload.done;
      if (this.job === job) this.end(job);
    } catch (error) {
      if (this.job !== job) return;
      const failure = error instanceof UploadError ? error : new UploadError('UploadFailure', String(error));
      this.ctx.log.info({ requestId: job.requestId, error: failure.message, attemptsLeft: job.attemptsLeft }, 'log upload failed');
      if (job.attemptsLeft <= 0) return this.end(job, failure); // N01.FR.10: after all attempts
      this.timer = this.ctx.clock.setTimeout(() => {
        this.timer = undefined;
        if (this.job === job) void this.attempt(job, url);
      }, job.retryIntervalS * 1000);
    }
  }

  private end(job: Job, failure?: UploadError): void {
    this.job = undefined;
    this.upload = undefined;
    this.notify(failure ? failure.status : 'Uploaded', job.requestId); // N01.FR.09/10
  }

  /** N01.FR.12/20. */
  private cancel(job: Job): void {
    this.halt();
    this.job = undefined;
    this.notify('AcceptedCanceled', job.requestId);
  }

  private halt(): void {
    if (this.timer) this.ctx.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.upload?.cancel();
    this.upload = undefined;
  }

  private notify(status: UploadLogStatusEnumType, requestId: number): void {
    if (this.stopped) return;
    this.ctx.log.info({ status, requestId }, 'log status');
    this.ctx.queue('LogStatusNotification', { status, requestId }, { kind: 'other' }); // N01.FR.07
  }
}
