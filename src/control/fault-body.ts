// The body of POST /api/faults (and of a scenario's fault step): which fault, checked completely.
//
//   { "type": "answer", "action": "GetVariables" | "*", "answer": "withhold" | "delay" | "callError",
//     "delayS"?: n, "code"?: "InternalError", "times"?: n }
//   { "type": "frame", "text": "[2,\"1\",\"Heartbeat\"" }
//   { "type": "cut-link", "offlineS"?: n }
//   { "type": "power-cycle" }

import { RPC_ERROR_CODES, type RpcErrorCode } from '../rpc/errors.js';
import type { StationFault } from './control-target.js';
import { HttpError, onlyFields, optionalNumber, optionalPositiveInteger, requiredString } from './request-body.js';

const TYPES = ['answer', 'frame', 'cut-link', 'power-cycle'] as const;
const ANSWERS = ['withhold', 'delay', 'callError'] as const;
/** A CALL's action name, or '*' for any. */
const ACTION = /^(\*|[A-Z][A-Za-z0-9]{1,49})$/;
/** An hour at most: a fault is a test step, not a way to park a station. */
const MAX_S = 3600;

export function stationFault(body: Record<string, unknown>, where = ''): StationFault {
  const type = body.type;
  if (!(TYPES as readonly unknown[]).includes(type)) throw new HttpError(400, `${where}type must be one of ${TYPES.join(', ')}`);
  switch (type as (typeof TYPES)[number]) {
    case 'answer':
      return { type: 'answer', rule: answerRule(body, where) };
    case 'frame':
      onlyFields(body, ['type', 'text']);
      return { type: 'frame', text: requiredString(body, 'text', 1, 65_536) };
    case 'cut-link': {
      onlyFields(body, ['type', 'offlineS']);
      const offlineS = optionalNumber(body, 'offlineS', { min: 0, max: MAX_S });
      return offlineS === undefined ? { type: 'cut-link' } : { type: 'cut-link', offlineMs: offlineS * 1000 };
    }
    case 'power-cycle':
      onlyFields(body, ['type']);
      return { type: 'power-cycle' };
  }
}

function answerRule(body: Record<string, unknown>, where: string): Extract<StationFault, { type: 'answer' }>['rule'] {
  onlyFields(body, ['type', 'action', 'answer', 'delayS', 'code', 'times']);
  const action = body.action;
  if (typeof action !== 'string' || !ACTION.test(action)) throw new HttpError(400, `${where}action must be an OCPP action name or "*"`);
  const times = optionalPositiveInteger(body, 'times') ?? 1;
  const answer = body.answer;
  if (!(ANSWERS as readonly unknown[]).includes(answer)) throw new HttpError(400, `${where}answer must be one of ${ANSWERS.join(', ')}`);
  if (answer !== 'delay' && body.delayS !== undefined) throw new HttpError(400, `${where}delayS is only for answer delay`);
  if (answer !== 'callError' && body.code !== undefined) throw new HttpError(400, `${where}code is only for answer callError`);
  if (answer === 'withhold') return { action, times, answer };
  if (answer === 'delay') {
    const delayS = optionalNumber(body, 'delayS', { above: 0, max: MAX_S });
    if (delayS === undefined) throw new HttpError(400, `${where}delayS must be a number of seconds`);
    return { action, times, answer, delayMs: delayS * 1000 };
  }
  const code = body.code ?? 'InternalError';
  if (!(RPC_ERROR_CODES as readonly unknown[]).includes(code))
    throw new HttpError(400, `${where}code must be one of ${RPC_ERROR_CODES.join(', ')}`);
  return { action, times, answer: 'callError', code: code as RpcErrorCode };
}
