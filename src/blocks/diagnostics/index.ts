// N. Diagnostics: GetLog (N01) and the LogStatusNotification it reports, also on TriggerMessage
// (F06.FR.14/15). CustomerInformation (N09/N10) for an idToken. Variable monitoring (N02–N08)
// is the monitoring block.

export { type LogLimits, LogRecords, MAX_CHARS, MAX_RECORDS } from './log-records.js';
export { LogUploads } from './log-uploads.js';
export { CustomerInformation } from './customer-information.js';
export type { CustomerDataSource, CustomerDataSources } from './customer-data.js';
export { diagnosticsBlock } from './block.js';
