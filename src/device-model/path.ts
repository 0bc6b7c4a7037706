// Text form of a device-model address, as `--set` and logs write it:
//   Component[:instance][@evseId[:connectorId]]/Variable[:instance]
// e.g. `EVSE@1/AvailabilityState`, `Connector@1:1/ConnectorType`,
// `OCPPCommCtrlr/MessageTimeout:Default`. The parsed key has the wire shape of ComponentType
// and VariableType, so it goes to and from SetVariables/GetVariables/NotifyReport unchanged.

import type { ComponentType, VariableType } from '../generated/ocpp201/types.js';

export interface VariableKey {
  component: ComponentType;
  variable: VariableType;
}

export class PathError extends Error {
  override readonly name = 'PathError';
}

// Names and instances: no separators of this syntax, at most 50 characters (ComponentType,
// VariableType). A variable instance may hold ':' and '.' (FieldLength's `<message>.<field>`).
const NAME = '[^:@/\\s]{1,50}';
const PATH = new RegExp(`^(${NAME})(?::([^@/\\s]{1,50}))?(?:@(\\d+)(?::(\\d+))?)?/(${NAME})(?::([^/\\s]{1,50}))?$`);

export function parsePath(text: string): VariableKey {
  const m = PATH.exec(text);
  if (!m) throw new PathError(`${text}: expected Component[:instance][@evse[:connector]]/Variable[:instance]`);
  const [, name, instance, evseId, connectorId, variableName, variableInstance] = m;
  const component: ComponentType = { name: name! };
  if (instance !== undefined) component.instance = instance;
  if (evseId !== undefined) {
    const id = Number(evseId);
    // EVSE and connector ids start at 1 (Part 2 §2.4); 0 would address the station itself.
    if (id < 1) throw new PathError(`${text}: EVSE id must be 1 or more`);
    component.evse = { id };
    if (connectorId !== undefined) {
      const connector = Number(connectorId);
      if (connector < 1) throw new PathError(`${text}: connector id must be 1 or more`);
      component.evse.connectorId = connector;
    }
  }
  const variable: VariableType = { name: variableName! };
  if (variableInstance !== undefined) variable.instance = variableInstance;
  return { component, variable };
}

export function formatPath(key: VariableKey): string {
  const { component: c, variable: v } = key;
  const evse = c.evse ? `@${c.evse.id}${c.evse.connectorId !== undefined ? `:${c.evse.connectorId}` : ''}` : '';
  return `${c.name}${c.instance ? `:${c.instance}` : ''}${evse}/${v.name}${v.instance ? `:${v.instance}` : ''}`;
}

/** Parses one `--set PATH=VALUE` option; the value may be empty or contain '='. */
export function parseSetOption(option: string): [VariableKey, string] {
  const at = option.indexOf('=');
  if (at < 0) throw new PathError(`--set ${option}: expected Component/Variable=value`);
  return [parsePath(option.slice(0, at)), option.slice(at + 1)];
}

/** The key without wire extras (customData) and without empty instances, for lookups and echoes. */
export function plainKey(key: VariableKey): VariableKey {
  const { component: c, variable: v } = key;
  const component: ComponentType = { name: c.name };
  if (c.instance) component.instance = c.instance;
  if (c.evse) component.evse = c.evse.connectorId !== undefined ? { id: c.evse.id, connectorId: c.evse.connectorId } : { id: c.evse.id };
  const variable: VariableType = { name: v.name };
  if (v.instance) variable.instance = v.instance;
  return { component, variable };
}
