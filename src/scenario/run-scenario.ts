// Runs a scenario's steps, in order, against one station's control surface. A step that cannot
// be carried out, a waitFor that times out or an expect that does not hold fails the scenario
// there; the steps after it are not run. Waits run on the station's clock.

import type { Clock, TimerHandle } from '../clock/clock.js';
import type { ControlTarget, StationSnapshot } from '../control/control-target.js';
import type { TraceFrame } from '../control/snapshot.js';
import { unmet } from './condition.js';
import type { ScenarioStep } from './scenario.js';

export interface StepResult {
  index: number;
  kind: ScenarioStep['kind'];
  ok: boolean;
  /** How long the step took, ms of the clock. */
  ms: number;
  error?: string;
}

export interface ScenarioResult {
  passed: boolean;
  steps: StepResult[];
}

/**
 * An expect looks at the frames seen since the run began; a waitFor at those since the step
 * before it began, so that it can wait for what that step causes (unplug, then the Ended event).
 */
export async function runScenario(target: ControlTarget, steps: readonly ScenarioStep[], clock: Clock): Promise<ScenarioResult> {
  const frames: TraceFrame[] = [];
  const changes = new Set<() => void>();
  const unsubscribe = target.subscribe((event) => {
    if (event.type === 'frame') frames.push(event.data);
    for (const change of [...changes]) change();
  });
  const results: StepResult[] = [];
  let previousFrom = 0;
  try {
    for (const [index, step] of steps.entries()) {
      const startedAt = clock.now();
      const from = frames.length;
      const error = await runStep(step, { target, clock, frames, changes, since: previousFrom });
      previousFrom = from;
      results.push({ index, kind: step.kind, ok: error === undefined, ms: clock.now() - startedAt, ...(error ? { error } : {}) });
      if (error) break;
    }
  } finally {
    unsubscribe();
  }
  return { passed: results.length === steps.length && results.every((r) => r.ok), steps: results };
}

interface RunContext {
  target: ControlTarget;
  clock: Clock;
  frames: TraceFrame[];
  /** Called on every state change and frame. */
  changes: Set<() => void>;
  /** Where the frames of the step before this one begin. */
  since: number;
}

/** The reason the step failed, or undefined. */
async function runStep(step: ScenarioStep, run: RunContext): Promise<string | undefined> {
  const { target } = run;
  try {
    switch (step.kind) {
      case 'wait':
        await sleep(run.clock, step.ms);
        return undefined;
      case 'expect': {
        const missing = unmet(step.condition, target.snapshot(), run.frames);
        return missing.length ? missing.join('; ') : undefined;
      }
      case 'waitFor':
        return await waitFor(step, run);
      default:
        act(target, step);
        return undefined;
    }
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The steps that do something to the station at once. */
function act(target: ControlTarget, step: Exclude<ScenarioStep, { kind: 'wait' | 'waitFor' | 'expect' }>): void {
  switch (step.kind) {
    case 'plug':
      return target.plug(step.evseId, step.connectorId, step.ev, { lockFails: step.lockFails === true });
    case 'unplug':
      return target.unplug(step.evseId);
    case 'ev':
      return target.setEv(step.evseId, step.change);
    case 'idToken':
      return target.presentIdToken(step.token);
    case 'hardwareFault':
      return target.setFault(step.evseId, step.faulted);
    case 'fault':
      return target.fault(step.fault);
  }
}

function waitFor(step: Extract<ScenarioStep, { kind: 'waitFor' }>, run: RunContext): Promise<string | undefined> {
  const check = (snapshot: StationSnapshot): string[] => unmet(step.condition, snapshot, run.frames.slice(run.since));
  return new Promise((resolve) => {
    if (check(run.target.snapshot()).length === 0) return resolve(undefined);
    const finish = (error: string | undefined): void => {
      run.changes.delete(onChange);
      run.clock.clearTimeout(timer);
      resolve(error);
    };
    const onChange = (): void => {
      if (check(run.target.snapshot()).length === 0) finish(undefined);
    };
    const timer: TimerHandle = run.clock.setTimeout(() => {
      const missing = check(run.target.snapshot());
      finish(missing.length ? `not within ${step.timeoutMs / 1000} s: ${missing.join('; ')}` : undefined);
    }, step.timeoutMs);
    run.changes.add(onChange);
  });
}

function sleep(clock: Clock, ms: number): Promise<undefined> {
  return new Promise((resolve) => clock.setTimeout(() => resolve(undefined), ms));
}

/** One line a step, then the verdict: what `ocpp-station run --scenario` prints. */
export function formatResult(name: string, result: ScenarioResult, total: number): string {
  const lines = result.steps.map(
    (s) => `step ${s.index + 1}/${total} ${s.kind}: ${s.ok ? 'ok' : `FAILED: ${s.error}`} (${(s.ms / 1000).toFixed(1)} s)`,
  );
  const skipped = total - result.steps.length;
  lines.push(`scenario ${name}: ${result.passed ? 'passed' : `failed${skipped ? `, ${skipped} step(s) not run` : ''}`}`);
  return `${lines.join('\n')}\n`;
}
