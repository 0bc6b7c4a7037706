// wss:// for security profiles 2 and 3, with a throw-away CA.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCa, issueClientCert, issueServerCert, type Pem } from '../../test/support/pki.js';
import { basicAuth, RawStation } from '../../test/support/raw-station.js';
import { OcppServer, type AuthenticationInfo } from './server.js';

describe('A00 TLS (security profiles 2 and 3)', () => {
  const seen: AuthenticationInfo[] = [];
  let ca: Pem;
  let station: Pem;
  let stranger: Pem;
  let server: OcppServer;
  let url: string;

  before(async () => {
    ca = await createCa();
    station = await issueClientCert(ca, { commonName: 'SERIAL-0001' });
    stranger = await issueClientCert(await createCa({ commonName: 'Other Root' }), { commonName: 'SERIAL-0002' });
    const serverCert = await issueServerCert(ca);
    server = new OcppServer({
      port: 0,
      tls: { cert: serverCert.cert, key: serverCert.key, ca: ca.cert, requestCert: true },
      authenticate: (info) => {
        seen.push(info);
        return info.clientCertificate !== undefined || info.password === 'correct-horse-battery';
      },
      onStation: () => {},
    });
    url = `wss://127.0.0.1:${(await server.listen()).port}/ocpp`;
  });
  after(() => server.close());

  it('profile 3: passes a client certificate the CA signed to authenticate()', async () => {
    const client = await RawStation.connect(`${url}/CS1`, { tls: { ca: ca.cert, cert: station.cert, key: station.key } });
    assert.equal(seen.at(-1)?.clientCertificate?.subject.CN, 'SERIAL-0001');
    await client.close();
  });

  it('profile 3: refuses a client certificate of another CA with 401', async () => {
    const tls = { ca: ca.cert, cert: stranger.cert, key: stranger.key };
    await assert.rejects(RawStation.connect(`${url}/CS1`, { tls }), /HTTP 401/);
  });

  it('profile 2: Basic auth over TLS without a client certificate', async () => {
    const options = { tls: { ca: ca.cert }, headers: basicAuth('CS1', 'correct-horse-battery') };
    const client = await RawStation.connect(`${url}/CS1`, options);
    assert.deepEqual(seen.at(-1), { stationId: 'CS1', password: 'correct-horse-battery' });
    await client.close();
  });
});
