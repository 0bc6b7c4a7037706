// B. Provisioning: boot and heartbeat (B01-B04), the device model over OCPP (B05-B08), network
// connection profiles (B09/B10) and Reset (B11/B12).

export { BOOT_REASON_KEY, Boot } from './boot.js';
export { Heartbeat } from './heartbeat.js';
export { getVariables } from './get-variables.js';
export { afterSetVariables, setVariables } from './set-variables.js';
export { afterGetBaseReport, getBaseReport } from './get-base-report.js';
export { afterGetReport, getReport } from './get-report.js';
export { setNetworkProfile } from './set-network-profile.js';
export { Resets } from './reset.js';
export { checkLimits, type MessageLimits } from './message-limits.js';
export { provisioningBlock } from './block.js';
export { SlotRotation } from './network-profiles.js';
export { adoptConnectedProfile, priorityUpgradeProblem, type UpgradeCertificates } from './set-network-profile.js';
