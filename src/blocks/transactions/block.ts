// E. Transactions as a block: the transaction engine of every EVSE (E01–E13), GetTransactionStatus
// (E14), TriggerMessage(TransactionEvent) (F06.FR.07).

import { defineBlock, type Routes } from '../../kernel/block.js';
import type { Authorizer } from '../authorization/index.js';
import type { Connectors } from '../availability/index.js';
import type { CertificateManagementApi } from '../certificate-management/index.js';
import type { CustomerDataSources } from '../diagnostics/index.js';
import type { MeterValuesApi } from '../meter-values/index.js';
import type { Reservations } from '../reservation/index.js';
import type { SecurityEvents } from '../security/index.js';
import { getTransactionStatus } from './get-transaction-status.js';
import { Transactions } from './transactions.js';

export interface TransactionsNeeds {
  availability: Connectors;
  authorization: Authorizer;
  meterValues: MeterValuesApi;
  reservation: Pick<Reservations, 'match' | 'consume'>;
  security: SecurityEvents;
  diagnostics: { customerData: CustomerDataSources };
  certificateManagement: Pick<CertificateManagementApi, 'roots'>;
}

export const transactionsBlock = defineBlock({
  name: 'transactions',
  needs: ['availability', 'authorization', 'meterValues', 'reservation', 'security', 'diagnostics', 'certificateManagement'],
  create(ctx, needs: TransactionsNeeds) {
    const transactions = new Transactions(ctx, {
      db: ctx.db,
      connectors: needs.availability,
      authorizer: needs.authorization,
      meterValues: needs.meterValues,
      reservations: needs.reservation,
      outbox: { entries: () => ctx.queued() },
      securityEvent: (type, techInfo) => needs.security.record(type, techInfo),
      moRoots: () => needs.certificateManagement.roots('MORootCertificate'), // C07
    });
    needs.diagnostics.customerData.add({ describe: (idToken) => transactions.customerData(idToken) }); // N09/N10
    const unsubscribe = ctx.events.on('delivered', ({ entry, response }) => transactions.delivered(entry, response));
    return {
      api: transactions,
      routes: { GetTransactionStatus: { handle: (request) => getTransactionStatus(request, transactions) } } satisfies Routes,
      triggers: {
        // F06.FR.07/11: triggerReason Trigger, for the EVSE's transaction or all ongoing ones.
        TransactionEvent: {
          check: (evse) => (transactions.hasTransaction(evse?.id) ? 'Accepted' : 'Rejected'),
          send: (evse) => transactions.trigger(evse?.id),
        },
      },
      stop: () => {
        unsubscribe();
        transactions.stop();
      },
    };
  },
});
