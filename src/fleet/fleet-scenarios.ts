// `ocpp-station fleet --scenario FILE`: every station of the fleet runs the same scenario, the
// engine of `run --scenario`, once it is first Accepted, with `${id}` filled in per station. Only
// a fleet with a scenario builds the control target of its stations, so the others stay cheap.
// Faults in the scenario (withheld answers, a cut link, a power cut) so happen fleet-wide.

import type { Clock } from '../clock/clock.js';
import type { Logger } from '../log/logger.js';
import { runScenario, type ScenarioResult } from '../scenario/run-scenario.js';
import { type ScenarioDocument, type ScenarioStep, scenarioSteps } from '../scenario/scenario.js';
import { VirtualWallbox } from '../station/virtual-wallbox.js';
import type { FleetMember } from './fleet-member.js';

/** Failures kept word for word; a fleet of thousands failing the same way needs a few, not all. */
export const MAX_FAILURES_KEPT = 10;

export interface FleetScenariosOptions {
  document: ScenarioDocument;
  /** Stations that will run it: the scenarios are done when this many have passed or failed. */
  expected: number;
  clock: Clock;
  log: Logger;
}

/** What a fleet with a scenario tells of its runs, in process or summed over worker threads. */
export interface ScenarioProgress {
  /** Resolves once every station's scenario has passed or failed. */
  done(): Promise<void>;
  /** The first failures, one line each: the station, the step and why. */
  failures(): readonly string[];
}

export class FleetScenarios implements ScenarioProgress {
  passed = 0;
  failed = 0;
  running = 0;
  private readonly kept: string[] = [];
  private readonly waiting: (() => void)[] = [];
  private stopped = false;

  constructor(private readonly options: FleetScenariosOptions) {}

  /** Starts the scenario on one station; its verdict is counted when it ends. */
  run(stationId: string, member: FleetMember): void {
    if (this.stopped) return;
    this.running++;
    let steps: ScenarioStep[];
    try {
      steps = scenarioSteps(this.options.document, stationId);
    } catch (error) {
      // Checked with a stand-in id when read; this station's own id can still make a value too long.
      this.finish(stationId, { passed: false, steps: [] }, 0, error instanceof Error ? error.message : String(error));
      return;
    }
    const target = new VirtualWallbox(member.runtime, member.hardware);
    runScenario(target, steps, this.options.clock).then(
      (result) => this.finish(stationId, result, steps.length),
      // runScenario turns a step's error into its verdict; anything else is a bug worth a line.
      (error: unknown) => this.finish(stationId, { passed: false, steps: [] }, steps.length, String(error)),
    );
  }

  done(): Promise<void> {
    if (this.isDone()) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  failures(): readonly string[] {
    return this.kept;
  }

  /** The fleet stops: runs still going are left uncounted (neither passed nor failed). */
  stop(): void {
    this.stopped = true;
  }

  private finish(stationId: string, result: ScenarioResult, total: number, crash?: string): void {
    if (this.stopped) return;
    this.running--;
    if (result.passed) this.passed++;
    else {
      this.failed++;
      const line = failureLine(stationId, result, total, crash);
      this.options.log.info({ station: stationId }, `scenario failed: ${line}`);
      if (this.kept.length < MAX_FAILURES_KEPT) this.kept.push(line);
    }
    if (!this.isDone()) return;
    for (const resolve of this.waiting.splice(0)) resolve();
  }

  private isDone(): boolean {
    return this.passed + this.failed >= this.options.expected;
  }
}

/** `FLEET-00003: step 4/6 expect: EVSE 1 transaction is false, not true`. */
export function failureLine(stationId: string, result: ScenarioResult, total: number, crash?: string): string {
  const step = result.steps.find((s) => !s.ok);
  if (!step) return `${stationId}: ${crash ?? `${total - result.steps.length} step(s) not run`}`;
  return `${stationId}: step ${step.index + 1}/${total} ${step.kind}: ${step.error ?? 'failed'}`;
}
