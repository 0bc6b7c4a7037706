// C. Authorization: the one place that decides whether an idToken may charge. Transactions,
// remote start and the reader all ask here; the decision order (local list, cache, CSMS,
// offline rules) stays in this block.

import type {
  AuthorizationStatusEnumType,
  IdTokenInfoType,
  IdTokenType,
} from '../../generated/ocpp201/index.js';

export interface AuthorizationRequest {
  idToken: IdTokenType;
  /** The EVSE the token is presented for, when known (C01: evseId restriction). */
  evseId?: number;
}

export interface AuthorizationResult {
  status: AuthorizationStatusEnumType;
  info: IdTokenInfoType;
  /** Decided without the CSMS (cache, local list or offline rules). */
  local: boolean;
}

export interface Authorizer {
  authorize(request: AuthorizationRequest): Promise<AuthorizationResult>;
  /** idTokenInfo the CSMS returned in a TransactionEventResponse: updates cache and state (C-block). */
  learn(idToken: IdTokenType, info: IdTokenInfoType): void;
  /** May `presented` stop the transaction started with `started` (same token, same group, master pass)? */
  mayStop(started: { idToken: IdTokenType; groupIdToken?: IdTokenType }, presented: IdTokenType): Promise<boolean>;
}
