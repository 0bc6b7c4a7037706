// G. Availability: connector status (G01), ChangeAvailability (G03/G04), and the connector lock
// (F05 UnlockConnector lives here because only the lock's owner may release it).

export { Connectors } from './connectors.js';
export { changeAvailability } from './change-availability.js';
export { unlockConnector } from './unlock-connector.js';
export { connectorStatus, type ConnectorFacts } from './connector-state.js';
export { availabilityBlock } from './block.js';
