// K03: how a Local Controller shares its group limit among the EVSEs with a transaction. Pure.
//
//   K03.FR.04  the highest chargingPriority first: its transactions get what they can use, even if
//              the others get less or nothing; the next priority shares what is left, and so on.
//   K03.FR.06  a transaction without a known chargingPriority counts as 0.
//   otherwise  equal shares (water-filling): an EVSE known to use less than its share (its demand)
//              gets its demand, and what it leaves goes to the others of its priority.
//   K03.FR.07  an EVSE with a minimum (the minChargingRate of its schedule) gets at least that or
//              nothing, since charging below it is inefficient. When its priority's share cannot
//              give each of them its minimum, the one with the highest minimum is suspended (0) and
//              the others share again, until every one left gets its minimum: as many charge as
//              the power allows, and what the suspended ones would have had goes to the others.

export interface Claim {
  key: string;
  /** chargingPriority of the transaction (−9..9); higher goes first. */
  priority: number;
  /** What the EVSE is known to use at most, W; Infinity when unknown. */
  demandW: number;
  /** K03.FR.07: the least worth giving it, W; below it the EVSE gets 0. None: any share will do. */
  minW?: number;
}

/** Each claim's share of `limitW`, whole watts; together never more than `limitW`; each 0 or at least its minW. */
export function distribute(limitW: number, claims: readonly Claim[]): Map<string, number> {
  const shares = new Map<string, number>();
  let left = Math.max(0, Math.floor(limitW));
  const priorities = [...new Set(claims.map((c) => c.priority))].sort((a, b) => b - a);
  for (const priority of priorities) {
    const tier = claims.filter((c) => c.priority === priority);
    // Highest minimum first, so that the suspended ones are taken from the front (ties: by key).
    const charging = [...tier].sort((a, b) => minimumOf(b) - minimumOf(a) || (a.key < b.key ? 1 : -1));
    let given = fill(left, charging);
    while (charging.some((c) => given.get(c.key)! < minimumOf(c))) {
      charging.shift();
      given = fill(left, charging);
    }
    for (const claim of tier) {
      const share = given.get(claim.key) ?? 0;
      shares.set(claim.key, share);
      left -= share;
    }
  }
  return shares;
}

/** The minimum in the whole watts a share is counted in. */
function minimumOf(claim: Claim): number {
  return claim.minW === undefined || !(claim.minW > 0) ? 0 : Math.ceil(claim.minW);
}

/** Water-filling of `availableW` among `claims` of one priority. */
function fill(availableW: number, claims: readonly Claim[]): Map<string, number> {
  const shares = new Map<string, number>();
  let left = availableW;
  // An EVSE that uses less than its minimum is still given its minimum: the least it is worth charging at.
  const cap = (c: Claim) => Math.max(0, c.demandW, minimumOf(c));
  const byCap = [...claims].sort((a, b) => cap(a) - cap(b) || (a.key < b.key ? -1 : 1));
  for (const [index, claim] of byCap.entries()) {
    // Equal parts of what is left; one that needs less takes its demand and leaves the rest.
    const share = Math.floor(Math.min(cap(claim), left / (byCap.length - index)));
    shares.set(claim.key, share);
    left -= share;
  }
  return shares;
}
