// D02 Get Local List Version.

import type { GetLocalListVersionResponse } from '../../generated/ocpp201/index.js';
import type { LocalAuthList } from './local-auth-list.js';

export function getLocalListVersion(list: LocalAuthList): GetLocalListVersionResponse {
  // D02.FR.03: 0 while LocalAuthListCtrlr.Enabled is not true.
  if (!list.enabled()) return { versionNumber: 0 };
  // D02.FR.01; D02.FR.02: 0 until the CSMS sends a list. An emptied list keeps its version.
  return { versionNumber: list.version };
}
