// N. Diagnostics as a block: GetLog (N01) over the recent frames and security events, and
// LogStatusNotification, also on TriggerMessage (F06.FR.14/15); CustomerInformation (N09/N10)
// over what the authorization blocks know of an idToken, and what the blocks created later add
// through `customerData`.

import type { Authorization, LocalList } from '../authorization/index.js';
import { defineBlock, type Routes } from '../../kernel/block.js';
import type { CustomerDataSources } from './customer-data.js';
import { CustomerInformation } from './customer-information.js';
import { type LogLimits, LogRecords } from './log-records.js';
import { LogUploads } from './log-uploads.js';

export const diagnosticsBlock = defineBlock({
  name: 'diagnostics',
  needs: ['authorization', 'localAuthList', 'logLimits'],
  create(
    ctx,
    { authorization, localAuthList, logLimits }: { authorization: Authorization; localAuthList: LocalList; logLimits: LogLimits },
  ) {
    const records = new LogRecords(() => ctx.now().getTime(), logLimits);
    const uploads = new LogUploads(ctx, records);
    const customers = new CustomerInformation(ctx, { cache: authorization.cache, localList: localAuthList });
    // N09/N10: the frames of the diagnostics log that carry the token (an Authorize, a TransactionEvent).
    customers.add({
      describe: (idToken) => {
        const n = records.naming(idToken.idToken);
        return n > 0 ? [`${n} log record(s) of the station's messages`] : [];
      },
      clear: (idToken) => records.erase(idToken.idToken),
    });
    const unsubscribe = [
      ctx.events.on('frame', ({ direction, text }) => records.frame(direction, text)), // N01.FR.04
      ctx.events.on('securityEvent', ({ type, techInfo }) => records.security(type, techInfo)), // N01.FR.03
    ];
    return {
      api: { logs: uploads, customerData: customers as CustomerDataSources },
      routes: {
        // N01.FR.02/08: the upload starts once the answer is out.
        GetLog: { handle: (request) => uploads.handle(request), after: (_request, response) => uploads.after(response) },
        CustomerInformation: {
          handle: (request) => customers.handle(request),
          after: (request, response) => customers.after(request, response),
        },
      } satisfies Routes,
      triggers: { LogStatusNotification: { send: () => uploads.trigger() } },
      stop: () => {
        for (const off of unsubscribe) off();
        uploads.stop();
      },
    };
  },
});
