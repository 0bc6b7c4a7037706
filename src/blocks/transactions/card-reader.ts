// E02/E03/E07, C09, H03: a token presented at the station (the HAL's card reader). In order:
//
//   the owner of a cable held after a DeAuthorized end        -> release the lock (E05.FR.11)
//   a token that may stop an authorization (same, group, master) -> StopAuthorized (E07.FR.01);
//                                                                 a master pass ends them all (C16.FR.02)
//   a free EVSE for it (named, with a cable, or the only one)  -> Authorize, then authorize it
//   several free EVSEs, none with a cable                       -> Authorize, then wait for a cable
//                                                                 at most EVConnectionTimeOut (C01.FR.26)
//   otherwise (busy, may not stop: E07.FR.01/C09.FR.03)        -> nothing
//
// "Free" skips EVSEs reserved for another token (H03) and cables held for their owner (E05.FR.11).

import type { IdTokenType } from '../../generated/ocpp201/index.js';
import type { StationContext } from '../../kernel/context.js';
import { tokensEqual } from '../authorization/index.js';
import type { Authorizer } from '../authorization/index.js';
import type { Connectors } from '../availability/index.js';
import type { Reservations } from '../reservation/index.js';
import type { Authorization, Cause, EvseState } from './transaction-types.js';
import type { TransactionTimers } from './transaction-timers.js';

/** What the reader needs of the transaction engine. */
export interface CardEngine {
  readonly ctx: StationContext;
  readonly connectors: Connectors;
  readonly authorizer: Authorizer;
  readonly reservations: Pick<Reservations, 'match'>;
  readonly timers: TransactionTimers;
  evseIds(): number[];
  state(evseId: number): EvseState | undefined;
  /** A cable is plugged on the EVSE now. */
  plugged(evseId: number): boolean;
  step(evseId: number, cause: Cause): void;
  /** Authorizes unless another token's reservation holds the EVSE (H03); false: nothing changed. */
  grant(evseId: number, auth: Authorization): boolean;
  /** The token was not accepted for the EVSE: its EV is told (C01, AuthorizationRes). */
  refused(evseId: number): void;
  stopped(): boolean;
}

export class CardReader {
  /** A token accepted for no EVSE in particular, waiting for a cable (several free EVSEs, none plugged). */
  private waiting: Authorization | null = null;

  constructor(private readonly engine: CardEngine) {}

  async present(idToken: IdTokenType, evseId?: number): Promise<void> {
    const { engine } = this;
    const mine = (id: number): boolean => evseId === undefined || id === evseId;
    // E05.FR.11: the owner of a cable held after a DeAuthorized end gets it back.
    const held = engine.evseIds().find((id) => mine(id) && sameToken(engine.state(id)?.cableHeldFor, idToken));
    if (held !== undefined) {
      engine.step(held, { kind: 'release' });
      return;
    }
    for (const id of engine.evseIds().filter((id) => mine(id) && engine.state(id)?.auth)) {
      const auth = engine.state(id)!.auth!;
      const started = { idToken: auth.idToken, ...(auth.groupIdToken ? { groupIdToken: auth.groupIdToken } : {}) };
      // E07.FR.01: the same token, or one of the same group (or a master pass), ends the authorization.
      const right = await engine.authorizer.stopRight(started, idToken);
      if (right === 'masterPass') {
        this.masterPassStop(idToken);
        return;
      }
      if (right) {
        engine.step(id, { kind: 'stopAuthorized', idToken });
        return;
      }
    }
    const free = this.freeEvses(idToken);
    const target = evseId ?? free.find((id) => engine.plugged(id)) ?? (free.length === 1 ? free[0] : undefined);
    if (target !== undefined && (engine.state(target)?.auth || !engine.connectors.isOperative(target))) return;
    // E07.FR.01/C09.FR.03: a card that may not stop and finds no free EVSE is not kept for later.
    if (target === undefined && free.length < 2) return;
    const result = await engine.authorizer.authorize({ idToken, ...(target !== undefined ? { evseId: target } : {}) });
    // A Master Pass at the reader of a free EVSE may not start (C16.FR.03), but it stops the others.
    if (result.masterPass) {
      this.masterPassStop(idToken);
      return;
    }
    // E02.FR.20: a token that is not accepted changes nothing, and nothing is sent.
    if (engine.stopped()) return;
    if (result.status !== 'Accepted') {
      if (target !== undefined) engine.refused(target);
      return;
    }
    const { groupIdToken } = result.info;
    const auth: Authorization = { idToken, at: engine.ctx.now().toISOString(), reported: false, ...(groupIdToken ? { groupIdToken } : {}) };
    if (target !== undefined) {
      engine.grant(target, auth);
      return;
    }
    this.waiting = auth;
    // C01.FR.26/E03.FR.05: no cable within EVConnectionTimeOut ends the authorization.
    engine.timers.waitForCable(() => (this.waiting = null));
  }

  /**
   * C16.FR.02: the station has no Master Pass UI, so every ongoing authorization ends, on whichever
   * EVSE, with stoppedReason MasterPass (C16.FR.07).
   */
  private masterPassStop(idToken: IdTokenType): void {
    for (const id of this.engine.evseIds().filter((e) => this.engine.state(e)?.auth)) {
      this.engine.step(id, { kind: 'stopAuthorized', idToken, masterPass: true });
    }
  }

  /** A cable was plugged: a waiting token takes that EVSE, unless it is reserved for another (H03). */
  plugged(evseId: number): void {
    if (!this.waiting || this.engine.state(evseId)?.auth) return;
    if (!this.engine.grant(evseId, this.waiting)) return;
    this.waiting = null;
    this.engine.timers.cancelWaiting();
  }

  /** EVSEs not authorized, operative, not held for another token (E05.FR.11) nor reserved for one (H03). */
  private freeEvses(idToken: IdTokenType): number[] {
    const { engine } = this;
    return engine.evseIds().filter((id) => {
      const state = engine.state(id);
      return (
        !state?.auth && !state?.cableHeldFor && engine.connectors.isOperative(id) && engine.reservations.match(id, idToken) !== 'blocks'
      );
    });
  }
}

function sameToken(a: IdTokenType | undefined, b: IdTokenType): boolean {
  return a !== undefined && tokensEqual(a, b);
}
