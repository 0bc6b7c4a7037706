// The validator over the unmodified official schemas: each ajv failure maps to the Part 4 code
// decided for the project, on real payloads of several actions.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { ACTIONS } from '../generated/ocpp201/index.js';
import { RPC_ERROR_CODES, OcppError } from './errors.js';
import { SCHEMA_DIR, precompileAll, validatePayload, type PayloadKind } from './validator.js';

const now = '2026-01-01T12:00:00Z';

const component = { name: 'OCPPCommCtrlr' };
const variable = { name: 'HeartbeatInterval' };
const idToken = { idToken: 'TAG-0001', type: 'ISO14443' };

/** Valid requests, as a peer would send them. */
const VALID: Record<string, Record<string, unknown>> = {
  BootNotification: { reason: 'PowerUp', chargingStation: { model: 'Wallbox', vendorName: 'VendorX' } },
  Heartbeat: {},
  GetVariables: {
    getVariableData: [
      { component, variable },
      { component: { name: 'EVSE', evse: { id: 1 } }, variable: { name: 'Power' }, attributeType: 'MaxSet' },
    ],
  },
  SetVariables: { setVariableData: [{ component, variable, attributeValue: '60' }] },
  StatusNotification: { timestamp: now, connectorStatus: 'Available', evseId: 1, connectorId: 1 },
  TransactionEvent: {
    eventType: 'Started',
    timestamp: now,
    triggerReason: 'CablePluggedIn',
    seqNo: 0,
    transactionInfo: { transactionId: 'tx-1', chargingState: 'EVConnected' },
    evse: { id: 1, connectorId: 1 },
    meterValue: [{ timestamp: now, sampledValue: [{ value: 1234.5, measurand: 'Energy.Active.Import.Register' }] }],
  },
  Authorize: { idToken },
  Reset: { type: 'OnIdle' },
  RequestStartTransaction: { remoteStartId: 7, idToken, evseId: 1 },
  DataTransfer: { vendorId: 'org.example', messageId: 'm', data: { any: ['thing', 1, null] } },
};

function codeOf(action: string, payload: unknown, kind: PayloadKind = 'Request'): string | undefined {
  const error = validatePayload(action, kind, payload);
  if (error) assert.ok(error instanceof OcppError);
  return error?.code;
}

/** A deep copy of a valid request with `edit` applied. */
// biome-ignore lint/suspicious/noExplicitAny: the edits reach into arbitrary payloads
function mutated(action: string, edit: (payload: any) => void): unknown {
  const copy = structuredClone(VALID[action]);
  edit(copy);
  return copy;
}

describe('validator: valid payloads', () => {
  for (const action of Object.keys(VALID)) {
    it(`Part 4 §4.1.7: a valid ${action} request passes`, () => {
      assert.equal(validatePayload(action, 'Request', VALID[action]), undefined);
    });
  }

  it('Part 4 §4.1.7: valid responses pass (BootNotification, GetVariables, Heartbeat)', () => {
    assert.equal(codeOf('BootNotification', { currentTime: now, interval: 300, status: 'Accepted' }, 'Response'), undefined);
    assert.equal(codeOf('Heartbeat', { currentTime: now }, 'Response'), undefined);
    assert.equal(
      codeOf(
        'GetVariables',
        { getVariableResult: [{ attributeStatus: 'Accepted', attributeValue: '60', component, variable }] },
        'Response',
      ),
      undefined,
    );
  });

  it('OCPP 2.0.1 CustomData: unknown fields inside customData are accepted, a customData without vendorId is not', () => {
    assert.equal(codeOf('Heartbeat', { customData: { vendorId: 'v', anything: { deep: [1, 2] } } }), undefined);
    assert.equal(codeOf('Heartbeat', { customData: { anything: 1 } }), 'OccurrenceConstraintViolation');
  });
});

describe('validator: NotImplemented for unknown actions', () => {
  it('Part 4 §4.3: an action that is not an OCPP 2.0.1 action → NotImplemented', () => {
    for (const action of ['NoSuchAction', 'bootnotification', 'BootNotificationRequest', '', 'toString', '__proto__', 'constructor']) {
      assert.equal(codeOf(action, {}), 'NotImplemented', action);
    }
  });
});

describe('validator: occurrence constraints', () => {
  it('Part 4 §4.3: a missing required field → OccurrenceConstraintViolation', () => {
    assert.equal(
      codeOf(
        'BootNotification',
        mutated('BootNotification', (p) => delete p.reason),
      ),
      'OccurrenceConstraintViolation',
    );
    assert.equal(codeOf('GetVariables', {}), 'OccurrenceConstraintViolation');
    assert.equal(
      codeOf(
        'GetVariables',
        mutated('GetVariables', (p) => delete p.getVariableData[1].variable),
      ),
      'OccurrenceConstraintViolation',
    );
    assert.equal(
      codeOf(
        'TransactionEvent',
        mutated('TransactionEvent', (p) => delete p.transactionInfo.transactionId),
      ),
      'OccurrenceConstraintViolation',
    );
    assert.equal(codeOf('Authorize', {}), 'OccurrenceConstraintViolation');
  });

  it('Part 4 §4.3: an unknown extra field → OccurrenceConstraintViolation, naming the field', () => {
    const error = validatePayload('Heartbeat', 'Request', { surprise: 1 });
    assert.equal(error?.code, 'OccurrenceConstraintViolation');
    assert.match(error?.description ?? '', /surprise/);
    assert.equal(
      codeOf(
        'Reset',
        mutated('Reset', (p) => (p.extra = true)),
      ),
      'OccurrenceConstraintViolation',
    );
    assert.equal(
      codeOf(
        'StatusNotification',
        mutated('StatusNotification', (p) => (p.evse = { id: 1 })),
      ),
      'OccurrenceConstraintViolation',
    );
    assert.equal(
      codeOf(
        'GetVariables',
        mutated('GetVariables', (p) => (p.getVariableData[0].component.color = 'red')),
      ),
      'OccurrenceConstraintViolation',
    );
  });

  it('Part 4 §4.1.5: an empty array for a 1..* field, or too many items → OccurrenceConstraintViolation', () => {
    assert.equal(codeOf('SetVariables', { setVariableData: [] }), 'OccurrenceConstraintViolation');
    assert.equal(
      codeOf(
        'TransactionEvent',
        mutated('TransactionEvent', (p) => (p.meterValue[0].sampledValue = [])),
      ),
      'OccurrenceConstraintViolation',
    );
    const hash = { hashAlgorithm: 'SHA256', issuerNameHash: 'a', issuerKeyHash: 'b', serialNumber: 'c', responderURL: 'http://ocsp' };
    assert.equal(codeOf('Authorize', { idToken, iso15118CertificateHashData: [hash, hash, hash, hash] }), undefined);
    assert.equal(
      codeOf('Authorize', { idToken, iso15118CertificateHashData: [hash, hash, hash, hash, hash] }),
      'OccurrenceConstraintViolation',
    );
  });
});

describe('validator: type constraints', () => {
  it('Part 4 §4.3: a wrong JSON type → TypeConstraintViolation ("somestring": 12)', () => {
    assert.equal(
      codeOf(
        'StatusNotification',
        mutated('StatusNotification', (p) => (p.evseId = '1')),
      ),
      'TypeConstraintViolation',
    );
    assert.equal(
      codeOf(
        'StatusNotification',
        mutated('StatusNotification', (p) => (p.timestamp = 12)),
      ),
      'TypeConstraintViolation',
    );
    assert.equal(
      codeOf(
        'TransactionEvent',
        mutated('TransactionEvent', (p) => (p.seqNo = 1.5)),
      ),
      'TypeConstraintViolation',
    );
    assert.equal(
      codeOf(
        'TransactionEvent',
        mutated('TransactionEvent', (p) => (p.meterValue[0].sampledValue[0].value = '1234.5')),
      ),
      'TypeConstraintViolation',
    );
    assert.equal(codeOf('GetVariables', { getVariableData: { component, variable } }), 'TypeConstraintViolation');
    assert.equal(
      codeOf(
        'BootNotification',
        mutated('BootNotification', (p) => (p.chargingStation = 'Wallbox')),
      ),
      'TypeConstraintViolation',
    );
    assert.equal(codeOf('Authorize', { idToken: { idToken: null, type: 'ISO14443' } }), 'TypeConstraintViolation');
  });
});

describe('validator: property constraints', () => {
  it('Part 4 §4.3: a value outside its enum → PropertyConstraintViolation', () => {
    assert.equal(codeOf('Reset', { type: 'Hard' }), 'PropertyConstraintViolation');
    assert.equal(
      codeOf(
        'BootNotification',
        mutated('BootNotification', (p) => (p.reason = 'powerup')),
      ),
      'PropertyConstraintViolation',
    );
    assert.equal(codeOf('Authorize', { idToken: { idToken: 'x', type: 'RFID' } }), 'PropertyConstraintViolation');
    // An item of an array of enum values (Part 6 TC_N_04_CS), a top-level enum field (TC_N_07_CS).
    assert.equal(
      codeOf('GetMonitoringReport', { requestId: 1, monitoringCriteria: ['DeltaMonitoring', 'FaultMonitoring'] }),
      'PropertyConstraintViolation',
    );
    assert.equal(codeOf('SetMonitoringBase', { monitoringBase: 'CustomOnly' }), 'PropertyConstraintViolation');
    assert.equal(
      codeOf(
        'GetVariables',
        mutated('GetVariables', (p) => (p.getVariableData[1].attributeType = 'Max')),
      ),
      'PropertyConstraintViolation',
    );
  });

  it('Part 4 §4.3: a string longer than its maxLength → PropertyConstraintViolation', () => {
    assert.equal(codeOf('Authorize', { idToken: { idToken: 'x'.repeat(36), type: 'Central' } }), undefined);
    assert.equal(codeOf('Authorize', { idToken: { idToken: 'x'.repeat(37), type: 'Central' } }), 'PropertyConstraintViolation');
    assert.equal(
      codeOf(
        'GetVariables',
        mutated('GetVariables', (p) => (p.getVariableData[0].component.name = 'c'.repeat(51))),
      ),
      'PropertyConstraintViolation',
    );
    assert.equal(
      codeOf(
        'SetVariables',
        mutated('SetVariables', (p) => (p.setVariableData[0].attributeValue = 'v'.repeat(1001))),
      ),
      'PropertyConstraintViolation',
    );
  });

  it('Part 4 §4.3: a date-time that is not RFC 3339 → PropertyConstraintViolation', () => {
    for (const timestamp of ['2026-01-01', '2026-01-01 12:00:00', 'yesterday', '2026-13-01T00:00:00Z', '']) {
      assert.equal(
        codeOf(
          'StatusNotification',
          mutated('StatusNotification', (p) => (p.timestamp = timestamp)),
        ),
        'PropertyConstraintViolation',
        timestamp,
      );
    }
    for (const timestamp of ['2026-01-01T12:00:00.123Z', '2026-01-01T12:00:00+02:00']) {
      assert.equal(
        codeOf(
          'StatusNotification',
          mutated('StatusNotification', (p) => (p.timestamp = timestamp)),
        ),
        undefined,
        timestamp,
      );
    }
  });

  it('Part 4 §4.3: a number below its minimum → PropertyConstraintViolation', () => {
    const tariff = (ePriceLevel: number) => ({
      evseId: 1,
      chargingProfile: {
        id: 1,
        stackLevel: 0,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Absolute',
        chargingSchedule: [
          {
            id: 1,
            startSchedule: now,
            chargingRateUnit: 'A',
            chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }],
            salesTariff: { id: 1, salesTariffEntry: [{ relativeTimeInterval: { start: 0 }, ePriceLevel }] },
          },
        ],
      },
    });
    assert.equal(codeOf('SetChargingProfile', tariff(0)), undefined);
    assert.equal(codeOf('SetChargingProfile', tariff(-1)), 'PropertyConstraintViolation');
  });
});

describe('validator: errors carry where and why', () => {
  it('Part 4 §4.2.3: the error details name the ajv keyword and the JSON path', () => {
    const error = validatePayload(
      'StatusNotification',
      'Request',
      mutated('StatusNotification', (p) => (p.evseId = 'one')),
    );
    assert.deepEqual(error?.details, { keyword: 'type', path: '/evseId' });
    assert.match(error?.description ?? '', /^\/evseId /);
    assert.ok(RPC_ERROR_CODES.includes(error!.code));
  });

  it('Part 4 §4.2.3: a top-level failure is reported at "/"', () => {
    assert.equal(validatePayload('Heartbeat', 'Request', [])?.code, 'TypeConstraintViolation');
    assert.equal(validatePayload('Heartbeat', 'Request', [])?.details.path, '/');
  });
});

describe('validator: the official schemas', () => {
  it('OCPP 2.0.1: schemas/ocpp-2.0.1 holds exactly one Request and one Response schema per action (128)', () => {
    const files = readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.json'));
    assert.equal(files.length, 128);
    assert.equal(ACTIONS.length, 64);
    const expected = ACTIONS.flatMap((a) => [`${a}Request.json`, `${a}Response.json`]).sort();
    assert.deepEqual(files.sort(), expected);
  });

  it('OCPP 2.0.1: validators for all 128 schemas compile', () => {
    assert.doesNotThrow(() => precompileAll(ACTIONS));
    for (const action of ACTIONS) {
      for (const kind of ['Request', 'Response'] as const) {
        const error = validatePayload(action, kind, { 'no-such-field-anywhere': 1 });
        assert.ok(error, `${action}${kind} accepted an unknown field`);
        assert.ok(RPC_ERROR_CODES.includes(error.code), `${action}${kind}: ${error.code}`);
      }
    }
  });
});
