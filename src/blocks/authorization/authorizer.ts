// C. Authorization: the one place that decides whether an idToken may charge. Transactions,
// remote start and the reader all ask here; the decision order (local list, cache, CSMS,
// offline rules) stays in this block.

import type { AuthorizationStatusEnumType, IdTokenInfoType, IdTokenType } from '../../generated/ocpp201/index.js';

export interface AuthorizationRequest {
  idToken: IdTokenType;
  /** The EVSE the token is presented for, when known (C01: evseId restriction). */
  evseId?: number;
}

/** Where a decision came from. */
export type AuthorizationSource =
  /** AuthorizeResponse from the CSMS. */
  | 'csms'
  | 'cache'
  | 'localList'
  /** No decision needed: AuthCtrlr.Enabled is false, or a NoAuthorization or Central token. */
  | 'notRequired'
  /** Offline (or no answer) and the token is in neither cache nor list: OfflineTxForUnknownIdEnabled decided. */
  | 'offlineRules'
  /** AuthCtrlr.DisableRemoteAuthorization and the token is in neither cache nor list. */
  | 'remoteDisabled'
  /** C07: the contract certificate chain could not be validated, here nor by the CSMS. */
  | 'contract';

export interface AuthorizationResult {
  /**
   * May the token START charging (on `evseId` when given)? `Accepted` or the reason why not. It
   * differs from `info.status` for a valid token not allowed on the EVSE (NotAllowedTypeEVSE,
   * C01.FR.21) and for a Master Pass token (Invalid, see `masterPass`).
   */
  status: AuthorizationStatusEnumType;
  /** What the CSMS, cache or local list said about the token (its groupIdToken, evseId list...). */
  info: IdTokenInfoType;
  /** Decided without the CSMS (cache, local list or offline rules). */
  local: boolean;
  source?: AuthorizationSource;
  /**
   * C15: accepted only because the station is offline and OfflineTxForUnknownIdEnabled is true.
   * The CSMS's later idTokenInfo (TransactionEventResponse) decides, with StopTxOnInvalidId and
   * MaxEnergyOnInvalidId (C15.FR.03-07).
   */
  unknownOffline?: true;
  /**
   * C16: a valid token of AuthCtrlr.MasterPassGroupId. It may not start a transaction
   * (C16.FR.03, C12.FR.09: `status` is then Invalid), but it may stop any (stopRight masterPass;
   * without a UI the station stops them all, C16.FR.02).
   */
  masterPass?: true;
}

/** C07 Plug & Charge: what the EV presented, and the MO roots installed to validate it against. */
export interface ContractAuthorizationRequest {
  evseId: number;
  emaid: string;
  /** PEM, leaf first. */
  certificateChain: string;
  moRoots: readonly string[];
}

export interface Authorizer {
  authorize(request: AuthorizationRequest): Promise<AuthorizationResult>;
  /** C07: may the EV's contract charge on the EVSE? As `authorize`, for idToken {emaid, eMAID}. */
  authorizeContract(request: ContractAuthorizationRequest): Promise<AuthorizationResult>;
  /** idTokenInfo the CSMS returned in a TransactionEventResponse: updates cache and state (C-block). */
  learn(idToken: IdTokenType, info: IdTokenInfoType): void;
  /** Why `presented` may stop the transaction started with `started` (same token, same group, master pass); undefined: it may not. */
  stopRight(started: { idToken: IdTokenType; groupIdToken?: IdTokenType }, presented: IdTokenType): Promise<StopRight | undefined>;
}

/**
 * Why a presented token may stop a transaction: it started it, it is of the same group (C09), or it
 * is a Master Pass (C16: the transaction ends with stoppedReason MasterPass, C16.FR.07).
 */
export type StopRight = 'owner' | 'group' | 'masterPass';

/**
 * The hook for D (Local Authorization List): consulted before the cache (C13.FR.01, C14.FR.01).
 * The list's owner applies LocalAuthListCtrlr.Enabled and LocalAuthListSupportsExpiryDateTime:
 * `lookup` returns nothing when the list is disabled or the entry is to be disregarded
 * (C14.FR.05), and may return an entry with status Expired where the token must not count as
 * unknown (C13.FR.06).
 */
export interface LocalList {
  lookup(idToken: IdTokenType): IdTokenInfoType | undefined;
  /** LocalAuthListCtrlr.DisablePostAuthorize: no AuthorizeRequest for a listed token not Accepted (C14.FR.03 off). */
  disablePostAuthorize?(): boolean;
}
