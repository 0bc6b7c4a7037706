// O. DisplayMessage: SetDisplayMessage (O01, O02, O06), GetDisplayMessages with
// NotifyDisplayMessages (O03, O04), ClearDisplayMessage (O05), and what the display shows now.

export { DisplayMessages, MESSAGE_STATES, PERSONAL_MESSAGE_MS, type DisplayMessagesDeps, type ShownMessage } from './display-messages.js';
export { decideSet, sameDisplay, setDisplayMessage, type SetDecision, type SetRules } from './set-display-message.js';
export { afterGetDisplayMessages, getDisplayMessages, matches, notifyParts, type NotifyLimits } from './get-display-messages.js';
export { clearDisplayMessage } from './clear-display-message.js';
export { displayMessageBlock } from './block.js';
