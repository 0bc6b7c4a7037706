import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuthorizeRequest, AuthorizeResponse } from '../../generated/ocpp201/index.js';
import { LocalCallError } from '../../rpc/errors.js';
import { makeBlockContext } from '../../../test/support/block-context.js';
import { createContractPki } from '../../../test/support/pki.js';
import { Authorization } from './authorization.js';

/** An Authorization online or not, the CSMS answering `answer`; the station clock at the real time (the certificates'). */
function harness(overrides: Record<string, string>, answer?: Partial<AuthorizeResponse>) {
  const state = { online: true, asked: [] as AuthorizeRequest[] };
  const { ctx, db, clock } = makeBlockContext({
    id: 'CS-PNC',
    overrides: { 'AuthCacheCtrlr/Enabled': 'true', 'ISO15118Ctrlr/PnCEnabled': 'true', ...overrides },
    online: () => state.online,
    call: async (_action, payload: AuthorizeRequest) => {
      state.asked.push(payload);
      if (!state.online) throw new LocalCallError('OCPP_ERR_OFFLINE', 'offline');
      return { idTokenInfo: { status: 'Accepted' }, ...answer };
    },
  });
  clock.advance(Date.now() - clock.now());
  return { state, authorization: new Authorization(ctx, { db }) };
}

describe('C07 Authorization using Contract Certificates', async () => {
  const mo = await createContractPki({ emaid: 'NLTSTC000000007', ocspUrl: 'http://ocsp.example.test' });
  const request = (moRoots: string[]) => ({ evseId: 1, emaid: mo.emaid, certificateChain: mo.chain, moRoots });

  it('C07.FR.01/02 – online, validated locally: AuthorizeRequest with the eMAID and the OCSP data, no chain', async () => {
    const { state, authorization } = harness({});
    const result = await authorization.authorizeContract(request([mo.root.cert]));
    assert.equal(result.status, 'Accepted');
    const [asked] = state.asked;
    assert.deepEqual(asked?.idToken, { idToken: mo.emaid, type: 'eMAID' });
    assert.equal(asked?.iso15118CertificateHashData?.length, 2);
    assert.equal(asked?.certificate, undefined);
  });

  it('C07.FR.13 – an answer with certificateStatus other than Accepted does not authorize', async () => {
    const { authorization } = harness({}, { idTokenInfo: { status: 'Accepted' }, certificateStatus: 'CertificateRevoked' });
    assert.equal((await authorization.authorizeContract(request([mo.root.cert]))).status, 'Invalid');
  });

  it('C07.FR.06 – no root for it: the chain goes to the CSMS only when CentralContractValidationAllowed', async () => {
    const central = harness({ 'ISO15118Ctrlr/CentralContractValidationAllowed': 'true' });
    assert.equal((await central.authorization.authorizeContract(request([]))).status, 'Accepted');
    assert.equal(central.state.asked[0]?.certificate, mo.chain.trim());
    const local = harness({ 'ISO15118Ctrlr/CentralContractValidationAllowed': 'false' });
    assert.equal((await local.authorization.authorizeContract(request([]))).status, 'Invalid');
    assert.deepEqual(local.state.asked, [], 'nothing asked for a contract nobody can validate');
  });

  it('C07.FR.07 – offline with ContractValidationOffline false: no charging, even for a cached eMAID', async () => {
    const { state, authorization } = harness({
      'ISO15118Ctrlr/ContractValidationOffline': 'false',
      'AuthCtrlr/OfflineTxForUnknownIdEnabled': 'true',
    });
    await authorization.authorizeContract(request([mo.root.cert])); // cached Accepted
    state.online = false;
    assert.equal((await authorization.authorizeContract(request([mo.root.cert]))).status, 'Invalid');
  });

  it('C07.FR.08-12 – offline with ContractValidationOffline true: a valid contract as any token offline; an invalid one not', async () => {
    const { state, authorization } = harness({
      'ISO15118Ctrlr/ContractValidationOffline': 'true',
      'AuthCtrlr/OfflineTxForUnknownIdEnabled': 'false',
    });
    state.online = false;
    assert.equal((await authorization.authorizeContract(request([mo.root.cert]))).status, 'Unknown', 'not cached, no unknown ids');
    state.online = true;
    await authorization.authorizeContract(request([mo.root.cert]));
    state.online = false;
    const cached = await authorization.authorizeContract(request([mo.root.cert]));
    assert.deepEqual([cached.status, cached.source], ['Accepted', 'cache'], 'C07.FR.11: the cached eMAID');
    assert.equal((await authorization.authorizeContract(request([]))).status, 'Invalid', 'C07.FR.08: not valid locally');
  });
});
