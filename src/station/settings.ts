// The link settings a station runs with, named and defaulted as the OCPP 2.0.1 device model
// names them (OCPPCommCtrlr, SecurityCtrlr). They start from `--set` and change at run time;
// listeners let the blocks react (e.g. a new HeartbeatInterval reschedules the heartbeat).

export interface LinkSettings {
  'OCPPCommCtrlr/HeartbeatInterval': number;
  'OCPPCommCtrlr/WebSocketPingInterval': number;
  'OCPPCommCtrlr/RetryBackOffWaitMinimum': number;
  'OCPPCommCtrlr/RetryBackOffRandomRange': number;
  'OCPPCommCtrlr/RetryBackOffRepeatTimes': number;
  'OCPPCommCtrlr/MessageTimeout:Default': number;
  'SecurityCtrlr/SecurityProfile': number;
}
export type SettingKey = keyof LinkSettings;

export const DEFAULT_SETTINGS: Readonly<LinkSettings> = {
  'OCPPCommCtrlr/HeartbeatInterval': 300,
  'OCPPCommCtrlr/WebSocketPingInterval': 30,
  'OCPPCommCtrlr/RetryBackOffWaitMinimum': 5,
  'OCPPCommCtrlr/RetryBackOffRandomRange': 10,
  'OCPPCommCtrlr/RetryBackOffRepeatTimes': 5,
  'OCPPCommCtrlr/MessageTimeout:Default': 30,
  'SecurityCtrlr/SecurityProfile': 0,
};

/** Allowed range of each value (WebSocketPingInterval: negative values are rejected, Part 4 §5.2). */
const RANGES: Record<SettingKey, [number, number]> = {
  'OCPPCommCtrlr/HeartbeatInterval': [1, 86_400 * 7],
  'OCPPCommCtrlr/WebSocketPingInterval': [0, 86_400],
  'OCPPCommCtrlr/RetryBackOffWaitMinimum': [0, 86_400],
  'OCPPCommCtrlr/RetryBackOffRandomRange': [0, 86_400],
  'OCPPCommCtrlr/RetryBackOffRepeatTimes': [0, 100],
  'OCPPCommCtrlr/MessageTimeout:Default': [1, 3_600],
  'SecurityCtrlr/SecurityProfile': [0, 3],
};

export class SettingError extends Error {
  override readonly name = 'SettingError';
}

export class Settings {
  private readonly values: LinkSettings;
  private readonly listeners = new Map<SettingKey, ((value: number) => void)[]>();

  constructor(initial: Partial<LinkSettings> = {}) {
    this.values = { ...DEFAULT_SETTINGS, ...initial };
  }

  get<K extends SettingKey>(key: K): number {
    return this.values[key];
  }

  set(key: SettingKey, value: number): void {
    checkRange(key, value);
    if (this.values[key] === value) return;
    this.values[key] = value;
    for (const listener of this.listeners.get(key) ?? []) listener(value);
  }

  onChange(key: SettingKey, listener: (value: number) => void): void {
    this.listeners.set(key, [...(this.listeners.get(key) ?? []), listener]);
  }
}

function checkRange(key: SettingKey, value: number): void {
  const [min, max] = RANGES[key];
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new SettingError(`${key} must be an integer from ${min} to ${max}, got ${value}`);
  }
}

const isSettingKey = (key: string): key is SettingKey => key in DEFAULT_SETTINGS;

/**
 * Parses one `--set Component[:instance][@evseId]/Variable[:instance]=value` option into
 * a setting. Only the settings this station has are accepted; anything else is an error.
 */
export function parseSetOption(option: string): [SettingKey, number] {
  const match = /^([A-Za-z0-9_]+)(?::[^@/]+)?(?:@\d+)?\/([A-Za-z0-9_]+(?::[A-Za-z0-9_]+)?)=(.*)$/.exec(option);
  if (!match) throw new SettingError(`--set ${option}: expected Component/Variable=value`);
  const [, component, variable, raw] = match as unknown as [string, string, string, string];
  const key = `${component}/${variable}`;
  if (!isSettingKey(key)) {
    throw new SettingError(`--set ${option}: unknown variable ${key} (known: ${Object.keys(DEFAULT_SETTINGS).join(', ')})`);
  }
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  checkRange(key, value);
  return [key, value];
}
