import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DescriptionError, defaultDescription, isDcEvse, parseDescription } from './station-description.js';

describe('Station description', () => {
  it('an EVSE with CCS or CHAdeMO connectors is DC; Type 2 and mixed ones are AC', () => {
    const evses = parseDescription(
      {
        evses: [
          { connectors: [{ type: 'cCCS2' }], maxPowerW: 150_000 },
          { connectors: [{ type: 'cCCS1' }, { type: 'cG105' }] },
          { connectors: [{ type: 'cType2' }] },
          { connectors: [{ type: 'cCCS2' }, { type: 'sType2' }] },
        ],
      },
      defaultDescription(),
    ).evses;
    assert.deepEqual(
      evses.map((e) => isDcEvse(e)),
      [true, true, false, false],
    );
    assert.equal(evses[0]?.maxPowerW, 150_000);
    assert.equal('maxPowerW' in evses[1]!, false);
    assert.equal(isDcEvse(defaultDescription().evses[0]!), false);
  });

  it('a maxPowerW that is not a number of W above 0 is a DescriptionError', () => {
    for (const maxPowerW of [0, -1, '50000', null, Number.POSITIVE_INFINITY]) {
      assert.throws(
        () => parseDescription({ evses: [{ connectors: [{ type: 'cCCS2' }], maxPowerW }] }, defaultDescription()),
        DescriptionError,
        String(maxPowerW),
      );
    }
  });
});
