// F. Remote control: TriggerMessage (F06). UnlockConnector (F05) is in availability.

export { Triggers, type Trigger } from './trigger-message.js';
