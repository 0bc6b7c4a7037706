// IdToken comparison rules (Part 2 C §1.1, §1.2): a token is its idToken and its type; the
// idToken is an identifierString and compares case-insensitively; additionalInfo does not count.

import { createHash } from 'node:crypto';
import type { IdTokenInfoType, IdTokenType } from '../../generated/ocpp201/index.js';

/** C01.FR.25: equal when idToken (case-insensitive) and type are equal. */
export function tokensEqual(a: IdTokenType, b: IdTokenType): boolean {
  return a.type === b.type && a.idToken.toLowerCase() === b.idToken.toLowerCase();
}

/**
 * Two tokens are in the same group when their groupIdTokens match and are not empty (§1.2,
 * C09.FR.02).
 */
export function sameGroup(a: IdTokenType | undefined, b: IdTokenType | undefined): boolean {
  return a !== undefined && b !== undefined && a.idToken !== '' && tokensEqual(a, b);
}

/**
 * C16: the token's group is AuthCtrlr.MasterPassGroupId. The variable is a plain string, so
 * only the groupIdToken's idToken is compared (case-insensitively, as an identifierString).
 */
export function inMasterPassGroup(info: IdTokenInfoType, masterPassGroupId: string | undefined): boolean {
  const group = info.groupIdToken?.idToken;
  return !!masterPassGroupId && group !== undefined && group.toLowerCase() === masterPassGroupId.toLowerCase();
}

/**
 * C02.FR.03, C03.FR.02, C05.FR.02: IdTokenInfo of a NoAuthorization or Central token is never
 * cached; nor is any asked for (C03.FR.01, C05.FR.01).
 */
export function needsAuthorization(idToken: IdTokenType): boolean {
  return idToken.type !== 'NoAuthorization' && idToken.type !== 'Central';
}

/** The cache key: a hash, so no token is stored in clear (C10.FR.12). */
export function tokenHash(idToken: IdTokenType): string {
  return createHash('sha256').update(`${idToken.type}:${idToken.idToken.toLowerCase()}`).digest('hex');
}

/** C01.FR.19-21: an absent evseId list allows every EVSE; otherwise only those listed. */
export function allowedOnEvse(info: IdTokenInfoType, evseId: number | undefined): boolean {
  return evseId === undefined || info.evseId === undefined || info.evseId.includes(evseId);
}
