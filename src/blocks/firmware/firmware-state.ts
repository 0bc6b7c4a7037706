// L01/L02 firmware update as data: a pure transition from the phase the update is in and what
// just happened to the next phase, the FirmwareStatusNotifications to send (L01.FR.01, each with
// the requestId of the update, L01.FR.10/L02.FR.06) and the effects the block carries out.
//
//   phase             event                          → phase             statuses sent
//   ─────────────────────────────────────────────────────────────────────────────────────────────
//   any but Installing/InstallRebooting
//                     start (retrieveDateTime past)  → Downloading       [old: DownloadFailed|InstallationFailed] Downloading
//                     start (retrieveDateTime ahead) → DownloadScheduled [old: …] DownloadScheduled (L01.FR.13)
//   DownloadScheduled retrieveDue                    → Downloading       Downloading
//   Downloading       downloadFailed, tries left     → Downloading       — (retry after retryInterval)
//                     downloadFailed, none left      → Idle              DownloadFailed (L01.FR.30)
//                     retryDue                       → Downloading       — (download again)
//                     downloaded, invalid            → Idle              Downloaded InvalidSignature (L01.FR.03)
//                     downloaded, verified           → Installing        Downloaded SignatureVerified Installing
//                                   or, not yet installable → InstallScheduled … InstallScheduled (L01.FR.16/34)
//                     downloaded, unsigned (L02)     → as verified, without SignatureVerified
//   InstallScheduled  installable                    → Installing        Installing (L01.FR.05)
//   Installing        installed                      → InstallRebooting  InstallRebooting (L01.FR.15/32a)
//                     installFailed                  → Idle              InstallationFailed
//   InstallRebooting  booted                         → Idle              Installed (L01.FR.28/32a) + FirmwareUpdated (L01.FR.31)
//   Installing        booted (install cut off)       → Idle              InstallationFailed
//   Downloading, InstallScheduled
//                     booted (image lost)            → Downloading       Downloading (download again)
//   DownloadScheduled booted                         → DownloadScheduled — (wait again)
// Every other (phase, event) pair changes nothing.

import type { FirmwareStatusEnumType } from '../../generated/ocpp201/index.js';

export type ActivePhase = 'DownloadScheduled' | 'Downloading' | 'InstallScheduled' | 'Installing' | 'InstallRebooting';
export type Phase = 'Idle' | ActivePhase;
export const PHASES: readonly Phase[] = ['Idle', 'DownloadScheduled', 'Downloading', 'InstallScheduled', 'Installing', 'InstallRebooting'];

export type FirmwareState =
  | { phase: 'Idle' }
  | {
      phase: ActivePhase;
      requestId: number;
      /** Download attempt under way, from 1. */
      attempt: number;
      /** Download attempts allowed: 1 + retries. */
      attempts: number;
      /** The last status sent for this update (F06.FR.16 trigger). */
      status: FirmwareStatusEnumType;
    };

/** What the signature check of the downloaded image found (L01.FR.04/12); unsigned: L02. */
export type Verdict = 'verified' | 'invalid' | 'unsigned';

export type FirmwareEvent =
  | { type: 'start'; requestId: number; attempts: number; retrieveDue: boolean }
  | { type: 'retrieveDue' }
  | { type: 'downloadFailed' }
  | { type: 'retryDue' }
  /** `installable`: installDateTime passed (or absent) and no transaction runs. */
  | { type: 'downloaded'; verdict: Verdict; installable: boolean }
  | { type: 'installable' }
  | { type: 'installed' }
  | { type: 'installFailed' }
  /** The station software started with this state persisted. */
  | { type: 'booted' };
export const EVENT_TYPES: readonly FirmwareEvent['type'][] = [
  'start',
  'retrieveDue',
  'downloadFailed',
  'retryDue',
  'downloaded',
  'installable',
  'installed',
  'installFailed',
  'booted',
];

export type Effect =
  | 'download'
  | 'retryLater'
  | 'waitRetrieve'
  | 'waitInstall'
  | 'install'
  | 'reboot'
  | 'securityEvent:InvalidFirmwareSignature'
  | 'securityEvent:FirmwareUpdated';

export interface Notification {
  status: FirmwareStatusEnumType;
  requestId: number;
}

export interface Step {
  state: FirmwareState;
  notify: Notification[];
  effects: Effect[];
}

export const IDLE: FirmwareState = { phase: 'Idle' };

/** L01.FR.24/L02.FR.15: a new request cancels the running one, unless its install has begun (L01.FR.27). */
export const cancelable = (state: FirmwareState): boolean => state.phase !== 'Installing' && state.phase !== 'InstallRebooting';

export function transition(state: FirmwareState, event: FirmwareEvent): Step {
  const none: Step = { state, notify: [], effects: [] };
  if (event.type === 'start') {
    if (!cancelable(state)) return none;
    const canceled = cancelNotice(state);
    const base = { requestId: event.requestId, attempt: 1, attempts: Math.max(1, event.attempts) };
    const next = event.retrieveDue
      ? enter({ ...base, phase: 'Downloading', status: 'Downloading' }, ['Downloading'], ['download'])
      : enter({ ...base, phase: 'DownloadScheduled', status: 'DownloadScheduled' }, ['DownloadScheduled'], ['waitRetrieve']);
    return { ...next, notify: [...canceled, ...next.notify] };
  }
  if (state.phase === 'Idle') return none;
  const s = state;
  const go = (phase: Phase, statuses: FirmwareStatusEnumType[], effects: Effect[] = []): Step =>
    phase === 'Idle'
      ? { state: IDLE, notify: statuses.map((status) => ({ status, requestId: s.requestId })), effects }
      : enter({ ...s, phase, status: statuses.at(-1) ?? s.status }, statuses, effects);
  switch (s.phase) {
    case 'DownloadScheduled':
      if (event.type === 'retrieveDue') return go('Downloading', ['Downloading'], ['download']);
      if (event.type === 'booted') return go('DownloadScheduled', [], ['waitRetrieve']);
      return none;
    case 'Downloading':
      if (event.type === 'retryDue') return go('Downloading', [], ['download']);
      if (event.type === 'downloadFailed') {
        if (s.attempt < s.attempts) return { ...go('Downloading', [], ['retryLater']), state: { ...s, attempt: s.attempt + 1 } };
        return go('Idle', ['DownloadFailed']); // L01.FR.30
      }
      if (event.type === 'downloaded') {
        if (event.verdict === 'invalid') return go('Idle', ['Downloaded', 'InvalidSignature'], ['securityEvent:InvalidFirmwareSignature']);
        const checked: FirmwareStatusEnumType[] = event.verdict === 'verified' ? ['Downloaded', 'SignatureVerified'] : ['Downloaded'];
        if (event.installable) return go('Installing', [...checked, 'Installing'], ['install']); // L01.FR.05
        return go('InstallScheduled', [...checked, 'InstallScheduled'], ['waitInstall']); // L01.FR.06/16/34
      }
      if (event.type === 'booted') return { ...go('Downloading', ['Downloading'], ['download']), state: { ...s, attempt: 1 } };
      return none;
    case 'InstallScheduled':
      if (event.type === 'installable') return go('Installing', ['Installing'], ['install']);
      if (event.type === 'booted')
        return {
          ...go('Downloading', ['Downloading'], ['download']),
          state: { ...s, phase: 'Downloading', status: 'Downloading', attempt: 1 },
        }; // image lost
      return none;
    case 'Installing':
      if (event.type === 'installed') return go('InstallRebooting', ['InstallRebooting'], ['reboot']); // L01.FR.15, L01.FR.32 (a)
      if (event.type === 'installFailed' || event.type === 'booted') return go('Idle', ['InstallationFailed']);
      return none;
    case 'InstallRebooting':
      // L01.FR.28/32 (a): Installed is sent by the new firmware, after the reboot; L01.FR.31.
      if (event.type === 'booted') return go('Idle', ['Installed'], ['securityEvent:FirmwareUpdated']);
      return none;
    default:
      throw new Error(`unknown phase ${s.phase satisfies never}`);
  }
}

function enter(state: FirmwareState & { phase: ActivePhase }, statuses: FirmwareStatusEnumType[], effects: Effect[]): Step {
  return { state, notify: statuses.map((status) => ({ status, requestId: state.requestId })), effects };
}

/** Errata 2025-09 (TC_L_10): the canceled update may report DownloadFailed or InstallationFailed. */
function cancelNotice(state: FirmwareState): Notification[] {
  if (state.phase === 'Idle') return [];
  const status = state.phase === 'InstallScheduled' ? 'InstallationFailed' : 'DownloadFailed';
  return [{ status, requestId: state.requestId }];
}

/** F06.FR.16: Idle when no update runs (also after Installed, L01.FR.25); else the last status sent (L01.FR.26). */
export function triggered(state: FirmwareState): { status: FirmwareStatusEnumType; requestId?: number } {
  return state.phase === 'Idle' ? { status: 'Idle' } : { status: state.status, requestId: state.requestId };
}
