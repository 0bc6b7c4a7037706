// Tool validations shared by the meter-value cases (block J): the configured measurands as the
// station reports them, a value per measurand, the errata's location rule, and the spacing of
// timestamps by a configured interval.

import assert from 'node:assert/strict';
import type { Booted } from './states.js';

type Json = Record<string, unknown>;

/** The measurands of a MemberList variable, as GetVariables reports them. */
export async function configuredMeasurands(b: Booted, component: string, variable: string): Promise<string[]> {
  const res = (await b.link.call('GetVariables', {
    getVariableData: [{ component: { name: component }, variable: { name: variable } }],
  })) as {
    getVariableResult: Json[];
  };
  const [result] = res.getVariableResult;
  assert.equal(result!.attributeStatus, 'Accepted', `${component}.${variable} can be read`);
  return String(result!.attributeValue ?? '')
    .split(',')
    .filter(Boolean);
}

/**
 * sampledValue contains an element per configured measurand (the measurand field may be omitted
 * for Energy.Active.Import.Register), and, errata 2024-09 for all J cases, none has location EV
 * unless its measurand is SoC.
 */
export function hasMeasurands(meterValue: Json, measurands: readonly string[], what: string): void {
  const sampled = meterValue.sampledValue as Json[];
  const seen = new Set(sampled.map((s) => s.measurand ?? 'Energy.Active.Import.Register'));
  for (const measurand of measurands) assert.ok(seen.has(measurand), `${what}: sampledValue has an element for ${measurand}`);
  for (const s of sampled) {
    if (s.location === 'EV') assert.equal(s.measurand, 'SoC', `${what}: post scenario: location EV only for measurand SoC`);
  }
}

/**
 * Post scenario: the intervals between `times` (ms; repeats allowed, several messages may share
 * one) equal `intervalS` or a multiple of it. `toleranceMs` is 0 for clock-aligned times, which
 * are exact; times read from a running clock (a sample taken when a timer fires) may be late by
 * the timer's precision.
 */
export function spacedBy(times: number[], intervalS: number, toleranceMs: number, what: string): void {
  const distinct = [...new Set(times)].sort((a, b) => a - b);
  for (let i = 1; i < distinct.length; i++) {
    const gapMs = distinct[i]! - distinct[i - 1]!;
    const multiple = Math.max(1, Math.round(gapMs / (intervalS * 1000)));
    assert.ok(
      Math.abs(gapMs - multiple * intervalS * 1000) <= toleranceMs,
      `post scenario: ${what} ${intervalS} s apart or a multiple (${gapMs} ms)`,
    );
  }
}

/** Every meterValue's sampledValue[0].context. */
export const firstContexts = (meterValues: Json[]): unknown[] => meterValues.map((v) => (v.sampledValue as Json[])[0]!.context);

/** Post scenario of TC_J_07/TC_J_08: each meterValue starts with Transaction.Begin and has every configured measurand. */
export function beginValues(values: Json[], measurands: string[]): void {
  for (const [i, value] of values.entries()) {
    assert.equal(
      (value.sampledValue as Json[])[0]!.context,
      'Transaction.Begin',
      `post scenario: meterValue[${i}].sampledValue[0].context Transaction.Begin`,
    );
    hasMeasurands(value, measurands, `post scenario: meterValue[${i}]`);
  }
}
