// Numeric ids from the CSMS (display message, reservation, charging profile and schedule ids).
// The schemas allow any integer, but a JSON number beyond 2^53 does not arrive exactly and one
// beyond 2^63 does not fit a SQLite integer: such an id is refused with InvalidValue instead of
// being stored as another id, or failing in the store.

/** Whether the station holds this id exactly (a safe integer). */
export function exactId(id: number): boolean {
  return Number.isSafeInteger(id);
}

/** The additionalInfo of a refused id. */
export function inexactIdInfo(field: string): string {
  return `${field} beyond what the station holds exactly (|id| < 2^53)`;
}
