// Which variable a monitor watches, as one comparable string: the device model's own spelling
// of the component (name, instance, EVSE, connector) and variable (name, instance).

import { formatPath, plainKey, type VariableKey } from '../../device-model/path.js';

export const variableId = (key: VariableKey): string => formatPath(plainKey(key)).toLowerCase();

export const sameVariable = (a: VariableKey, b: VariableKey): boolean => variableId(a) === variableId(b);
