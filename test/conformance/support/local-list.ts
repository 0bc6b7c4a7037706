// Local Authorization List helpers (blocks C13/C14 and D): list entries, Memory State
// IdTokenLocalAuthList (§2.19, errata 2025-04: LocalAuthListCtrlr.Enabled true beforehand), and
// GetLocalListVersion.

import assert from 'node:assert/strict';
import type { Booted } from './states.js';

type Json = Record<string, unknown>;

/** An AuthorizationData of the list: an ISO 14443 card with its idTokenInfo (status, and a Central group when given). */
export function entry(idToken: string, status = 'Accepted', group?: string): Json {
  const idTokenInfo: Json = group ? { status, groupIdToken: { idToken: group, type: 'Central' } } : { status };
  return { idToken: { idToken, type: 'ISO14443' }, idTokenInfo };
}

/** An AuthorizationData without idTokenInfo: in a Differential update it removes the card (D01.FR.17). */
export const removal = (idToken: string): Json => ({ idToken: { idToken, type: 'ISO14443' } });

/** SendLocalList; resolves to the response. */
export async function sendLocalList(b: Booted, updateType: 'Full' | 'Differential', versionNumber: number, list: Json[]): Promise<Json> {
  const payload: Json = { updateType, versionNumber };
  if (list.length > 0) payload.localAuthorizationList = list;
  return b.link.call('SendLocalList', payload);
}

/**
 * Memory State IdTokenLocalAuthList: step 1 SendLocalList Full with `entries` (at `version`),
 * step 2 Accepted.
 */
export async function idTokenLocalAuthList(b: Booted, entries: Json[], version = 1): Promise<void> {
  const res = await sendLocalList(b, 'Full', version, entries);
  assert.equal(res.status, 'Accepted', 'IdTokenLocalAuthList step 2: SendLocalListResponse status Accepted');
}

/** GetLocalListVersion; resolves to the versionNumber. */
export async function localListVersion(b: Booted): Promise<unknown> {
  const res = await b.link.call('GetLocalListVersion', {});
  return res.versionNumber;
}
