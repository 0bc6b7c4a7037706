// L. Firmware management: UpdateFirmware (L01 secure, L02 non-secure) and the
// FirmwareStatusNotification it reports, also on TriggerMessage (F06.FR.16).
// PublishFirmware/UnpublishFirmware (L03/L04, Local Controller) are not implemented.

export { FirmwareUpdates, installedFirmwareVersion, type FirmwareDeps } from './firmware-update.js';
export { updateFirmware, afterUpdateFirmware } from './update-firmware.js';
export { firmwareBlock } from './block.js';
