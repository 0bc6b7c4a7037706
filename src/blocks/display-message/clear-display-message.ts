// O05 Clear a DisplayMessage: Accepted when a message with the id was configured and is now
// removed (O05.FR.01), Unknown otherwise (O05.FR.02).

import type { ClearDisplayMessageRequest, ClearDisplayMessageResponse } from '../../generated/ocpp201/index.js';
import type { DisplayMessages } from './display-messages.js';

export function clearDisplayMessage(request: ClearDisplayMessageRequest, messages: DisplayMessages): ClearDisplayMessageResponse {
  return { status: messages.clear(request.id) ? 'Accepted' : 'Unknown' };
}
