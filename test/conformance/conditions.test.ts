// The reading of Part 5 conditions that picks the conditional cases from the vendor declaration.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { conditionHolds, type VendorDeclaration } from './support/conditions.js';

const d: VendorDeclaration = {
  product: { subtypes: [] },
  profiles: ['Core', 'Local Authorization List Management'],
  features: {
    'C-30': false,
    'C-31': false,
    'C-32': true,
    'C-33': false,
    'C-34': false,
    'C-35': false,
    'C-49': true,
    'C-09.1': false,
    'C-09.2': true,
  },
  questions: { 'AQ-2': false },
  hardware: { 'HFS-8': 1 },
};

it('Part 5 §4 conditions – and/or/not, ranges, hardware counts, profiles and product subtypes are read', () => {
  assert.equal(conditionHolds('C-49 and (C-30 or C-31 or C-32)', d), true);
  assert.equal(conditionHolds('(C-30 or C-31 or C-32) and NOT AQ-2', d), true);
  assert.equal(conditionHolds('HFS-8 &gt; 1', d), false);
  assert.equal(conditionHolds('C-30 - C-31 or ISO 15118 support', d), false);
  assert.equal(
    conditionHolds('C-36-(or) C-39 or Local Authorization List Management', {
      ...d,
      features: { ...d.features, 'C-36': false, 'C-37': false, 'C-38': false, 'C-39': false },
    }),
    true,
  );
  assert.equal(conditionHolds('C-09', d), true, 'a feature with sub-options holds when one of them does');
  assert.equal(
    conditionHolds('NOT C-09.5 and NOT Product Subtype "Mode 1/2-only Charging Station"', {
      ...d,
      features: { ...d.features, 'C-09.5': false },
    }),
    true,
  );
  assert.throws(() => conditionHolds('C-99', d), /not declared/);
});
