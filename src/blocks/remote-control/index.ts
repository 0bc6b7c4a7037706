// F. Remote control: RequestStartTransaction (F01/F02), RequestStopTransaction (F03/F04),
// TriggerMessage (F06). UnlockConnector (F05) is in availability.

export { afterTriggerMessage, triggerMessage } from './trigger-message.js';
export { requestStartTransaction, afterRequestStartTransaction, type RemoteStartDeps } from './request-start-transaction.js';
export { requestStopTransaction, afterRequestStopTransaction } from './request-stop-transaction.js';
export { remoteControlBlock } from './block.js';
