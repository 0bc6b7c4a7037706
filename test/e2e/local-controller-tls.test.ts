// Part 4 §6.5 Local Controller Security over real TLS: a site CA signs the controller's server
// certificate and the stations' client certificates, a CSMS CA the CSMS's server certificate and
// the controller's own Charging Station certificate. The built-in CSMS admits only connections
// that present the controller's certificate, so a station that boots there went through the
// controller's mTLS connection, not its own certificate.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLocalCsms, type LocalCsms } from '../../src/csms/local-csms.js';
import { DM } from '../../src/generated/ocpp201/dm-catalog.js';
import { LocalController } from '../../src/local-controller/local-controller.js';
import { ControllerStation } from '../../src/station/controller-station.js';
import { createCa, issueClientCert, issueServerCert, type Pem } from '../support/pki.js';
import { RawStation } from '../support/raw-station.js';
import { fixedBackOff, makeTestStation, type TestStation } from '../support/test-station.js';
import { waitFor } from '../support/wait.js';

const CONTROLLER_ID = 'LC-TLS';
const RETRY_S = 60;

let siteCa: Pem;
let csmsCa: Pem;
let controllerServer: Pem;
let controllerClient: Pem;
let stranger: Pem;
let csms: LocalCsms;
let own: ControllerStation;
let controller: LocalController;
let controllerUrl: string;
/** `<station id> <CN of the client certificate>` of every connection the CSMS authenticated. */
const presented: string[] = [];
const warnings: { message: string; detail: Record<string, unknown> }[] = [];

before(async () => {
  siteCa = await createCa({ commonName: 'Site Root CA' });
  csmsCa = await createCa({ commonName: 'CSMS Root CA' });
  controllerServer = await issueServerCert(siteCa);
  controllerClient = await issueClientCert(csmsCa, { commonName: CONTROLLER_ID });
  stranger = await issueClientCert(await createCa({ commonName: 'Unrelated Root CA' }), { commonName: 'TLS-STRANGER' });
  const csmsServer = await issueServerCert(csmsCa);
  csms = await startLocalCsms({
    heartbeatIntervalS: 3600,
    tls: { cert: csmsServer.cert, key: csmsServer.key, ca: csmsCa.cert, requestCert: true },
    authenticate: (info) => {
      presented.push(`${info.stationId} ${info.clientCertificate?.subject.CN ?? '-'}`);
      return info.clientCertificate?.subject.CN === CONTROLLER_ID;
    },
  });
  const csmsTls = { ca: csmsCa.cert, clientCert: controllerClient.cert, clientKey: controllerClient.key };
  own = new ControllerStation({ id: CONTROLLER_ID, csmsUrl: csms.url, dbFile: ':memory:', link: csmsTls });
  controller = new LocalController({
    id: CONTROLLER_ID,
    csmsUrl: csms.url,
    groupLimitW: 11_000,
    own,
    stationTls: { cert: controllerServer.cert, key: controllerServer.key, clientCa: siteCa.cert },
    csmsTls,
    warn: (message, detail) => warnings.push({ message, detail }),
  });
  controllerUrl = `${controller.scheme}://127.0.0.1:${await controller.listen(0)}/ocpp`;
  own.start();
});
after(async () => {
  await controller.close();
  await own.stop();
  await csms.close();
});

/** A station on security profile 3 with a client certificate of the site CA, trusting the controller's. */
async function tlsStation(id: string, url: string): Promise<TestStation> {
  const cert = await issueClientCert(siteCa, { commonName: id });
  return makeTestStation({
    id,
    csmsUrl: url,
    link: { ca: siteCa.cert, clientCert: cert.cert, clientKey: cert.key },
    overrides: { [DM.SecurityCtrlr.SecurityProfile]: '3', ...fixedBackOff(RETRY_S) },
  });
}

describe('Part 4 §6.5 Local Controller Security', () => {
  it('Part 4 §6.5 – a station connects over wss with its client certificate; the controller connects it over wss with its own client certificate: it boots Accepted and a CSMS call reaches it; the own connection uses the same certificate', async () => {
    assert.match(controllerUrl, /^wss:\/\//);
    const t = await tlsStation('TLS-ST-1', controllerUrl);
    try {
      t.station.start();
      await waitFor(() => t.snapshot().registration === 'Accepted' && t.snapshot().connected, 'booted through the controller');
      const answer = await csms.call('TLS-ST-1', 'GetVariables', {
        getVariableData: [{ component: { name: 'SecurityCtrlr' }, variable: { name: 'Identity' } }],
      });
      assert.equal(answer.getVariableResult[0]?.attributeValue, 'TLS-ST-1', 'a CSMS call reaches the station and its answer comes back');
      await waitFor(() => csms.store.registration(CONTROLLER_ID) === 'Accepted', 'the own connection registered');
      assert.deepEqual(
        presented.filter((p) => p.startsWith('TLS-ST-1 ') || p.startsWith(`${CONTROLLER_ID} `)).sort(),
        [`${CONTROLLER_ID} ${CONTROLLER_ID}`, `TLS-ST-1 ${CONTROLLER_ID}`],
        "the CSMS saw the controller's certificate on both connections, never the station's",
      );
    } finally {
      await t.stop();
    }
  });

  it('Part 4 §6.5 – a station with a client certificate the controller does not trust, or with none, is refused at the upgrade with 401; nothing reaches the CSMS', async () => {
    const url = `${controllerUrl}/TLS-STRANGER`;
    await assert.rejects(
      RawStation.connect(url, { tls: { ca: siteCa.cert, cert: stranger.cert, key: stranger.key } }),
      /HTTP 401/,
      'a certificate of another CA',
    );
    await assert.rejects(RawStation.connect(url, { tls: { ca: siteCa.cert } }), /HTTP 401/, 'no certificate');
    assert.deepEqual(
      warnings.filter((w) => w.detail.identity === 'TLS-STRANGER').map((w) => w.message),
      ['station refused: client certificate', 'station refused: client certificate'],
    );
    assert.equal(
      presented.some((p) => p.startsWith('TLS-STRANGER ')),
      false,
      'no connection for it was opened to the CSMS',
    );
    assert.equal(csms.store.get('TLS-STRANGER'), undefined, 'the CSMS does not know it');
  });

  it("Part 4 §6.5 – a CSMS whose server certificate the controller does not trust: the station's connection fails and it is not accepted", async () => {
    const distrusting = new LocalController({
      csmsUrl: csms.url,
      groupLimitW: 11_000,
      stationTls: { cert: controllerServer.cert, key: controllerServer.key, clientCa: siteCa.cert },
      csmsTls: { ca: siteCa.cert, clientCert: controllerClient.cert, clientKey: controllerClient.key },
      warn: (message, detail) => warnings.push({ message, detail }),
    });
    const url = `wss://127.0.0.1:${await distrusting.listen(0)}/ocpp`;
    const t = await tlsStation('TLS-ST-2', url);
    try {
      t.station.start();
      const failed = await waitFor(
        () => warnings.find((w) => w.detail.identity === 'TLS-ST-2' && w.message === 'CSMS connection failed'),
        'the controller failed to connect the station to the CSMS',
      );
      assert.match(String(failed.detail.err), /certificate/);
      await waitFor(() => t.clock.delays().includes(RETRY_S * 1000), 'the station waits to try again');
      assert.equal(t.snapshot().connected, false);
      assert.notEqual(t.snapshot().registration, 'Accepted');
      assert.equal(
        presented.some((p) => p.startsWith('TLS-ST-2 ')),
        false,
        'the CSMS never saw it',
      );
      assert.deepEqual(distrusting.state().members, [], 'never a member of the group');
    } finally {
      await t.stop();
      await distrusting.close();
    }
  });
});
