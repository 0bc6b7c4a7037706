// K. Smart charging: SetChargingProfile (K01), the limits applied to each EVSE (K02, K04),
// RequestStartTransaction's TxProfile (K05), GetCompositeSchedule (K08), GetChargingProfiles with
// ReportChargingProfiles (K09), ClearChargingProfile (K10).

export { SmartCharging, type SmartChargingDeps } from './smart-charging.js';
export { setChargingProfile } from './set-charging-profile.js';
export { clearChargingProfile, profilesToClear } from './clear-charging-profile.js';
export { afterGetChargingProfiles, getChargingProfiles, matchingProfiles, reportParts } from './get-charging-profiles.js';
export { getCompositeSchedule } from './get-composite-schedule.js';
export { activeAt, compositePeriods, limitAt, NOMINAL_VOLTAGE_V, type InstalledProfile } from './composite-schedule.js';
export { decideSet, type SetDecision, type SetRules } from './profile-rules.js';
export { smartChargingBlock } from './block.js';
