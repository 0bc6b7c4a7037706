// B09/B10 network connection profiles: the connectionData of each configuration slot, kept in
// station_state, and the order the link tries them in. Slot 0 without a stored profile is the
// CSMS given on the command line. NetworkConfigurationPriority and the profiles are read once,
// when the station starts: a change applies after a reboot (B09 remark, B10.FR.04).
//
//   slot i: NetworkProfileConnectionAttempts failed attempts ──> slot i+1 ──> ... every slot of the
//   list failed ──> the slot of the last successful connection, NetworkProfileConnectionAttempts
//   more (B10.FR.07) ──> the first slot of the list again (B10.FR.08; B10.FR.09: never stop trying)

import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { NetworkConnectionProfileType } from '../../generated/ocpp201/index.js';
import type { DeviceModel } from '../../device-model/device-model.js';
import { parsePath } from '../../device-model/path.js';
import { splitList } from '../../device-model/value-check.js';
import type { StationState } from '../../store/station-state.js';
import { LazySet } from '../../collections/lazy.js';

const profileKey = (slot: number): string => `networkProfile:${slot}`;

/** The slot whose connection settings come from the command line when it has no stored profile. */
export const COMMAND_LINE_SLOT = 0;

export function storedProfile(state: StationState, slot: number): NetworkConnectionProfileType | undefined {
  return state.get<NetworkConnectionProfileType>(profileKey(slot));
}

export function storeProfile(state: StationState, slot: number, profile: NetworkConnectionProfileType): void {
  const { customData: _customData, ...plain } = profile;
  state.set(profileKey(slot), plain);
}

/** The slots the station may be given (B09.FR.05): the valuesList of NetworkConfigurationPriority. */
export function allowedSlots(dm: DeviceModel): number[] {
  const [priority] = dm.customReport(undefined, [parsePath(DM.OCPPCommCtrlr.NetworkConfigurationPriority)]);
  return splitList(priority?.variableCharacteristics?.valuesList ?? '').map(Number);
}

/** The priority list as a list of slot numbers. */
export function prioritySlots(dm: DeviceModel): number[] {
  return dm
    .getList(DM.OCPPCommCtrlr.NetworkConfigurationPriority)
    .map(Number)
    .filter((slot) => Number.isInteger(slot));
}

/** A slot that has something to connect with: a stored profile, or the command line. */
export function usableSlot(state: StationState, slot: number): boolean {
  return slot === COMMAND_LINE_SLOT || storedProfile(state, slot) !== undefined;
}

export interface ConnectionSlot {
  slot: number;
  /** undefined: the command-line CSMS. */
  profile?: NetworkConnectionProfileType;
}

/** B10.FR.03/04: the slots to connect with, in priority order, starting at the first. */
export class SlotRotation {
  private readonly slots: ConnectionSlot[];
  private index = 0;
  private failures = 0;
  /** Slots whose attempts all failed since the last connection. */
  private readonly failedSlots = new LazySet<number>();
  /** Index of the slot of the last successful connection; -1 when it is not in the list. */
  private lastSuccessful: number;
  /** Trying the slot of the last successful connection after every slot failed (B10.FR.07). */
  private fallingBack = false;

  constructor(
    dm: DeviceModel,
    state: StationState,
    private readonly attemptsPerSlot: () => number,
  ) {
    this.slots = prioritySlots(dm)
      .filter((slot) => usableSlot(state, slot))
      .map((slot) => {
        const profile = storedProfile(state, slot);
        return profile ? { slot, profile } : { slot };
      });
    if (this.slots.length === 0) this.slots.push({ slot: COMMAND_LINE_SLOT });
    // Set by the link on every connection and kept across restarts: the last one that worked.
    const active = dm.getInt(DM.OCPPCommCtrlr.ActiveNetworkProfile);
    this.lastSuccessful = this.slots.findIndex((s) => s.slot === active);
  }

  get current(): ConnectionSlot {
    return this.slots[this.index]!;
  }

  /** Counts a failed attempt; true when that moved the link on to another slot. */
  failed(): boolean {
    this.failures += 1;
    if (this.failures < Math.max(1, this.attemptsPerSlot()) || this.slots.length < 2) return false;
    this.failures = 0;
    const before = this.index;
    this.failedSlots.add(this.current.slot);
    if (this.fallingBack) {
      // B10.FR.08: the fallback failed too; all entries of the priority again, from the first.
      this.fallingBack = false;
      this.failedSlots.clear();
      this.index = 0;
    } else if (this.failedSlots.size >= this.slots.length && this.lastSuccessful >= 0) {
      // B10.FR.07: every entry failed; back to the profile of the last successful connection.
      this.fallingBack = true;
      this.failedSlots.clear();
      this.index = this.lastSuccessful;
    } else {
      this.index = (this.index + 1) % this.slots.length;
    }
    return this.index !== before;
  }

  /** Connected: the count starts over, on the slot that worked, which is the last successful now. */
  opened(): void {
    this.failures = 0;
    this.failedSlots.clear();
    this.fallingBack = false;
    this.lastSuccessful = this.index;
  }
}

/** The security profile of the connection in use (B09.FR.04): its stored profile's, else SecurityCtrlr's. */
export function activeSecurityProfile(dm: DeviceModel, state: StationState): number {
  const active = dm.getInt(DM.OCPPCommCtrlr.ActiveNetworkProfile);
  const fromProfile = active === undefined ? undefined : storedProfile(state, active)?.securityProfile;
  return Math.max(fromProfile ?? 0, dm.getInt(DM.SecurityCtrlr.SecurityProfile) ?? 0);
}
