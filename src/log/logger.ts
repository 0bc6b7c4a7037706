// Structured logs (pino). Secrets never reach a log line: known secret fields are redacted,
// and OCPP frames pass through redactFrame() before they are logged or traced.

import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

// A02.FR.05: the station's private keys under every name they are held by (link options, certificate sources).
const SECRET_FIELDS = ['password', 'basicAuthPassword', 'privateKey', 'key', 'clientKey', 'stationKey', 'authorization'];

export function createLogger(options: { level?: string; name?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      name: options.name ?? 'ocpp-station',
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      redact: { paths: SECRET_FIELDS.flatMap((f) => [f, `*.${f}`]), censor: '[redacted]' },
    },
    options.destination ?? pino.destination({ fd: 2, sync: false }),
  );
}

export const silentLogger: Logger = pino({ level: 'silent' });

/** Device-model variables whose values are secret (write-only) and must never be shown. */
const SECRET_VARIABLES = new Set(['BasicAuthPassword']);

/**
 * A frame as it may be logged or traced: SetVariables values of secret variables are
 * replaced. Cheap for every other frame (one substring test).
 */
export function redactFrame(text: string): string {
  if (!text.includes('BasicAuthPassword')) return text;
  try {
    const frame: unknown = JSON.parse(text);
    scrub(frame);
    return JSON.stringify(frame);
  } catch {
    return '[unreadable frame redacted]';
  }
}

function scrub(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(scrub);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  const variable = record.variable as { name?: unknown } | undefined;
  if (variable && SECRET_VARIABLES.has(String(variable.name)) && 'attributeValue' in record) {
    record.attributeValue = '[redacted]';
  }
  for (const value of Object.values(record)) scrub(value);
}
