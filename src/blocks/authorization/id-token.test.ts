import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allowedOnEvse, inMasterPassGroup, needsAuthorization, sameGroup, tokenHash, tokensEqual } from './id-token.js';

describe('IdToken comparison', () => {
  it('C01.FR.25 – equal on idToken (case-insensitive, identifierString) and type; additionalInfo ignored', () => {
    assert.ok(tokensEqual({ idToken: 'abc123', type: 'ISO14443' }, { idToken: 'ABC123', type: 'ISO14443' }));
    assert.ok(
      tokensEqual(
        { idToken: 'abc123', type: 'ISO14443', additionalInfo: [{ additionalIdToken: 'x', type: 'y' }] },
        { idToken: 'abc123', type: 'ISO14443' },
      ),
    );
    assert.ok(!tokensEqual({ idToken: 'abc123', type: 'ISO14443' }, { idToken: 'abc123', type: 'ISO15693' }));
    assert.ok(!tokensEqual({ idToken: 'abc123', type: 'ISO14443' }, { idToken: 'abc124', type: 'ISO14443' }));
  });

  it('§1.2 – same group only when both groupIdTokens are present, not empty and equal', () => {
    const g = { idToken: 'FAMILY', type: 'Central' } as const;
    assert.ok(sameGroup(g, { idToken: 'family', type: 'Central' }));
    assert.ok(!sameGroup(g, undefined));
    assert.ok(!sameGroup(undefined, undefined));
    assert.ok(!sameGroup({ idToken: '', type: 'Central' }, { idToken: '', type: 'Central' }));
    assert.ok(!sameGroup(g, { idToken: 'OTHER', type: 'Central' }));
  });

  it('C16 – the Master Pass group is AuthCtrlr.MasterPassGroupId; unset means no Master Pass', () => {
    const info = { status: 'Accepted', groupIdToken: { idToken: 'police', type: 'Central' } } as const;
    assert.ok(inMasterPassGroup(info, 'POLICE'));
    assert.ok(!inMasterPassGroup(info, undefined));
    assert.ok(!inMasterPassGroup(info, ''));
    assert.ok(!inMasterPassGroup({ status: 'Accepted' }, 'POLICE'));
  });

  it('C02.FR.03, C03.FR.01, C05.FR.01 – NoAuthorization and Central tokens are never asked for', () => {
    assert.ok(!needsAuthorization({ idToken: '', type: 'NoAuthorization' }));
    assert.ok(!needsAuthorization({ idToken: 'c1', type: 'Central' }));
    assert.ok(needsAuthorization({ idToken: '1234', type: 'KeyCode' }));
  });

  it('C10.FR.12 – the cache key is a hash that does not contain the token, equal for equal tokens', () => {
    const hash = tokenHash({ idToken: 'DEADBEEF', type: 'ISO14443' });
    assert.match(hash, /^[0-9a-f]{64}$/);
    assert.ok(!hash.toLowerCase().includes('deadbeef'));
    assert.equal(hash, tokenHash({ idToken: 'deadbeef', type: 'ISO14443' }));
    assert.notEqual(hash, tokenHash({ idToken: 'DEADBEEF', type: 'ISO15693' }));
  });

  it('C01.FR.19-21 – an absent evseId list allows every EVSE, a list only those in it', () => {
    assert.ok(allowedOnEvse({ status: 'Accepted' }, 2));
    assert.ok(allowedOnEvse({ status: 'Accepted', evseId: [1] }, undefined));
    assert.ok(allowedOnEvse({ status: 'Accepted', evseId: [1, 2] }, 2));
    assert.ok(!allowedOnEvse({ status: 'Accepted', evseId: [1] }, 2));
  });
});
