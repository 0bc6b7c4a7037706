// From a hardware meter reading to OCPP SampledValues (Part 2 SampledValueType, MeasurandEnumType,
// PhaseEnumType, units of measure appendix). Pure: the block adds the timestamp and the EVSE.
//
//   measurand                       phase            location  unit
//   Energy.Active.Import.Register   (total)          Outlet    Wh
//   Power.Active.Import             (total)          Outlet    W
//   Power.Offered                   (total)          Outlet    W
//   Current.Import                  L1, L2, L3       Outlet    A
//   Current.Offered                 (per phase, one) Outlet    A
//   Voltage                         L1-N, L2-N, L3-N Outlet    V
//   SoC                             (none)           EV        Percent   only while the EV reports it
//
// A DC meter has no phases: Current.Import and Voltage are one value each, without a phase.
//
// Every optional field is written out, although the spec gives defaults for some (measurand
// Energy.Active.Import.Register, unit Wh for energy, location Outlet, context Sample.Periodic):
// the value then reads the same to every CSMS, and the bytes saved are few.

import type {
  LocationEnumType,
  MeasurandEnumType,
  PhaseEnumType,
  ReadingContextEnumType,
  SampledValueType,
} from '../../generated/ocpp201/index.js';
import type { MeterReading } from '../../hal/hardware.js';

/**
 * The measurands a MeterReading supplies: the valuesList of the measurand variables of
 * SampledDataCtrlr and AlignedDataCtrlr (device-model/components) must not name others, so that
 * SetVariables of any other measurand is Rejected (B05.FR.07).
 */
export const SUPPORTED_MEASURANDS = [
  'Current.Import',
  'Current.Offered',
  'Energy.Active.Import.Register',
  'Power.Active.Import',
  'Power.Offered',
  'SoC',
  'Voltage',
] as const satisfies readonly MeasurandEnumType[];

export type SupportedMeasurand = (typeof SUPPORTED_MEASURANDS)[number];

export function isSupportedMeasurand(name: string): name is SupportedMeasurand {
  return (SUPPORTED_MEASURANDS as readonly string[]).includes(name);
}

// L1 first, as MeterReading's per-phase arrays are.
const CURRENT_PHASES: readonly PhaseEnumType[] = ['L1', 'L2', 'L3'];
// MeterReading.voltageV is line to neutral.
const VOLTAGE_PHASES: readonly PhaseEnumType[] = ['L1-N', 'L2-N', 'L3-N'];

/**
 * SampledValues of `reading` for each supported measurand in `measurands`, in that order, in
 * `context`. Unsupported or repeated names are skipped; SoC is left out while the EV does not
 * report it, so the result may be empty. `minEnergyWh` is the register value last reported for
 * this meter: the register is never reported below it, nor below zero (J02.FR.16).
 */
export function toSampledValues(
  reading: MeterReading,
  measurands: readonly string[],
  context: ReadingContextEnumType,
  minEnergyWh = 0,
): SampledValueType[] {
  const out: SampledValueType[] = [];
  const add = (
    measurand: SupportedMeasurand,
    value: number,
    unit: string,
    decimals: number,
    extra: { phase?: PhaseEnumType; location?: LocationEnumType } = {},
  ) => {
    if (!Number.isFinite(value)) return;
    out.push({
      value: round(value, decimals),
      context,
      measurand,
      ...(extra.phase ? { phase: extra.phase } : {}),
      location: extra.location ?? 'Outlet',
      unitOfMeasure: { unit },
    });
  };
  const phases = Math.min(reading.phases, 3);
  for (const measurand of new Set(measurands)) {
    if (!isSupportedMeasurand(measurand)) continue;
    switch (measurand) {
      case 'Energy.Active.Import.Register':
        // The meter has one register over all phases; reported as is, never rebased (J02.FR.17).
        add(measurand, Math.max(reading.energyWh, minEnergyWh, 0), 'Wh', 1);
        break;
      case 'Power.Active.Import':
        add(measurand, reading.powerW, 'W', 0);
        break;
      case 'Power.Offered':
        add(measurand, reading.offeredW, 'W', 0);
        break;
      case 'Current.Import':
        if (reading.dc) add(measurand, reading.currentA[0] ?? NaN, 'A', 2);
        // J01.FR.10/11, §2.3: one value per phase the EVSE is wired to.
        else for (let i = 0; i < phases; i++) add(measurand, reading.currentA[i] ?? NaN, 'A', 2, { phase: CURRENT_PHASES[i]! });
        break;
      case 'Current.Offered':
        // The limit is the same on every phase: one value, the current per phase.
        add(measurand, reading.offeredA, 'A', 1);
        break;
      case 'Voltage':
        if (reading.dc) add(measurand, reading.voltageV[0] ?? NaN, 'V', 1);
        else for (let i = 0; i < phases; i++) add(measurand, reading.voltageV[i] ?? NaN, 'V', 1, { phase: VOLTAGE_PHASES[i]! });
        break;
      case 'SoC':
        // Errata 6.2.58: location EV only for SoC.
        if (reading.socPercent !== undefined) add(measurand, reading.socPercent, 'Percent', 1, { location: 'EV' });
        break;
      default:
        measurand satisfies never;
    }
  }
  return out;
}

/** Rounds half away from zero to `decimals` places; never -0. */
function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  const r = (Math.sign(value) * Math.round(Math.abs(value) * f)) / f;
  return r === 0 ? 0 : r;
}
