// N. Diagnostics as a block: GetLog (N01) over the recent frames and security events, and
// LogStatusNotification, also on TriggerMessage (F06.FR.14/15); CustomerInformation (N09/N10)
// over what the authorization blocks know of an idToken, and what the blocks created later add
// through `customerData`.

import type {
  CustomerInformationRequest,
  CustomerInformationResponse,
  GetLogRequest,
  GetLogResponse,
  IdTokenType,
} from '../../generated/ocpp201/index.js';
import type { Authorization, LocalList } from '../authorization/index.js';
import { defineBlock, type Routes } from '../../kernel/block.js';
import type { StationContext } from '../../kernel/context.js';
import type { Triggers } from '../../kernel/trigger.js';
import type { CustomerDataSource, CustomerDataSources } from './customer-data.js';
import { CustomerInformation } from './customer-information.js';
import { type LogLimits, LogRecords } from './log-records.js';
import { LogUploads } from './log-uploads.js';

export const diagnosticsBlock = defineBlock({
  name: 'diagnostics',
  needs: ['authorization', 'localAuthList', 'logLimits'],
  create: (
    ctx,
    { authorization, localAuthList, logLimits }: { authorization: Authorization; localAuthList: LocalList; logLimits: LogLimits },
  ) => new Diagnostics(ctx, authorization, localAuthList, logLimits),
});

/** The block and its API in one object per station; the routes and the trigger are built when read. */
class Diagnostics {
  private readonly records: LogRecords;
  private readonly uploads: LogUploads;
  private readonly customers: CustomerInformation;
  private stopped = false;

  constructor(ctx: StationContext, authorization: Authorization, localAuthList: LocalList, logLimits: LogLimits) {
    this.records = new LogRecords(ctx, logLimits);
    this.uploads = new LogUploads(ctx, this.records);
    this.customers = new CustomerInformation(ctx, { cache: authorization.cache, localList: localAuthList });
    // N09/N10: the frames of the diagnostics log that carry the token (an Authorize, a TransactionEvent).
    this.customers.add(new LogRecordsSource(this.records));
    // Not unsubscribed at stop but silent from then on: the station's events end with it, and no
    // unsubscribe function is kept per station.
    ctx.events.on('frame', ({ direction, text }) => {
      if (!this.stopped) this.records.frame(direction, text); // N01.FR.04
    });
    ctx.events.on('securityEvent', ({ type, techInfo }) => {
      if (!this.stopped) this.records.security(type, techInfo); // N01.FR.03
    });
  }

  get api(): { logs: LogUploads; customerData: CustomerDataSources } {
    return this;
  }

  get logs(): LogUploads {
    return this.uploads;
  }

  get customerData(): CustomerDataSources {
    return this.customers;
  }

  /** Read when the routes are installed and at each request of these actions; nothing kept per station. */
  get routes() {
    return {
      // N01.FR.02/08: the upload starts once the answer is out.
      GetLog: {
        handle: (request: GetLogRequest) => this.uploads.handle(request),
        after: (_request: GetLogRequest, response: GetLogResponse) => this.uploads.after(response),
      },
      CustomerInformation: {
        handle: (request: CustomerInformationRequest) => this.customers.handle(request),
        after: (request: CustomerInformationRequest, response: CustomerInformationResponse) => this.customers.after(request, response),
      },
    } satisfies Routes;
  }

  get triggers(): Triggers {
    return { LogStatusNotification: { send: () => this.uploads.trigger() } };
  }

  stop(): void {
    this.stopped = true;
    this.uploads.stop();
  }
}

/** N09/N10: the log records that name a token, as a customer data source. */
class LogRecordsSource implements CustomerDataSource {
  constructor(private readonly records: LogRecords) {}

  describe(idToken: IdTokenType): string[] {
    const n = this.records.naming(idToken.idToken);
    return n > 0 ? [`${n} log record(s) of the station's messages`] : [];
  }

  clear(idToken: IdTokenType): void {
    this.records.erase(idToken.idToken);
  }
}
