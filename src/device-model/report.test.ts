import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ComponentType } from '../generated/ocpp201/types.js';
import { customReportRows } from './report.js';
import type { VariableRow } from './variable-table.js';

// A small device model of its own, with what the seeded one lacks: component instances, an
// Active variable, a component without any criterion variable.
let id = 0;
const row = (component: ComponentType, variable: string, value: string | null = 'x', instance?: string): VariableRow => ({
  id: ++id,
  key: { component, variable: { name: variable, ...(instance ? { instance } : {}) } },
  characteristics: { dataType: 'string', supportsMonitoring: false },
  rebootRequired: false,
  attributes: [{ type: 'Actual', value, mutability: 'ReadOnly', persistent: false, constant: false, source: 'seed' }],
});
const rows: VariableRow[] = [
  row({ name: 'Fan', instance: 'Front' }, 'Active', 'true'),
  row({ name: 'Fan', instance: 'Front' }, 'Speed'),
  row({ name: 'Fan', instance: 'Rear' }, 'Active', 'false'),
  row({ name: 'Fan', instance: 'Rear' }, 'Speed'),
  row({ name: 'Fan' }, 'Speed'),
  row({ name: 'Plain' }, 'Speed'),
  row({ name: 'Lamp' }, 'Enabled', null),
  row({ name: 'Lamp' }, 'Problem', 'true'),
  row({ name: 'EVSE', evse: { id: 1 } }, 'Available', 'true'),
  row({ name: 'EVSE', evse: { id: 1 } }, 'Speed', 'a', 'One'),
  row({ name: 'EVSE', evse: { id: 1 } }, 'Speed', 'b', 'Two'),
  row({ name: 'EVSE', evse: { id: 2 } }, 'Available', 'false'),
  row({ name: 'Connector', evse: { id: 1, connectorId: 1 } }, 'Speed'),
  row({ name: 'Connector', evse: { id: 1, connectorId: 2 } }, 'Speed'),
  row({ name: 'Connector', evse: { id: 2, connectorId: 1 } }, 'Speed'),
];
const paths = (r: VariableRow[]) =>
  r.map(({ key: { component: c, variable: v } }) =>
    [
      c.name + (c.instance ? `:${c.instance}` : ''),
      c.evse ? `@${c.evse.id}${c.evse.connectorId ? `:${c.evse.connectorId}` : ''}` : '',
      '/',
      v.name,
      v.instance ? `:${v.instance}` : '',
    ].join(''),
  );

describe('B08 custom report rows', () => {
  it('B08.FR.07 Active: components with Active true or without Active', () => {
    const r = paths(customReportRows(rows, ['Active']));
    assert.ok(r.includes('Fan:Front/Speed') && r.includes('Fan/Speed') && r.includes('Plain/Speed'));
    assert.ok(!r.some((p) => p.startsWith('Fan:Rear')), 'Active false is left out');
  });

  it('B08.FR.08 Available: the EVSE with Available true, not the one with false', () => {
    const r = paths(customReportRows(rows, ['Available']));
    assert.ok(r.includes('EVSE@1/Available') && !r.includes('EVSE@2/Available'));
    assert.ok(r.includes('Connector@2:1/Speed'), 'a connector is a component of its own, without Available');
  });

  it('B08.FR.09 Enabled: a component whose Enabled has no value is not enabled', () => {
    const r = paths(customReportRows(rows, ['Enabled']));
    assert.ok(!r.some((p) => p.startsWith('Lamp')));
    assert.ok(r.includes('Plain/Speed'));
  });

  it('B08.FR.10 Problem: only components with Problem true, never one without Problem', () => {
    assert.deepEqual(paths(customReportRows(rows, ['Problem'])), ['Lamp/Enabled', 'Lamp/Problem']);
  });

  it('B08.FR.13 several criteria: a component meeting any of them', () => {
    const r = paths(customReportRows(rows, ['Problem', 'Available']));
    assert.ok(r.includes('Lamp/Problem') && r.includes('EVSE@1/Available') && !r.includes('EVSE@2/Available'));
  });

  it('B08.FR.05 criteria and component variables both limit; B08.FR.15 no match is empty', () => {
    const cv = [{ component: { name: 'EVSE' }, variable: { name: 'Available' } }];
    assert.deepEqual(paths(customReportRows(rows, ['Available'], cv)), ['EVSE@1/Available']);
    assert.deepEqual(customReportRows(rows, ['Problem'], cv), []);
  });

  it('B08.FR.20 no variable: every variable of the component', () => {
    assert.deepEqual(paths(customReportRows(rows, undefined, [{ component: { name: 'Lamp' } }])), ['Lamp/Enabled', 'Lamp/Problem']);
  });

  it('B08.FR.21 a variable without instance: every instance of it', () => {
    const cv = [{ component: { name: 'EVSE', evse: { id: 1 } }, variable: { name: 'Speed' } }];
    assert.deepEqual(paths(customReportRows(rows, undefined, cv)), ['EVSE@1/Speed:One', 'EVSE@1/Speed:Two']);
    const one = [{ component: { name: 'EVSE', evse: { id: 1 } }, variable: { name: 'Speed', instance: 'Two' } }];
    assert.deepEqual(paths(customReportRows(rows, undefined, one)), ['EVSE@1/Speed:Two']);
  });

  it('B08.FR.22 an evse id without connector: that EVSE and each of its connectors', () => {
    const cv = [{ component: { name: 'Connector', evse: { id: 1 } }, variable: { name: 'Speed' } }];
    assert.deepEqual(paths(customReportRows(rows, undefined, cv)), ['Connector@1:1/Speed', 'Connector@1:2/Speed']);
    const connector = [{ component: { name: 'Connector', evse: { id: 1, connectorId: 2 } }, variable: { name: 'Speed' } }];
    assert.deepEqual(paths(customReportRows(rows, undefined, connector)), ['Connector@1:2/Speed']);
  });

  it('B08.FR.23 no evse id: every EVSE, and the component without evse', () => {
    const cv = [{ component: { name: 'Connector' }, variable: { name: 'Speed' } }];
    assert.equal(customReportRows(rows, undefined, cv).length, 3);
    const top = [{ component: { name: 'Plain' }, variable: { name: 'Speed' } }];
    assert.deepEqual(paths(customReportRows(rows, undefined, top)), ['Plain/Speed']);
  });

  it('B08.FR.24 a component instance: that instance only', () => {
    const cv = [{ component: { name: 'Fan', instance: 'rear' }, variable: { name: 'Speed' } }];
    assert.deepEqual(paths(customReportRows(rows, undefined, cv)), ['Fan:Rear/Speed']);
  });

  it('B08.FR.25 no component instance: every instance, and the component without one', () => {
    const cv = [{ component: { name: 'Fan' }, variable: { name: 'Speed' } }];
    assert.deepEqual(paths(customReportRows(rows, undefined, cv)), ['Fan:Front/Speed', 'Fan:Rear/Speed', 'Fan/Speed']);
  });
});
