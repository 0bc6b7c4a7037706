// What a station is: identity reported in BootNotification and its EVSE/connector layout.
// Read from the `--config` JSON file; every field has a default so `npm start` needs none.

import { readFileSync } from 'node:fs';

export interface ConnectorDescription {
  id: number;
  type: string;
}
export interface EvseDescription {
  id: number;
  connectors: ConnectorDescription[];
  /** The EVSE's rated power, W, when the description gives one (a DC charger's 50 kW, say). */
  maxPowerW?: number;
}

/** Connector types of DC charging (ConnectorEnumType): CCS and CHAdeMO (cG105). */
const DC_CONNECTOR_TYPES: ReadonlySet<string> = new Set(['cCCS1', 'cCCS2', 'cG105']);

/** A DC EVSE is one whose connectors are all DC connectors; the others are AC. */
export function isDcEvse(evse: Pick<EvseDescription, 'connectors'>): boolean {
  return evse.connectors.length > 0 && evse.connectors.every((c) => DC_CONNECTOR_TYPES.has(c.type));
}
export interface StationDescription {
  vendorName: string;
  model: string;
  serialNumber?: string;
  firmwareVersion?: string;
  evses: EvseDescription[];
}

/** A bad station description: reported in one line, exit code 2 from the command line. */
export class DescriptionError extends Error {
  override readonly name = 'DescriptionError';
}

export function defaultDescription(evseCount = 1): StationDescription {
  return {
    vendorName: 'OpenWallbox',
    model: 'Virtual-22',
    serialNumber: 'VW-0001',
    firmwareVersion: '0.1.0',
    evses: Array.from({ length: evseCount }, (_, i) => ({ id: i + 1, connectors: [{ id: 1, type: 'cType2' }] })),
  };
}

export function loadDescription(file: string | undefined, evseCount: number | undefined): StationDescription {
  const base = defaultDescription(evseCount ?? 1);
  if (!file) return base;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new DescriptionError(`cannot read --config ${file}: ${(error as Error).message}`);
  }
  return parseDescription(raw, base, evseCount);
}

export function parseDescription(raw: unknown, base: StationDescription, evseCount?: number): StationDescription {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new DescriptionError('--config must hold a JSON object');
  const r = raw as Record<string, unknown>;
  const text = (key: string, max: number): string | undefined => {
    const v = r[key];
    if (v === undefined) return undefined;
    // Lengths are those of ChargingStationType in BootNotificationRequest.
    if (typeof v !== 'string' || v.length === 0 || v.length > max) {
      throw new DescriptionError(`--config: "${key}" must be a string of 1 to ${max} characters`);
    }
    return v;
  };
  const description: StationDescription = {
    vendorName: text('vendorName', 50) ?? base.vendorName,
    model: text('model', 20) ?? base.model,
    evses: r.evses === undefined ? (evseCount ? defaultDescription(evseCount).evses : base.evses) : parseEvses(r.evses),
  };
  const serialNumber = text('serialNumber', 25) ?? base.serialNumber;
  const firmwareVersion = text('firmwareVersion', 50) ?? base.firmwareVersion;
  if (serialNumber !== undefined) description.serialNumber = serialNumber;
  if (firmwareVersion !== undefined) description.firmwareVersion = firmwareVersion;
  return description;
}

function parseEvses(value: unknown): EvseDescription[] {
  if (!Array.isArray(value) || value.length === 0) throw new DescriptionError('--config: "evses" must be a non-empty array');
  return value.map((evse: unknown, i) => {
    const e = evse as { connectors?: unknown; maxPowerW?: unknown } | null;
    const connectors = e && Array.isArray(e.connectors) ? e.connectors : [{}];
    if (connectors.length === 0) throw new DescriptionError(`--config: EVSE ${i + 1} has no connectors`);
    const maxPowerW = e?.maxPowerW;
    if (maxPowerW !== undefined && !(typeof maxPowerW === 'number' && maxPowerW > 0 && Number.isFinite(maxPowerW))) {
      throw new DescriptionError(`--config: maxPowerW of EVSE ${i + 1} must be a number of W above 0`);
    }
    // EVSE and connector ids run 1..n without gaps (Part 2 §2.4), so they are given by position.
    return {
      id: i + 1,
      connectors: connectors.map((c: unknown, j) => {
        const type = (c as { type?: unknown } | null)?.type ?? 'cType2';
        if (typeof type !== 'string') throw new DescriptionError(`--config: connector type of EVSE ${i + 1} must be a string`);
        return { id: j + 1, type };
      }),
      ...(maxPowerW === undefined ? {} : { maxPowerW }),
    };
  });
}
