// C07 Authorization using Contract Certificates (Plug & Charge). The EV presents its eMAID and
// contract certificate chain; the decision, in order:
//
//   AuthCtrlr.Enabled false                      -> accepted, nothing asked (as for any token)
//   online:
//     chain valid under an installed MO root     -> AuthorizeRequest, eMAID + OCSP data (C07.FR.01/02)
//     no root for it, CentralContractValidationAllowed
//                                                -> AuthorizeRequest, eMAID + the chain (C07.FR.06)
//     otherwise (invalid, or no root and no central validation)
//                                                -> not accepted, nothing asked
//     the answer: Accepted only with idTokenInfo Accepted and certificateStatus Accepted (or none)
//   offline, or the CSMS gave no answer:
//     ContractValidationOffline false            -> no charging (C07.FR.07)
//     the chain not valid locally                -> no charging (C07.FR.08)
//     valid                                      -> the eMAID as any token offline: Local List,
//                                                   cache, OfflineTxForUnknownIdEnabled (C07.FR.09-12)

import type { AuthorizeRequest, AuthorizeResponse, IdTokenType } from '../../generated/ocpp201/index.js';
import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { DeviceModel } from '../../device-model/device-model.js';
import type { AuthorizationResult, ContractAuthorizationRequest } from './authorizer.js';
import { chainPem, ocspRequestData, validateContract } from './contract-certificate.js';

export interface ContractDeps {
  dm: DeviceModel;
  now(): Date;
  /** Online, and accepted by the CSMS. */
  reachable(): boolean;
  /** AuthorizeRequest with these fields beside the idToken; undefined when no answer came. */
  ask(idToken: IdTokenType, fields: Omit<AuthorizeRequest, 'idToken'>): Promise<AuthorizeResponse | undefined>;
  /** The offline decision for a token (Local List, cache, OfflineTxForUnknownIdEnabled). */
  offline(idToken: IdTokenType): AuthorizationResult;
}

export async function decideContract(request: ContractAuthorizationRequest, deps: ContractDeps): Promise<AuthorizationResult> {
  const { dm } = deps;
  const idToken: IdTokenType = { idToken: request.emaid, type: 'eMAID' };
  if (dm.getBool(DM.AuthCtrlr.Enabled) === false)
    return { status: 'Accepted', info: { status: 'Accepted' }, local: true, source: 'notRequired' };
  const validity = validateContract(request.certificateChain, request.moRoots, deps.now());
  if (deps.reachable()) {
    let fields: Omit<AuthorizeRequest, 'idToken'> | undefined;
    if (validity.kind === 'valid')
      fields = { iso15118CertificateHashData: ocspRequestData(validity) }; // C07.FR.02
    else if (validity.kind === 'noRoot' && dm.getBool(DM.ISO15118Ctrlr.CentralContractValidationAllowed) === true) {
      fields = { certificate: chainPem(validity.chain) }; // C07.FR.06
    }
    if (!fields) return refused('contract', 'Invalid');
    const response = await deps.ask(idToken, fields);
    if (response) {
      const { idTokenInfo: info, certificateStatus } = response;
      // C07.FR.13: a valid certificate of a refused eMAID comes with ContractCancelled; any
      // certificateStatus but Accepted refuses an otherwise Accepted token too.
      const status =
        info.status === 'Accepted' && certificateStatus !== undefined && certificateStatus !== 'Accepted' ? 'Invalid' : info.status;
      return { status, info, local: false, source: 'csms' };
    }
  }
  if (dm.getBool(DM.ISO15118Ctrlr.ContractValidationOffline) !== true) return refused('offlineRules', 'Invalid'); // C07.FR.07
  if (validity.kind !== 'valid') return refused('offlineRules', 'Invalid'); // C07.FR.08
  return deps.offline(idToken); // C07.FR.09-12
}

function refused(source: 'contract' | 'offlineRules', status: 'Invalid'): AuthorizationResult {
  return { status, info: { status }, local: true, source };
}
