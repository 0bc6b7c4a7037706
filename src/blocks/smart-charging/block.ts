// K. Smart charging as a block: Set/Get/ClearChargingProfile, GetCompositeSchedule, its rule
// on remote starts (K05), and ISO 15118 charging needs and schedules (K15–K17, iso15118-charging.ts).

import type { RequestStartTransactionRequest, RequestStartTransactionResponse } from '../../generated/ocpp201/index.js';
import { defineBlock, type Hook, type Routes } from '../../kernel/block.js';
import type { Transactions } from '../transactions/index.js';
import { clearChargingProfile } from './clear-charging-profile.js';
import { afterGetChargingProfiles, getChargingProfiles } from './get-charging-profiles.js';
import { getCompositeSchedule } from './get-composite-schedule.js';
import { setChargingProfile } from './set-charging-profile.js';
import { SmartCharging } from './smart-charging.js';

/**
 * The block is its own API, so that a station keeps no block object beside it; its routes and
 * hook are built when the station's shared route table reads them, so that a station keeps none.
 */
class SmartChargingBlock extends SmartCharging {
  get api(): SmartCharging {
    return this;
  }

  get routes() {
    const { ctx } = this;
    return {
      SetChargingProfile: {
        handle: (request) => setChargingProfile(request, ctx, this),
        // K15.FR.06, K16: the new composite schedule goes to an ISO 15118 EV, after the answer.
        after: (request, response) => this.iso.profileSet(request, response.status),
      },
      GetChargingProfiles: {
        handle: (request) => getChargingProfiles(request, this),
        after: (request, response) => afterGetChargingProfiles(request, response, ctx, this),
      },
      ClearChargingProfile: {
        handle: (request) => clearChargingProfile(request, this),
        after: (_request, response) => (response.status === 'Accepted' ? this.iso.profilesCleared() : undefined),
      },
      GetCompositeSchedule: { handle: (request) => getCompositeSchedule(request, ctx, this) },
    } satisfies Routes;
  }

  get hooks() {
    const remoteStart: Hook<'RequestStartTransaction'> = {
      name: 'K05 TxProfile of a remote start',
      // K05.FR.05: Rejected (InvalidProfile/InvalidSchedule) when the profile cannot be used.
      before: (request: RequestStartTransactionRequest): RequestStartTransactionResponse | undefined => {
        const reasonCode = this.checkRemoteStart(request);
        return reasonCode === undefined ? undefined : { status: 'Rejected', statusInfo: { reasonCode } };
      },
      // K05.FR.03: the accepted remote start's profile becomes its transaction's TxProfile.
      after: (request, response) => (response.status === 'Accepted' ? this.expectTxProfile(request) : undefined),
    };
    return { RequestStartTransaction: [remoteStart] };
  }
}

export const smartChargingBlock = defineBlock({
  name: 'smartCharging',
  needs: ['transactions'],
  create(ctx, { transactions }: { transactions: Transactions }) {
    return new SmartChargingBlock(ctx, { db: ctx.db, transactions });
  },
});
