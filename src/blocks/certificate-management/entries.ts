// SecurityCtrlr.CertificateEntries: its Actual value is the number of installed certificates,
// its maxLimit how many the store takes (M05.FR.06).

import type { DeviceModel } from '../../device-model/device-model.js';
import { parsePath } from '../../device-model/path.js';
import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { CertificateStore } from './certificate-store.js';

export function certificateLimit(dm: DeviceModel): number | undefined {
  const [entries] = dm.customReport(undefined, [parsePath(DM.SecurityCtrlr.CertificateEntries)]);
  return entries?.variableCharacteristics?.maxLimit;
}

export function reportCount(dm: DeviceModel, store: CertificateStore): void {
  dm.set(DM.SecurityCtrlr.CertificateEntries, String(store.count()));
}
