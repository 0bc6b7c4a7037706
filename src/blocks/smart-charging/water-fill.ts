// K04 sharing, pure: the station maximum water-filled among the EVSEs that share it, each capped
// by its own limit, and K04.FR.04's pause for one that the sharing would push below its minimum.

/** Plain water-filling, every share in one pass: each gets an equal part of what is left; one whose cap is lower gets its cap. */
function fill(maxW: number, caps: readonly (number | null)[]): number[] {
  const order = caps.map((cap, i) => ({ cap: cap ?? Number.POSITIVE_INFINITY, i })).sort((x, y) => x.cap - y.cap);
  const shares = new Array<number>(caps.length).fill(0);
  let left = maxW;
  for (const [k, { cap, i }] of order.entries()) {
    const fair = left / (order.length - k);
    if (cap >= fair) {
      // this one and every one after it take the fair part
      for (const rest of order.slice(k)) shares[rest.i] = fair;
      break;
    }
    shares[i] = cap;
    left -= cap;
  }
  return shares;
}

/** Rounding slack: a share equal to the minimum is not below it. */
const EPSILON_W = 1e-6;

/**
 * `maxW` shared among the EVSEs whose own limits are `caps` (null: none): each gets an equal part
 * of what is left, and one whose cap is lower gets its cap and leaves the rest to the others.
 * Returns the share of the EVSE at `index`.
 *
 * K04.FR.04 (MAY), with `mins` (W, per EVSE): an EVSE that the sharing would push below its
 * minimum — below what it charges efficiently, and below its own cap (a limit the CSMS set lower
 * is the CSMS's choice, not the sharing's) — pauses with 0 instead of trickling, and its part goes
 * to the others. When several are below, the last in `caps` order (the highest EVSE id) pauses
 * first and the shares are computed again. A min of null marks a suspended EV: it draws nothing,
 * is never paused, and pausing another would only feed its reserve; so an EVSE pauses only for
 * another one that draws, and one left alone keeps what there is.
 */
export function waterFill(maxW: number, caps: readonly (number | null)[], index: number, mins: readonly (number | null)[] = []): number {
  const active = caps.map((_, i) => i);
  for (;;) {
    const shares = fill(
      maxW,
      active.map((j) => caps[j] ?? null),
    );
    const shareOf = (i: number): number => shares[active.indexOf(i)] ?? 0;
    const below = active.filter((i) => {
      const share = shareOf(i);
      return share + EPSILON_W < (mins[i] ?? 0) && share + EPSILON_W < (caps[i] ?? Number.POSITIVE_INFINITY);
    });
    const drawing = active.filter((i) => mins[i] !== null).length;
    if (below.length === 0 || drawing < 2) return active.includes(index) ? shareOf(index) : 0;
    active.splice(active.indexOf(below.at(-1)!), 1);
  }
}
