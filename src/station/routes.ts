// Creates the blocks in order and installs what they declare on the endpoint: each action's one
// owner (checked at compile time in blocks.ts, and here against a second owner), the hooks other
// blocks add to it, and the TriggerMessage table.

import type { CsmsToStationAction, MessageTriggerEnumType, RequestOf, ResponseOf } from '../generated/ocpp201/index.js';
import type { AnyBlockDefinition, Block, Hook, Route } from '../kernel/block.js';
import type { Trigger } from '../kernel/trigger.js';
import type { StationContext } from '../kernel/context.js';
import type { StationEndpoint } from './link.js';

type AnyRoute = Route<CsmsToStationAction>;
type AnyHook = Hook<CsmsToStationAction>;

export interface InstalledBlocks {
  apis: Record<string, unknown>;
  blocks: Block<unknown>[];
  triggers: Map<MessageTriggerEnumType, Trigger>;
}

/** Creates every definition with the APIs it needs; `provided` are the root's own offerings. */
export function createBlocks(
  definitions: readonly AnyBlockDefinition[],
  ctx: StationContext,
  provided: Record<string, unknown>,
): InstalledBlocks {
  const apis: Record<string, unknown> = {};
  const available: Record<string, unknown> = { ...provided };
  const blocks: Block<unknown>[] = [];
  const triggers = new Map<MessageTriggerEnumType, Trigger>();
  for (const definition of definitions) {
    const needs: Record<string, unknown> = {};
    for (const name of definition.needs) {
      if (!(name in available)) throw new Error(`block ${definition.name} needs ${name}, which is not created before it`);
      needs[name] = available[name];
    }
    const block = definition.create(ctx, needs);
    apis[definition.name] = block.api;
    available[definition.name] = block.api;
    blocks.push(block);
    for (const [message, trigger] of Object.entries(block.triggers ?? {})) {
      if (triggers.has(message as MessageTriggerEnumType)) throw new Error(`${message} has two triggers`);
      triggers.set(message as MessageTriggerEnumType, trigger);
    }
  }
  return { apis, blocks, triggers };
}

/** Routes every action a block owns to its handler, with the hooks of the other blocks around it. */
export function installRoutes(
  endpoint: StationEndpoint,
  blocks: readonly Block<unknown>[],
  notSupported: readonly CsmsToStationAction[] = [],
): void {
  const owners = new Map<CsmsToStationAction, AnyRoute>();
  const hooks = new Map<CsmsToStationAction, AnyHook[]>();
  for (const block of blocks) {
    for (const [action, route] of Object.entries(block.routes ?? {}) as [CsmsToStationAction, AnyRoute][]) {
      if (owners.has(action)) throw new Error(`${action} has two owners`);
      if (notSupported.includes(action)) throw new Error(`${action} is owned by a block and listed as not supported`);
      owners.set(action, route);
    }
    for (const [action, list] of Object.entries(block.hooks ?? {}) as [CsmsToStationAction, AnyHook[]][]) {
      hooks.set(action, [...(hooks.get(action) ?? []), ...list]);
    }
  }
  for (const [action, route] of owners) {
    const around = hooks.get(action) ?? [];
    endpoint.handle(action, (request, call) => firstAnswer(around, request) ?? route.handle(request, call));
    if (route.after) endpoint.after(action, (request, response) => route.after?.(request, response));
    for (const hook of around) if (hook.after) endpoint.after(action, (request, response) => hook.after?.(request, response));
  }
  for (const action of hooks.keys()) if (!owners.has(action)) throw new Error(`hooks on ${action}, which no block owns`);
}

function firstAnswer<A extends CsmsToStationAction>(hooks: readonly Hook<A>[], request: RequestOf<A>): ResponseOf<A> | undefined {
  for (const hook of hooks) {
    const answer = hook.before?.(request);
    if (answer !== undefined) return answer;
  }
  return undefined;
}
