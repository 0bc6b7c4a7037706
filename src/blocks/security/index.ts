// A. Security: security events (A04). Profiles 1-3 themselves live in the link (rpc/connection.ts).

export { SecurityEvents, isCritical } from './security-events.js';
export { securityBlock } from './block.js';
