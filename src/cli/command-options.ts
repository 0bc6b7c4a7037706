// Option checks shared by the commands (`run`, `fleet`, `csms`, `local-controller`).

import { EmsUrlError, type ModbusEmsOptions, parseEmsUrl } from '../hal/modbus/ems-options.js';
import { UsageError } from './usage-error.js';

/** `--csms` must be a WebSocket URL; the station id is appended to it. */
export function checkCsmsUrl(url: string | undefined): void {
  if (url !== undefined && !/^wss?:\/\/[^/]/.test(url))
    throw new UsageError(`--csms ${url}: expected ws://host[:port][/path] or wss://...`);
}

/** A password SecurityCtrlr.BasicAuthPassword takes: 16 to 40 characters, its minLimit and maxLimit (A00.FR.205). */
export function isBasicAuthPassword(password: string | undefined): password is string {
  return password !== undefined && password.length >= 16 && password.length <= 40;
}

/**
 * `--set Component[:instance][@evseId]/Variable[:instance]=value`, repeatable, into device-model
 * overrides (path → value). The device model itself refuses unknown variables and bad values.
 */
export function parseSetOptions(options: readonly string[]): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const option of options) {
    const eq = option.indexOf('=');
    if (eq <= 0 || !option.slice(0, eq).includes('/')) throw new UsageError(`--set ${option}: expected Component/Variable=value`);
    overrides[option.slice(0, eq)] = option.slice(eq + 1);
  }
  return overrides;
}

/** `--ems-modbus tcp://HOST[:PORT]?register=N&...`: the energy manager to read the limit from; `evses` it may name. */
export function parseEmsOption(url: string | undefined, evses: number): ModbusEmsOptions | undefined {
  if (url === undefined) return undefined;
  try {
    const options = parseEmsUrl(url);
    if (options.evseId > evses) throw new EmsUrlError(`evse=${options.evseId}: the station has ${evses} EVSE(s); 0 is the whole station`);
    return options;
  } catch (error) {
    if (error instanceof EmsUrlError) throw new UsageError(`--ems-modbus ${url}: ${error.message}`);
    throw error;
  }
}

/** A TCP port option, 0 (any free port) to 65535; `fallback` when the option is not given. */
export function portOption(name: string, text: string, fallback?: number): number;
export function portOption(name: string, text: string | undefined, fallback: number): number;
export function portOption(name: string, text: string | undefined): number | undefined;
export function portOption(name: string, text: string | undefined, fallback?: number): number | undefined {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > 65535) throw new UsageError(`${name} ${text}: expected a port from 0 to 65535`);
  return value;
}
