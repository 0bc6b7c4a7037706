// K03: how a Local Controller shares its group limit among the EVSEs with a transaction. Pure.
//
//   K03.FR.04  the highest chargingPriority first: its transactions get what they can use, even if
//              the others get less or nothing; the next priority shares what is left, and so on.
//   K03.FR.06  a transaction without a known chargingPriority counts as 0.
//   otherwise  equal shares (water-filling): an EVSE known to use less than its share (its demand)
//              gets its demand, and what it leaves goes to the others of its priority.

export interface Claim {
  key: string;
  /** chargingPriority of the transaction (−9..9); higher goes first. */
  priority: number;
  /** What the EVSE is known to use at most, W; Infinity when unknown. */
  demandW: number;
}

/** Each claim's share of `limitW`, whole watts; together never more than `limitW`. */
export function distribute(limitW: number, claims: readonly Claim[]): Map<string, number> {
  const shares = new Map<string, number>();
  let left = Math.max(0, Math.floor(limitW));
  const priorities = [...new Set(claims.map((c) => c.priority))].sort((a, b) => b - a);
  for (const priority of priorities) {
    const tier = claims.filter((c) => c.priority === priority).sort((a, b) => a.demandW - b.demandW || (a.key < b.key ? -1 : 1));
    for (const [index, claim] of tier.entries()) {
      // Equal parts of what is left; one that needs less takes its demand and leaves the rest.
      const share = Math.floor(Math.min(Math.max(0, claim.demandW), left / (tier.length - index)));
      shares.set(claim.key, share);
      left -= share;
    }
  }
  return shares;
}
