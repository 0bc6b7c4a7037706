// Creates the blocks in order and installs what they declare on the endpoint: each action's one
// owner (checked at compile time in blocks.ts, and here against a second owner), the hooks other
// blocks add to it, and the TriggerMessage lookup.

import type { CsmsToStationAction, MessageTriggerEnumType } from '../generated/ocpp201/index.js';
import type { HandlerContext, SharedRoutes } from '../rpc/endpoint.js';
import type { AnyBlockDefinition, Block, Hook, Route } from '../kernel/block.js';
import type { Trigger } from '../kernel/trigger.js';
import type { StationContext } from '../kernel/context.js';
import type { StationEndpoint } from './link.js';

type AnyRoute = Route<CsmsToStationAction>;
type AnyHook = Hook<CsmsToStationAction>;

export interface InstalledBlocks {
  apis: Record<string, unknown>;
  blocks: Block<unknown>[];
}

/** Creates every definition with the APIs it needs; `provided` are the root's own offerings. */
export function createBlocks(
  definitions: readonly AnyBlockDefinition[],
  ctx: StationContext,
  provided: Record<string, unknown>,
): InstalledBlocks {
  const apis: Record<string, unknown> = {};
  const available: Record<string, unknown> = { ...provided };
  const triggered = new Set<string>();
  // Made by map, at its final length: every station keeps this array.
  const blocks = definitions.map((definition) => {
    const needs: Record<string, unknown> = {};
    for (const name of definition.needs) {
      if (!(name in available)) throw new Error(`block ${definition.name} needs ${name}, which is not created before it`);
      needs[name] = available[name];
    }
    const block: Block<unknown> = definition.create(ctx, needs);
    apis[definition.name] = block.api;
    available[definition.name] = block.api;
    for (const message of Object.keys(block.triggers ?? {})) {
      if (triggered.has(message)) throw new Error(`${message} has two triggers`);
      triggered.add(message);
    }
    return block;
  });
  return { apis, blocks };
}

/**
 * The trigger of `message` from the one block that declares it (createBlocks checked there is
 * one): looked up in the blocks rather than copied into a map every station would keep.
 */
export function triggerOf(blocks: readonly Block<unknown>[], message: MessageTriggerEnumType): Trigger | undefined {
  for (const block of blocks) {
    const trigger = block.triggers?.[message];
    if (trigger) return trigger;
  }
  return undefined;
}

type StationRoutes = SharedRoutes<CsmsToStationAction, readonly Block<unknown>[]>;
type SharedHandler = (blocks: readonly Block<unknown>[], request: never, call: HandlerContext) => unknown;
/** Where a hook sits: its block's index, and its index in that block's list for the action. */
type HookAt = readonly [block: number, hook: number];
type SharedAfter = (blocks: readonly Block<unknown>[], request: never, response: never) => void | Promise<void>;

/**
 * Route tables by the shape of the blocks' routes and hooks: every station built from the same
 * definitions has the same shape, so a fleet builds one table and each station's endpoint reads
 * its own blocks through it, instead of one wrapper closure per action per station.
 */
const tables = new Map<string, StationRoutes>();

/** Routes every action a block owns to its handler, with the hooks of the other blocks around it. */
export function installRoutes(
  endpoint: StationEndpoint,
  blocks: readonly Block<unknown>[],
  notSupported: readonly CsmsToStationAction[] = [],
): void {
  const owners = new Map<CsmsToStationAction, number>();
  const hooks = new Map<CsmsToStationAction, HookAt[]>();
  const shape: string[] = [];
  for (const [b, block] of blocks.entries()) {
    for (const [action, route] of Object.entries(block.routes ?? {}) as [CsmsToStationAction, AnyRoute][]) {
      if (owners.has(action)) throw new Error(`${action} has two owners`);
      if (notSupported.includes(action)) throw new Error(`${action} is owned by a block and listed as not supported`);
      owners.set(action, b);
      shape.push(`${b}:${action}${route.after ? '+' : ''}`);
    }
    for (const [action, list] of Object.entries(block.hooks ?? {}) as [CsmsToStationAction, AnyHook[]][]) {
      hooks.set(action, [...(hooks.get(action) ?? []), ...list.map((_, h): HookAt => [b, h])]);
      shape.push(`${b}/${action}:${list.map((hook) => (hook.after ? '+' : '-')).join('')}`);
    }
  }
  for (const action of hooks.keys()) if (!owners.has(action)) throw new Error(`hooks on ${action}, which no block owns`);
  const key = shape.join(' ');
  let table = tables.get(key);
  if (!table) {
    table = routeTable(owners, hooks, blocks);
    tables.set(key, table);
  }
  endpoint.route(table, blocks);
}

/** The shared handlers and after-hooks of one shape; `example` is one station's blocks of it. */
function routeTable(
  owners: ReadonlyMap<CsmsToStationAction, number>,
  hooks: ReadonlyMap<CsmsToStationAction, readonly HookAt[]>,
  example: readonly Block<unknown>[],
): StationRoutes {
  const handlers = new Map<string, SharedHandler>();
  const afterHooks = new Map<string, SharedAfter[]>();
  for (const [action, b] of owners) {
    const around = hooks.get(action) ?? [];
    handlers.set(
      action,
      (blocks, request, call) => firstAnswer(blocks, action, around, request) ?? routeOf(blocks, b, action).handle(request, call),
    );
    const afters: SharedAfter[] = [];
    if (routeOf(example, b, action).after)
      afters.push((blocks, request, response) => routeOf(blocks, b, action).after?.(request, response));
    for (const at of around) {
      if (hookOf(example, at, action).after)
        afters.push((blocks, request, response) => hookOf(blocks, at, action).after?.(request, response));
    }
    if (afters.length > 0) afterHooks.set(action, afters);
  }
  return { handlers, afterHooks } as unknown as StationRoutes;
}

const routeOf = (blocks: readonly Block<unknown>[], b: number, action: string): AnyRoute =>
  (blocks[b]!.routes as Record<string, AnyRoute>)[action]!;

const hookOf = (blocks: readonly Block<unknown>[], [b, h]: HookAt, action: string): AnyHook =>
  (blocks[b]!.hooks as Record<string, readonly AnyHook[]>)[action]![h]!;

function firstAnswer(blocks: readonly Block<unknown>[], action: string, around: readonly HookAt[], request: never): unknown {
  for (const at of around) {
    const answer = hookOf(blocks, at, action).before?.(request);
    if (answer !== undefined) return answer;
  }
  return undefined;
}
