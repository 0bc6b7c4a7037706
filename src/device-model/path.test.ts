import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatPath, parsePath, parseSetOption, PathError, plainKey } from './path.js';

describe('device-model path', () => {
  const cases: [string, ReturnType<typeof parsePath>][] = [
    ['OCPPCommCtrlr/HeartbeatInterval', { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }],
    [
      'OCPPCommCtrlr/MessageTimeout:Default',
      { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'MessageTimeout', instance: 'Default' } },
    ],
    ['EVSE@1/AvailabilityState', { component: { name: 'EVSE', evse: { id: 1 } }, variable: { name: 'AvailabilityState' } }],
    [
      'Connector@1:2/ConnectorType',
      { component: { name: 'Connector', evse: { id: 1, connectorId: 2 } }, variable: { name: 'ConnectorType' } },
    ],
    ['TokenReader:front@2/Token', { component: { name: 'TokenReader', instance: 'front', evse: { id: 2 } }, variable: { name: 'Token' } }],
    ['OCPPCommCtrlr/FieldLength:Foo.bar', { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'FieldLength', instance: 'Foo.bar' } }],
  ];
  for (const [text, key] of cases) {
    it(`parses and formats ${text}`, () => {
      assert.deepEqual(parsePath(text), key);
      assert.equal(formatPath(key), text);
    });
  }

  it('rejects malformed paths', () => {
    for (const bad of [
      'HeartbeatInterval',
      'A/',
      '/B',
      'EVSE@0/Available',
      'Connector@1:0/ConnectorType',
      'EVSE@x/Power',
      'A B/C',
      `${'x'.repeat(51)}/V`,
    ]) {
      assert.throws(() => parsePath(bad), PathError, bad);
    }
  });

  it('parses --set options, keeping "=" inside the value', () => {
    assert.deepEqual(parseSetOption('SecurityCtrlr/BasicAuthPassword=a=b'), [
      { component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' } },
      'a=b',
    ]);
    assert.throws(() => parseSetOption('OCPPCommCtrlr/HeartbeatInterval'), /expected Component\/Variable=value/);
  });

  it('drops customData and empty instances from a wire key', () => {
    assert.deepEqual(
      plainKey({
        component: { name: 'EVSE', instance: '', evse: { id: 1, customData: { vendorId: 'x' } } },
        variable: { name: 'Power', instance: '' },
      }),
      { component: { name: 'EVSE', evse: { id: 1 } }, variable: { name: 'Power' } },
    );
  });
});
