import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChargingProfileType } from '../../generated/ocpp201/index.js';
import type { InstalledProfile } from './composite-schedule.js';
import { decideSet, type SetRules } from './profile-rules.js';

const rules: SetRules = {
  evseIds: [1, 2],
  transactionOf: (evseId) => (evseId === 1 ? 'TX1' : undefined),
  phasesOf: () => 3,
  rateUnits: ['A', 'W'],
  maxStackLevel: 10,
  maxPeriods: 3,
  maxEntries: 3,
  phaseSwitching: false,
};

const base: ChargingProfileType = {
  id: 1,
  stackLevel: 0,
  chargingProfilePurpose: 'TxDefaultProfile',
  chargingProfileKind: 'Relative',
  chargingSchedule: [{ id: 1, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 6 }] }],
};
const p = (extra: Partial<ChargingProfileType>): ChargingProfileType => ({ ...base, ...extra });
const schedule = (extra: Partial<ChargingProfileType['chargingSchedule'][0]>): ChargingProfileType['chargingSchedule'] => [
  { ...base.chargingSchedule[0], ...extra },
];

describe('K01 SetChargingProfile – what is Rejected', () => {
  const cases: [string, number, ChargingProfileType, string][] = [
    ['K01.FR.28 – an unknown EVSE', 3, base, 'UnknownEvse'],
    [
      'K01.FR.22 – ChargingStationExternalConstraints',
      0,
      p({ chargingProfilePurpose: 'ChargingStationExternalConstraints' }),
      'InvalidProfile',
    ],
    ['ChargingStationMaxProfile only on EVSE 0', 1, p({ chargingProfilePurpose: 'ChargingStationMaxProfile' }), 'InvalidProfile'],
    ['K01.FR.38 – ChargingStationMaxProfile not Relative', 0, p({ chargingProfilePurpose: 'ChargingStationMaxProfile' }), 'InvalidProfile'],
    ['K01.FR.16 – TxProfile not on EVSE 0', 0, p({ chargingProfilePurpose: 'TxProfile', transactionId: 'TX1' }), 'InvalidProfile'],
    [
      'K01.FR.09 – TxProfile without a transaction on the EVSE',
      2,
      p({ chargingProfilePurpose: 'TxProfile', transactionId: 'TX1' }),
      'TxNotFound',
    ],
    ['K01.FR.03 – TxProfile without transactionId', 1, p({ chargingProfilePurpose: 'TxProfile' }), 'TxNotFound'],
    ['K01.FR.33 – TxProfile for an unknown transaction', 1, p({ chargingProfilePurpose: 'TxProfile', transactionId: 'TX9' }), 'TxNotFound'],
    ['ProfileStackLevel bounds the stackLevel', 1, p({ stackLevel: 11 }), 'InvalidStackLevel'],
    ['validTo before validFrom', 1, p({ validFrom: '2026-01-02T00:00:00Z', validTo: '2026-01-01T00:00:00Z' }), 'InvalidProfile'],
    ['K01.FR.40 – Absolute without startSchedule', 1, p({ chargingProfileKind: 'Absolute' }), 'InvalidSchedule'],
    [
      'K01.FR.41 – Relative with startSchedule',
      1,
      p({ chargingSchedule: schedule({ startSchedule: '2026-01-01T00:00:00Z' }) }),
      'InvalidSchedule',
    ],
    [
      'Recurring without recurrencyKind',
      1,
      p({ chargingProfileKind: 'Recurring', chargingSchedule: schedule({ startSchedule: '2026-01-01T00:00:00Z' }) }),
      'InvalidSchedule',
    ],
    [
      'K01.FR.34 – more than one chargingSchedule',
      1,
      p({ chargingSchedule: [base.chargingSchedule[0], base.chargingSchedule[0]] }),
      'InvalidSchedule',
    ],
    [
      'K01.FR.31 – the first startPeriod is not 0',
      1,
      p({ chargingSchedule: schedule({ chargingSchedulePeriod: [{ startPeriod: 5, limit: 6 }] }) }),
      'InvalidSchedule',
    ],
    [
      'K01.FR.35 – startPeriods not increasing',
      1,
      p({
        chargingSchedule: schedule({
          chargingSchedulePeriod: [
            { startPeriod: 0, limit: 6 },
            { startPeriod: 0, limit: 8 },
          ],
        }),
      }),
      'InvalidSchedule',
    ],
    [
      'PeriodsPerSchedule bounds the periods',
      1,
      p({
        chargingSchedule: schedule({
          chargingSchedulePeriod: [0, 1, 2, 3].map((s) => ({ startPeriod: s, limit: 6 })) as [{ startPeriod: number; limit: number }],
        }),
      }),
      'InvalidSchedule',
    ],
    [
      'K01.FR.43 – fewer phases than wired cannot be ensured',
      1,
      p({ chargingSchedule: schedule({ chargingSchedulePeriod: [{ startPeriod: 0, limit: 6, numberPhases: 1 }] }) }),
      'InvalidSchedule',
    ],
    [
      'K01.FR.48 – phaseToUse without phase switching',
      1,
      p({ chargingSchedule: schedule({ chargingSchedulePeriod: [{ startPeriod: 0, limit: 6, numberPhases: 1, phaseToUse: 1 }] }) }),
      'InvalidSchedule',
    ],
  ];
  cases.push(
    ['an id above 2^63 (allowed by the schema) is refused, not stored as another id', 1, p({ id: 2 ** 63 }), 'InvalidValue'],
    ['a chargingSchedule id of 2^53 + 1 is refused', 1, p({ chargingSchedule: schedule({ id: 2 ** 53 + 1 }) }), 'InvalidValue'],
  );
  for (const [name, evseId, chargingProfile, reasonCode] of cases) {
    it(name, () => {
      const decision = decideSet({ evseId, chargingProfile }, [], rules);
      assert.equal(decision.status, 'Rejected');
      assert.equal(decision.status === 'Rejected' && decision.reasonCode, reasonCode);
    });
  }

  it('K01.FR.26 – a rate unit the station does not use', () => {
    const decision = decideSet({ evseId: 1, chargingProfile: base }, [], { ...rules, rateUnits: ['W'] });
    assert.equal(decision.status === 'Rejected' && decision.reasonCode, 'UnsupportedRateUnit');
  });
});

describe('K01 SetChargingProfile – what is replaced', () => {
  const installed: InstalledProfile[] = [
    { evseId: 1, profile: p({ id: 7, validTo: '2029-01-01T00:00:00Z' }) },
    { evseId: 0, profile: p({ id: 8, stackLevel: 2 }) },
  ];
  const cases: [string, number, ChargingProfileType, number[] | string][] = [
    ['K01.FR.05 – the same id is replaced', 2, p({ id: 7, stackLevel: 4 }), [7]],
    ['K01.FR.06 – the same purpose, stackLevel and EVSE is replaced', 1, p({ id: 9 }), [7]],
    ['another stackLevel stays', 1, p({ id: 9, stackLevel: 1 }), []],
    ['another EVSE stays', 2, p({ id: 9 }), []],
    ['not overlapping in validity stays', 1, p({ id: 9, validFrom: '2030-01-01T00:00:00Z' }), []],
    ['K01.FR.53 – TxDefaultProfile of that stackLevel on EVSE 0', 1, p({ id: 9, stackLevel: 2 }), 'DuplicateProfile'],
    ['K01.FR.52 – TxDefaultProfile of that stackLevel on an EVSE', 0, p({ id: 9, stackLevel: 0 }), 'DuplicateProfile'],
  ];
  for (const [name, evseId, chargingProfile, expected] of cases) {
    it(name, () => {
      const decision = decideSet({ evseId, chargingProfile }, installed, rules);
      if (typeof expected === 'string') assert.equal(decision.status === 'Rejected' && decision.reasonCode, expected);
      else assert.deepEqual(decision, { status: 'Accepted', replaces: expected });
    });
  }

  it('SmartChargingCtrlr.Entries maxLimit: no profile beyond it', () => {
    const full = [...installed, { evseId: 2, profile: p({ id: 10 }) }];
    const decision = decideSet({ evseId: 1, chargingProfile: p({ id: 11, stackLevel: 5 }) }, full, rules);
    assert.equal(decision.status === 'Rejected' && decision.reasonCode, 'MaxEntries');
  });
});
