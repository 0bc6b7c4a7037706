// N. Diagnostics: GetLog (N01) and the LogStatusNotification it reports, also on TriggerMessage
// (F06.FR.14/15). Monitoring (N02–N08) and CustomerInformation (N09/N10) are not implemented.

export { LogRecords } from './log-records.js';
export { LogUploads } from './log-uploads.js';
export { diagnosticsBlock } from './block.js';
