// What a DC EV's battery lets through, as a function of its state of charge: the EV takes its
// full power up to the knee, then the battery management tapers the current (the constant-voltage
// phase of CC/CV) linearly down to a trickle at 100 %; the pack voltage rises with SoC across
// the range of a 400 V pack. Pure functions of SoC, so that tests can walk the curve.

/** Full power up to this SoC, %; above it the current tapers. */
export const TAPER_KNEE_PERCENT = 80;
/** What is left of the EV's power at 100 %, as a share of it. */
export const TAPER_FLOOR_SHARE = 0.05;
/** Pack voltage of a 400 V battery, empty and full, V. */
export const PACK_EMPTY_V = 350;
export const PACK_FULL_V = 420;
/** What the EV's battery is taken to accept without an EV maximum: that of a 400 V pack. */
const DEFAULT_EV_DC_W = 150_000;

/** The most the battery accepts at `socPercent`, W, out of the EV's maximum `evMaxW`. */
export function taperW(socPercent: number | undefined, evMaxW: number): number {
  const full = Number.isFinite(evMaxW) ? evMaxW : DEFAULT_EV_DC_W;
  if (socPercent === undefined || socPercent <= TAPER_KNEE_PERCENT) return full;
  const past = Math.min(1, (socPercent - TAPER_KNEE_PERCENT) / (100 - TAPER_KNEE_PERCENT));
  return full * (1 - past * (1 - TAPER_FLOOR_SHARE));
}

/** The pack voltage at `socPercent`, V; mid-range for an EV that reports no SoC. */
export function packVoltageV(socPercent: number | undefined): number {
  const soc = socPercent ?? 50;
  return PACK_EMPTY_V + ((PACK_FULL_V - PACK_EMPTY_V) * Math.min(100, Math.max(0, soc))) / 100;
}
