// The shape of a scenario file, as a JSON Schema (draft-07, checked with ajv). The schema fixes
// the structure: which steps exist and what a condition may say. What a step's body means (an
// EV's fields, a fault) is checked by the same parsers as the control API, so a scenario and a
// POST get the same answer for the same mistake.

const CONNECTOR_STATUSES = ['Available', 'Occupied', 'Reserved', 'Unavailable', 'Faulted'];
const CHARGING_STATES = ['Charging', 'EVConnected', 'SuspendedEV', 'SuspendedEVSE', 'Idle'];

const condition = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    evseId: { type: 'integer', minimum: 1 },
    connected: { type: 'boolean' },
    registration: { enum: ['Accepted', 'Pending', 'Rejected'] },
    status: { enum: CONNECTOR_STATUSES },
    transaction: { type: 'boolean' },
    chargingState: { enum: CHARGING_STATES },
    frame: {
      type: 'object',
      additionalProperties: false,
      required: ['action'],
      properties: { action: { type: 'string', minLength: 1 }, direction: { enum: ['in', 'out'] } },
    },
    timeoutS: { type: 'number', exclusiveMinimum: 0 },
  },
};

const body = { type: 'object' };

export const SCENARIO_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  required: ['steps'],
  properties: {
    name: { type: 'string' },
    description: { type: 'string' },
    steps: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        minProperties: 1,
        maxProperties: 1,
        additionalProperties: false,
        properties: {
          plug: body,
          unplug: body,
          ev: body,
          idToken: body,
          hardwareFault: body,
          fault: body,
          wait: { type: 'number', exclusiveMinimum: 0 },
          waitFor: condition,
          expect: condition,
        },
      },
    },
  },
} as const;
