import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DM_CATALOG } from '../generated/ocpp201/dm-catalog.js';
import { defaultDescription } from '../description/station-description.js';
import { formatPath } from './path.js';
import { checkSeed, instantiate, loadSeeds, SeedError } from './seeds.js';

const seeds = loadSeeds();
const lower = (s: string | undefined) => (s ?? '').toLowerCase();

/** The catalogue row of a variable: the component's own row, else the generic one. */
function catalogueRow(component: string, variable: string, instance: string | undefined) {
  const own = DM_CATALOG.filter((e) => lower(e.component) === lower(component) && lower(e.variable) === lower(variable));
  return (
    own.find((e) => lower(e.instance) === lower(instance)) ??
    own.find((e) => e.instance?.startsWith('<')) ??
    DM_CATALOG.find((e) => e.component === '<generic>' && lower(e.variable) === lower(variable))
  );
}

describe('device-model seeds', () => {
  it('has a seed for every component the station supports', () => {
    const names = seeds.map((s) => s.component);
    for (const name of [
      'OCPPCommCtrlr',
      'DeviceDataCtrlr',
      'SecurityCtrlr',
      'ClockCtrlr',
      'AuthCtrlr',
      'AuthCacheCtrlr',
      'TxCtrlr',
      'SampledDataCtrlr',
      'AlignedDataCtrlr',
      'LocalAuthListCtrlr',
      'ReservationCtrlr',
      'SmartChargingCtrlr',
      'DisplayMessageCtrlr',
      'TariffCostCtrlr',
      'MonitoringCtrlr',
      'ChargingStation',
      'EVSE',
      'Connector',
    ]) {
      assert.ok(names.includes(name), name);
    }
  });

  it('every seeded variable is in the catalogue with the same data type', () => {
    for (const seed of seeds) {
      for (const v of seed.variables) {
        const row = catalogueRow(seed.component, v.variable, v.instance);
        assert.ok(row, `${seed.component}/${v.variable} is not in dm_components_vars.csv`);
        assert.equal(v.characteristics.dataType, row.dataType, `${seed.component}/${v.variable}`);
      }
    }
  });

  it('B07.FR.08 every required catalogue variable of a seeded component is seeded', () => {
    for (const seed of seeds) {
      for (const e of DM_CATALOG.filter((e) => e.required && e.component === seed.component)) {
        assert.ok(
          seed.variables.some((v) => v.variable === e.variable && lower(v.instance) === lower(e.instance)),
          `${seed.component}/${e.variable}${e.instance ? `:${e.instance}` : ''} is required`,
        );
      }
    }
  });

  it('TC_B_53 (errata 2025-04) – every attribute that is not WriteOnly is seeded with a value, so every report carries one', () => {
    const missing = seeds.flatMap((seed) =>
      seed.variables.flatMap((v) =>
        v.attributes
          .filter((a) => a.mutability !== 'WriteOnly' && (a.value === null || a.value === undefined))
          .map((a) => `${seed.component}/${v.variable}${v.instance ? `:${v.instance}` : ''} ${a.type}`),
      ),
    );
    assert.deepEqual(missing, []);
  });

  it('N02-N08 monitoring is implemented and advertised: MonitoringCtrlr is Available and Enabled', () => {
    const seed = seeds.find((s) => s.component === 'MonitoringCtrlr')!;
    for (const v of seed.variables.filter((x) => x.variable === 'Available' || x.variable === 'Enabled')) {
      assert.equal(v.attributes[0]?.value, 'true', `MonitoringCtrlr/${v.variable}`);
    }
  });

  it('fits the NotifyReport schema limits and its own characteristics', () => {
    for (const seed of seeds) {
      assert.ok(seed.component.length <= 50);
      for (const v of seed.variables) {
        const at = `${seed.component}/${v.variable}`;
        const c = v.characteristics;
        assert.ok(v.variable.length <= 50 && (v.instance ?? '').length <= 50, at);
        assert.ok((c.unit ?? '').length <= 16 && (c.valuesList ?? '').length <= 1000, at);
        const types = v.attributes.map((a) => a.type);
        assert.equal(new Set(types).size, types.length, `${at}: attribute types repeat`);
        for (const a of v.attributes) {
          // Part 2 §2: every writable variable is persistent.
          if (a.mutability !== 'ReadOnly') assert.ok(a.persistent, `${at} is writable but not persistent`);
          if (a.value === null) continue;
          assert.ok(a.value.length <= 2500, at);
          if (/\{\w+\}/.test(a.value)) continue; // filled in from the station description
          if (c.dataType === 'integer') assert.match(a.value, /^-?\d+$/, at);
          if (c.dataType === 'boolean') assert.match(a.value, /^(true|false)$/, at);
          if (c.dataType === 'integer' || c.dataType === 'decimal') {
            if (c.minLimit !== undefined) assert.ok(Number(a.value) >= c.minLimit, at);
            if (c.maxLimit !== undefined) assert.ok(Number(a.value) <= c.maxLimit, at);
          }
          if (c.dataType.endsWith('List')) {
            // TC_B_53: list variables have a valuesList and a value allowed by it.
            assert.ok(c.valuesList, `${at} has no valuesList`);
            const allowed = c.valuesList.split(',');
            for (const item of a.value.split(',').filter(Boolean)) assert.ok(allowed.includes(item), `${at}: ${item}`);
          }
        }
      }
    }
  });

  it('instantiates EVSE and Connector for every EVSE and connector of the description', () => {
    const description = defaultDescription(2);
    description.evses[1]!.connectors.push({ id: 2, type: 'cCCS2' });
    const paths = instantiate(seeds, description, {}).map((e) => formatPath(e.key));
    assert.ok(paths.includes('EVSE@1/AvailabilityState') && paths.includes('EVSE@2/Power'));
    assert.ok(paths.includes('Connector@2:2/ConnectorType') && !paths.includes('Connector@1:2/ConnectorType'));
    const connectorType = instantiate(seeds, description, {}).find((e) => formatPath(e.key) === 'Connector@2:2/ConnectorType');
    assert.equal(connectorType?.attributes[0]?.value, 'cCCS2');
  });

  it('leaves out a variable whose fact the description lacks', () => {
    const { serialNumber: _, ...description } = defaultDescription(1);
    const paths = instantiate(seeds, description, {}).map((e) => formatPath(e.key));
    assert.ok(!paths.includes('ChargingStation/SerialNumber'));
    assert.ok(!paths.includes('SecurityCtrlr/Identity')); // no identity given
    assert.ok(paths.includes('ChargingStation/VendorName'));
  });

  it('rejects a malformed seed file', () => {
    assert.throws(
      () => checkSeed({ component: 'X', scope: 'station', variables: [{ variable: 'V', attributes: [] }] }, 'X.json'),
      SeedError,
    );
    assert.throws(() => checkSeed({ component: 'X', scope: 'rack', variables: [] }, 'X.json'), /scope/);
  });
});
