#!/usr/bin/env node
// `ocpp-station <command>`: run a station, a fleet, the built-in local CSMS or a Local Controller.
// Bad input ends with one line on stderr and exit code 2.

import { DescriptionError } from '../description/station-description.js';
import { packageVersion } from './certificate-options.js';
import { runCsmsCommand } from './csms-command.js';
import { runFleetCommand } from './fleet-command.js';
import { runLocalControllerCommand } from './local-controller-command.js';
import { runStationCommand } from './run-command.js';
import { UsageError } from './usage-error.js';

/** The usage of each command, as `<command> --help` prints it. */
const COMMAND_USAGE = {
  run: `ocpp-station run [--csms URL] [--id ID] [--evses N] [--config FILE] [--set C/V=VALUE]...
                        [--data-dir DIR] [--http PORT] [--security-profile 0..3]
                        [--basic-auth-password PW] [--ca FILE] [--client-cert FILE] [--client-key FILE]
                        [--manufacturer-root FILE]... [--csms-root FILE]... [--v2g-root FILE]... [--mo-root FILE]...
                        [--scenario FILE] [--ems-modbus tcp://HOST[:PORT]?register=N&...]`,
  csms: 'ocpp-station csms [--port P] [--http P]',
  fleet: `ocpp-station fleet --count N [--csms URL] [--id-prefix FLEET-] [--evses 1] [--ramp-per-s 50|all]
                          [--data-dir DIR] [--sessions] [--duration S] [--set C/V=VALUE]...
                          [--shard I/N] [--metrics-port P] [--workers N] [--heap speed|size] [--scenario FILE]
                          [--report FILE.json] [--report-html FILE.html]
                          [--manufacturer-root FILE]... [--csms-root FILE]... [--v2g-root FILE]... [--mo-root FILE]...`,
  'local-controller': `ocpp-station local-controller --csms URL --port P [--group-limit-w W] [--own-connection]
                        [--data-dir DIR] [--http P] [--id ID]
                        [--tls-cert FILE --tls-key FILE [--tls-client-ca FILE]]
                        [--ca FILE] [--client-cert FILE --client-key FILE]`,
} as const;

const USAGE = `usage: ${COMMAND_USAGE.run}
       ocpp-station --version
       ${COMMAND_USAGE.csms}
       ${COMMAND_USAGE.fleet}
       ${COMMAND_USAGE['local-controller']}`;

const isHelp = (arg: string | undefined): boolean => arg === '--help' || arg === '-h';

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command !== undefined && Object.hasOwn(COMMAND_USAGE, command) && isHelp(rest[0])) {
    process.stdout.write(`usage: ${COMMAND_USAGE[command as keyof typeof COMMAND_USAGE]}\n`);
    return;
  }
  switch (command) {
    case 'run':
      return runStationCommand(rest);
    case 'csms':
      return runCsmsCommand(rest);
    case 'fleet':
      return runFleetCommand(rest);
    case 'local-controller':
      return runLocalControllerCommand(rest);
    case '--version':
      process.stdout.write(`${packageVersion()}\n`);
      return;
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return;
    default:
      throw new UsageError(
        command === undefined
          ? 'missing command (run, csms, fleet or local-controller)'
          : `unknown command ${command} (run, csms, fleet or local-controller)`,
      );
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof DescriptionError) {
    process.stderr.write(`ocpp-station: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`ocpp-station: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
