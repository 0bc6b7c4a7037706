// Whether a value written by the CSMS fits a variable (B05.FR.07 format, B05.FR.08 range).
// The answer is a StatusInfo for the Rejected result, with a reason code from the
// Part 2 reason code list, or undefined when the value is fine.

import type { StatusInfoType, VariableCharacteristicsType } from '../generated/ocpp201/types.js';

type Characteristics = Omit<VariableCharacteristicsType, 'customData'>;

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
// RFC 3339 date-time, the dateTime of Part 2 §2.1 (time zone optional per the device model).
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/i;

/** StatusInfoType.additionalInfo holds at most 512 characters (and so must every answer that echoes a value). */
const INFO_MAX = 512;
/** A value named in a reason is cut to this many characters: enough to recognise it. */
const ECHO_MAX = 40;

const reject = (reasonCode: string, additionalInfo: string): StatusInfoType => ({
  reasonCode,
  additionalInfo: additionalInfo.length <= INFO_MAX ? additionalInfo : `${additionalInfo.slice(0, INFO_MAX - 1)}…`,
});

const echo = (value: string): string => (value.length <= ECHO_MAX ? value : `${value.slice(0, ECHO_MAX - 1)}…`);

export function checkValue(value: string, c: Characteristics, maxSize?: number): StatusInfoType | undefined {
  // ConfigurationValueSize limits SetVariableData.attributeValue.
  if (maxSize !== undefined && value.length > maxSize) return reject('TooLargeElement', `longer than ${maxSize} characters`);
  switch (c.dataType) {
    case 'integer':
    case 'decimal': {
      const pattern = c.dataType === 'integer' ? INTEGER : DECIMAL;
      if (!pattern.test(value.trim())) return reject('InvalidValue', `not ${c.dataType === 'integer' ? 'an integer' : 'a decimal'}`);
      const n = Number(value);
      if (c.minLimit !== undefined && n < c.minLimit) return reject('ValueTooLow', `below ${c.minLimit}`);
      if (c.maxLimit !== undefined && n > c.maxLimit) return reject('ValueTooHigh', `above ${c.maxLimit}`);
      return undefined;
    }
    case 'boolean':
      return value === 'true' || value === 'false' ? undefined : reject('InvalidValue', 'not true or false');
    case 'dateTime':
      return DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)) ? undefined : reject('InvalidValue', 'not an RFC 3339 date-time');
    case 'string':
      return checkLength(value, c);
    case 'OptionList':
    case 'MemberList':
    case 'SequenceList':
      return checkLength(value, c) ?? checkList(value, c);
  }
}

/** For strings and lists maxLimit is the maximum length; minLimit, where given, the minimum (BasicAuthPassword: 16). */
function checkLength(value: string, c: Characteristics): StatusInfoType | undefined {
  if (c.maxLimit !== undefined && value.length > c.maxLimit) return reject('ValueTooHigh', `longer than ${c.maxLimit} characters`);
  if (c.minLimit !== undefined && value.length < c.minLimit) return reject('ValueTooLow', `shorter than ${c.minLimit} characters`);
  return undefined;
}

function checkList(value: string, c: Characteristics): StatusInfoType | undefined {
  const allowed = splitList(c.valuesList ?? '');
  const items = splitList(value);
  // OptionList: exactly one value of the list. Member/SequenceList: a (sub)set, each once;
  // an empty MemberList is allowed (e.g. "no measurands in TxEnded").
  if (c.dataType === 'OptionList' && items.length !== 1) return reject('InvalidValue', 'exactly one value of the list expected');
  if (c.dataType === 'SequenceList' && items.length === 0) return reject('InvalidValue', 'at least one value expected');
  if (new Set(items).size !== items.length) return reject('InvalidValue', 'a value appears twice');
  const unknown = items.find((i) => !allowed.includes(i));
  if (unknown !== undefined) return reject('InvalidValue', `${echo(unknown)} is not one of ${allowed.join(',')}`);
  return undefined;
}

/** A comma-separated list; spaces around items are not part of them. */
export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** The stored form of a value: booleans in lower case, list items without surrounding spaces. */
export function normalizeValue(value: string, dataType: VariableCharacteristicsType['dataType']): string {
  if (dataType === 'boolean') return value.trim().toLowerCase();
  if (dataType === 'OptionList' || dataType === 'MemberList' || dataType === 'SequenceList') return splitList(value).join(',');
  return value;
}
