// C. Authorization (C01-C12, C15, C16): the Authorizer other blocks ask, the Authorization
// Cache, and ClearCache. D (Local Authorization List) plugs in through LocalList.

export { Authorization, type AuthorizationOptions } from './authorization.js';
export { AuthCache } from './auth-cache.js';
export type {
  AuthorizationRequest,
  AuthorizationResult,
  AuthorizationSource,
  Authorizer,
  ContractAuthorizationRequest,
  LocalList,
  StopRight,
} from './authorizer.js';
export { allowedOnEvse, inMasterPassGroup, sameGroup, tokenHash, tokensEqual } from './id-token.js';
export { authorizationBlock } from './block.js';
