// `ocpp-station run`: one virtual charging station, against the built-in local CSMS or the
// CSMS given with --csms (contract: station-cli-and-control-api.md).

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ControlApi } from '../control/http-api.js';
import { startLocalCsms } from '../csms/local-csms.js';
import { DEMO_TARIFF } from '../csms/tariff.js';
import { createLogger } from '../log/logger.js';
import { systemClock } from '../clock/clock.js';
import { DeviceModelError } from '../device-model/device-model.js';
import { PathError } from '../device-model/path.js';
import { DM } from '../generated/ocpp201/dm-catalog.js';
import { withModbusEms } from '../hal/modbus/modbus-ems.js';
import { SimulatedHardware } from '../hal/simulated/simulated-hardware.js';
import { registerFile } from '../hal/simulated/meter-register.js';
import { loadDescription } from '../description/station-description.js';
import { loadScenario, ScenarioError, scenarioSteps } from '../scenario/scenario.js';
import { formatResult, runScenario } from '../scenario/run-scenario.js';
import { StationRuntime } from '../station/runtime.js';
import { VirtualWallbox } from '../station/virtual-wallbox.js';
import { packageVersion, readPem, readRootOptions } from './certificate-options.js';
import { checkCsmsUrl, isBasicAuthPassword, parseEmsOption, parseSetOptions } from './command-options.js';
import { UsageError } from './usage-error.js';

const OPTIONS = {
  csms: { type: 'string' },
  id: { type: 'string', default: 'CS001' },
  evses: { type: 'string' },
  config: { type: 'string' },
  set: { type: 'string', multiple: true, default: [] as string[] },
  'data-dir': { type: 'string' },
  http: { type: 'string', default: '8180' },
  'security-profile': { type: 'string' },
  'basic-auth-password': { type: 'string' },
  ca: { type: 'string' },
  'client-cert': { type: 'string' },
  'client-key': { type: 'string' },
  'manufacturer-root': { type: 'string', multiple: true, default: [] as string[] },
  'csms-root': { type: 'string', multiple: true, default: [] as string[] },
  'v2g-root': { type: 'string', multiple: true, default: [] as string[] },
  'mo-root': { type: 'string', multiple: true, default: [] as string[] },
  scenario: { type: 'string' },
  'ems-modbus': { type: 'string' },
  version: { type: 'boolean', default: false },
} as const;

export async function runStationCommand(argv: string[]): Promise<void> {
  const { values } = parseOptions(argv);
  if (values.version) {
    process.stdout.write(`${packageVersion()}\n`);
    return;
  }
  const id = values.id;
  // The identity doubles as the Basic auth user name: identifierString, at most 48, no ':'.
  if (!/^[A-Za-z0-9*\-_=+|@.]{1,48}$/.test(id)) throw new UsageError(`--id ${id}: 1 to 48 characters of A-Z a-z 0-9 * - _ = + | @ .`);
  const evses = values.evses === undefined ? undefined : integer('--evses', values.evses, 1, 64);
  const httpPort = integer('--http', values.http, 0, 65535);
  const profile = values['security-profile'] === undefined ? undefined : integer('--security-profile', values['security-profile'], 0, 3);
  checkCsmsUrl(values.csms);

  const overrides = parseSetOptions(values.set);
  const password = values['basic-auth-password'];
  if (profile !== undefined) overrides[DM.SecurityCtrlr.SecurityProfile] = String(profile);
  if (password !== undefined) overrides[DM.SecurityCtrlr.BasicAuthPassword] = password;
  const securityProfile = Number(overrides[DM.SecurityCtrlr.SecurityProfile] ?? 0);
  if ((securityProfile === 1 || securityProfile === 2) && !isBasicAuthPassword(password)) {
    throw new UsageError(`security profile ${securityProfile} needs --basic-auth-password of 16 to 40 characters`);
  }
  if (securityProfile >= 2 && !values.csms?.startsWith('wss://'))
    throw new UsageError(`security profile ${securityProfile} needs --csms wss://...`);
  if (securityProfile === 3 && (!values['client-cert'] || !values['client-key'])) {
    throw new UsageError('security profile 3 needs --client-cert and --client-key');
  }
  const scenario = values.scenario === undefined ? undefined : readScenario(values.scenario);
  const rootCertificates = readRootOptions(values);
  const description = loadDescription(values.config, evses);
  const ems = parseEmsOption(values['ems-modbus'], description.evses.length);
  const dataDir = resolve(values['data-dir'] ?? `.ocpp-station/${id}`);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const link = {
    ...(values.ca === undefined ? {} : { ca: readPem('--ca', values.ca) }),
    ...(values['client-cert'] === undefined ? {} : { clientCert: readPem('--client-cert', values['client-cert']) }),
    ...(values['client-key'] === undefined ? {} : { clientKey: readPem('--client-key', values['client-key']) }),
  };

  const log = createLogger();
  // The meters keep their registers in the data directory, as real ones keep theirs across a power cut.
  const hardware = new SimulatedHardware(description, { clock: systemClock, registers: registerFile(join(dataDir, 'meters.json')) });
  // An energy manager on Modbus TCP: its limit reaches the stack as an input of the hardware.
  const hal = ems ? withModbusEms(hardware, ems, systemClock, log.child({ ems: `${ems.host}:${ems.port}` })) : hardware;
  const csms =
    values.csms === undefined
      ? await startLocalCsms({ port: 0, httpPort: 0, tariff: DEMO_TARIFF, log: log.child({ csms: true }) })
      : undefined;
  let runtime: StationRuntime;
  try {
    runtime = new StationRuntime({
      id,
      description,
      hal,
      overrides,
      log,
      dbFile: join(dataDir, 'station.db'),
      dataDir,
      rootCertificates,
      link: { csmsUrl: values.csms ?? csms!.url, ...link },
    });
  } catch (error) {
    await csms?.close();
    hal.close();
    // A bad --set value (unknown variable, wrong type, out of range) is a usage error.
    if (error instanceof DeviceModelError || error instanceof PathError) throw new UsageError(error.message);
    throw error;
  }
  const wallbox = new VirtualWallbox(runtime, hardware);
  const control = new ControlApi(wallbox, { onError: (error) => log.error({ err: error }, 'control API') });
  const port = await control.listen(httpPort).catch((error: Error) => {
    throw new UsageError(`--http ${httpPort}: ${error.message}`);
  });
  runtime.start();
  process.stdout.write(`dashboard: http://127.0.0.1:${port}/\ncsms: ${runtime.station.url}\n`);
  if (csms) process.stdout.write(`csms api: ${csms.httpUrl}\n`);

  const shutdown = async (code = 0): Promise<void> => {
    await runtime.stop();
    await control.close();
    await csms?.close();
    hal.close();
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
  if (scenario) {
    // The scenario drives the station from outside, as the control API would; its verdict is the exit code.
    const steps = scenarioSteps(scenario.document, id, scenario.file);
    const result = await runScenario(wallbox, steps, systemClock);
    process.stdout.write(formatResult(scenario.document.name ?? scenario.file, result, steps.length));
    await shutdown(result.passed ? 0 : 1);
  }
}

function readScenario(file: string) {
  try {
    return { file, document: loadScenario(file) };
  } catch (error) {
    if (error instanceof ScenarioError) throw new UsageError(error.message);
    throw error;
  }
}

function parseOptions(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false } as const);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function integer(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new UsageError(`${name} ${text}: expected an integer from ${min} to ${max}`);
  return value;
}
