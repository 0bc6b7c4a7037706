// N. Diagnostics as a block: GetLog (N01) over the recent frames and security events, and
// LogStatusNotification, also on TriggerMessage (F06.FR.14/15).

import { defineBlock, type Routes } from '../../kernel/block.js';
import { LogRecords } from './log-records.js';
import { LogUploads } from './log-uploads.js';

export const diagnosticsBlock = defineBlock({
  name: 'diagnostics',
  needs: [],
  create(ctx) {
    const records = new LogRecords(() => ctx.now().getTime());
    const uploads = new LogUploads(ctx, records);
    const unsubscribe = [
      ctx.events.on('frame', ({ direction, text }) => records.frame(direction, text)), // N01.FR.04
      ctx.events.on('securityEvent', ({ type, techInfo }) => records.security(type, techInfo)), // N01.FR.03
    ];
    return {
      api: uploads,
      routes: {
        // N01.FR.02/08: the upload starts once the answer is out.
        GetLog: { handle: (request) => uploads.handle(request), after: (_request, response) => uploads.after(response) },
      } satisfies Routes,
      triggers: { LogStatusNotification: { send: () => uploads.trigger() } },
      stop: () => {
        for (const off of unsubscribe) off();
        uploads.stop();
      },
    };
  },
});
