// Part 6 block D (Local Authorization List Management), charging-station cases, in Part 6 order,
// on one station. Each case sets its own memory state (a Full list at the configured
// versionNumber), so that none depends on the one before.

import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { powerCycled } from './support/availability.js';
import { entry, idTokenLocalAuthList, localListVersion, removal, sendLocalList } from './support/local-list.js';
import { type Booted, booted, connectorsAvailable } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
let cs: Booted;
/** <Configured versionNumber> (> 1, for TC_D_06_CS). */
const VERSION = 5;
const VALID = entry('D01VALID');

before(async () => {
  await csms.listen();
  cs = await booted(csms, { id: 'CONF-D', set: ['LocalAuthListCtrlr/Enabled=true'] });
});
after(async () => {
  await cs?.station.dispose();
  if (cs) rmSync(cs.station.dataDir, { recursive: true, force: true }); // TC_D_07_CS restarts it on the same directory
  await csms.close();
});

async function setEnabled(value: boolean): Promise<void> {
  const res = await cs.link.call('SetVariables', {
    setVariableData: [{ component: { name: 'LocalAuthListCtrlr' }, variable: { name: 'Enabled' }, attributeValue: String(value) }],
  });
  const [result] = res.setVariableResult as Json[];
  assert.equal(result?.attributeStatus, 'Accepted', `configuration state: LocalAuthListCtrlr.Enabled ${value} Accepted`);
}

describe('Part 6 D – Local Authorization List Management', () => {
  it('TC_D_01_CS – Send Local Authorization List - Full', async () => {
    const res = await sendLocalList(cs, 'Full', VERSION, [VALID]);
    assert.equal(res.status, 'Accepted', 'step 2: SendLocalListResponse status Accepted');
    assert.equal(await localListVersion(cs), VERSION, 'step 4: GetLocalListVersionResponse versionNumber equal to the one of step 1');
  });

  it('TC_D_02_CS – Send Local Authorization List - Differential Update', async () => {
    await idTokenLocalAuthList(cs, [VALID], VERSION);
    const res = await sendLocalList(cs, 'Differential', VERSION + 1, [entry('D02VALID2')]);
    assert.equal(res.status, 'Accepted', 'step 2: SendLocalListResponse status Accepted');
    assert.equal(await localListVersion(cs), VERSION + 1, 'step 4: GetLocalListVersionResponse versionNumber equal to the one of step 1');
  });

  it('TC_D_03_CS – Send Local Authorization List - Differential Remove', async () => {
    await idTokenLocalAuthList(cs, [VALID], VERSION);
    const res = await sendLocalList(cs, 'Differential', VERSION + 1, [removal('D01VALID')]);
    assert.equal(res.status, 'Accepted', 'step 2: SendLocalListResponse status Accepted');
    // Part 6 writes "Step 3" for the validation of the GetLocalListVersionResponse (step 4).
    assert.equal(await localListVersion(cs), VERSION + 1, 'step 4: GetLocalListVersionResponse versionNumber equal to the one of step 1');
  });

  it('TC_D_04_CS – Send Local Authorization List - Full with empy list', async () => {
    await idTokenLocalAuthList(cs, [VALID], VERSION);
    const res = await sendLocalList(cs, 'Full', VERSION, []);
    assert.equal(res.status, 'Accepted', 'step 2: SendLocalListResponse status Accepted');
    assert.equal(await localListVersion(cs), VERSION, 'step 4: GetLocalListVersionResponse versionNumber <Configured versionNumber>');
  });

  it('TC_D_05_CS – Send Local Authorization List - Differential with empty list', async () => {
    await idTokenLocalAuthList(cs, [VALID], VERSION);
    const res = await sendLocalList(cs, 'Differential', VERSION + 1, []);
    assert.equal(res.status, 'Accepted', 'step 2: SendLocalListResponse status Accepted');
    assert.equal(await localListVersion(cs), VERSION + 1, 'step 4: GetLocalListVersionResponse versionNumber equal to the one of step 1');
  });

  it('TC_D_06_CS – Send Local Authorization List - VersionMismatch', async () => {
    await idTokenLocalAuthList(cs, [VALID], VERSION);
    const res = await sendLocalList(cs, 'Differential', VERSION - 1, [entry('D06OTHER')]);
    assert.equal(res.status, 'VersionMismatch', 'step 2: SendLocalListResponse status VersionMismatch');
    assert.equal(await localListVersion(cs), VERSION, 'step 4: GetLocalListVersionResponse versionNumber <Configured versionNumber>');
  });

  it('TC_D_07_CS – Send Local Authorization List - Persistent over reboot', async () => {
    await idTokenLocalAuthList(cs, [VALID], VERSION);
    // Charging State Booted, by power cycle: the same station (same data directory) starts again.
    cs = await powerCycled(cs, csms, 1);
    await connectorsAvailable(cs.link, 1, 'Booted');
    assert.equal(await localListVersion(cs), VERSION, 'step 2: GetLocalListVersionResponse versionNumber <Configured versionNumber>');
  });

  it('TC_D_08_CS – Get Local List Version - Success', async () => {
    await idTokenLocalAuthList(cs, [VALID], VERSION);
    assert.equal(await localListVersion(cs), VERSION, 'step 2: GetLocalListVersionResponse versionNumber <Configured versionNumber>');
  });

  it('TC_D_10_CS – Get Local List Version - Function disabled', async () => {
    // The station holds a list of version > 0 (TC_D_08_CS): disabling the list must hide it.
    await setEnabled(false);
    try {
      assert.equal(await localListVersion(cs), 0, 'step 2: GetLocalListVersionResponse versionNumber 0');
    } finally {
      await setEnabled(true);
    }
  });

  it('Part 4 – the strict CSMS found no frame of this session invalid against the schemas', () => {
    assert.deepEqual(cs.link.complaints, []);
  });
});
