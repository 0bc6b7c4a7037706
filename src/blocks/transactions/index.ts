// E. Transactions: the transaction engine of every EVSE (E01-E12), GetTransactionStatus (E14).
// Remote start/stop (F01-F04) are in remote-control and call in through Transactions.

export { TransactionEngine, type Transactions, type TransactionsNeeds } from './transactions.js';
export type { TransactionView } from './transaction-view.js';
export { getTransactionStatus } from './get-transaction-status.js';
export { TX_POINTS, type TxPoint } from './transaction-facts.js';
export { transition } from './transaction-state.js';
export { transactionsBlock } from './block.js';
