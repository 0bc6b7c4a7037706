// K. Smart charging as a block: Set/Get/ClearChargingProfile, GetCompositeSchedule, its rule
// on remote starts (K05), and ISO 15118 charging needs and schedules (K15–K17, iso15118-charging.ts).

import { defineBlock, type Routes } from '../../kernel/block.js';
import type { Transactions } from '../transactions/index.js';
import { clearChargingProfile } from './clear-charging-profile.js';
import { afterGetChargingProfiles, getChargingProfiles } from './get-charging-profiles.js';
import { getCompositeSchedule } from './get-composite-schedule.js';
import { setChargingProfile } from './set-charging-profile.js';
import { SmartCharging } from './smart-charging.js';

export const smartChargingBlock = defineBlock({
  name: 'smartCharging',
  needs: ['transactions'],
  create(ctx, { transactions }: { transactions: Transactions }) {
    const smart = new SmartCharging(ctx, { db: ctx.db, transactions });
    return {
      api: smart,
      routes: {
        SetChargingProfile: {
          handle: (request) => setChargingProfile(request, ctx, smart),
          // K15.FR.06, K16: the new composite schedule goes to an ISO 15118 EV, after the answer.
          after: (request, response) => smart.iso.profileSet(request, response.status),
        },
        GetChargingProfiles: {
          handle: (request) => getChargingProfiles(request, smart),
          after: (request, response) => afterGetChargingProfiles(request, response, ctx, smart),
        },
        ClearChargingProfile: {
          handle: (request) => clearChargingProfile(request, smart),
          after: (_request, response) => (response.status === 'Accepted' ? smart.iso.profilesCleared() : undefined),
        },
        GetCompositeSchedule: { handle: (request) => getCompositeSchedule(request, ctx, smart) },
      } satisfies Routes,
      hooks: {
        RequestStartTransaction: [
          {
            name: 'K05 TxProfile of a remote start',
            // K05.FR.05: Rejected (InvalidProfile/InvalidSchedule) when the profile cannot be used.
            before: (request) => {
              const reasonCode = smart.checkRemoteStart(request);
              return reasonCode === undefined ? undefined : { status: 'Rejected', statusInfo: { reasonCode } };
            },
            // K05.FR.03: the accepted remote start's profile becomes its transaction's TxProfile.
            after: (request, response) => (response.status === 'Accepted' ? smart.expectTxProfile(request) : undefined),
          },
        ],
      },
      stop: () => smart.stop(),
    };
  },
});
