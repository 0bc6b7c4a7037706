// The one shape every functional block takes. A block's index.ts exports one definition:
//
//   defineBlock({
//     name: 'transactions',                       the key other blocks name it by
//     needs: ['availability', 'authorization'],   the blocks whose API it is given (created first)
//     create(ctx, needs) {                        the station context and those APIs
//       return {
//         api,                                    what other blocks are given of it
//         routes: { GetTransactionStatus: { handle, after? } },   CSMS-to-station actions it owns
//         hooks: { RequestStartTransaction: [{ name, before?, after? }] },   rules on actions others own
//         triggers: { TransactionEvent: { check?, send } },       TriggerMessage kinds it answers
//         start?, stop?,
//       };
//     },
//   })
//
// The composition root lists the definitions, one line each; it creates them in that order,
// gathers their routes into the exhaustive route table and their hooks in the same order.

import type { CsmsToStationAction, RequestOf, ResponseOf } from '../generated/ocpp201/index.js';
import type { HandlerContext } from '../rpc/endpoint.js';
import type { StationContext } from './context.js';
import type { Triggers } from './trigger.js';

/** What a block answers for one action, and what it does once that answer has been sent. */
export interface Route<A extends CsmsToStationAction> {
  handle(request: RequestOf<A>, call: HandlerContext): ResponseOf<A> | Promise<ResponseOf<A>>;
  /** Runs after the CALLRESULT went out ("answer first, then act"), with what the handler computed. */
  after?(request: RequestOf<A>, response: ResponseOf<A>): void | Promise<void>;
}
export type Routes = { readonly [A in CsmsToStationAction]?: Route<A> };

/**
 * A rule one block adds to an action another block owns (K05: a remote start with an unusable
 * TxProfile is Rejected). Hooks run in the order the composition root lists their blocks:
 * every `before` ahead of the owner's handler (the first answer wins), every `after` behind the
 * owner's own after-step.
 */
export interface Hook<A extends CsmsToStationAction> {
  readonly name: string;
  before?(request: RequestOf<A>): ResponseOf<A> | undefined;
  after?(request: RequestOf<A>, response: ResponseOf<A>): void | Promise<void>;
}
export type Hooks = { readonly [A in CsmsToStationAction]?: readonly Hook<A>[] };

/** A created block. */
export interface Block<Api, R extends Routes = Routes> {
  readonly api: Api;
  readonly routes?: R;
  readonly hooks?: Hooks;
  readonly triggers?: Triggers;
  /** Called once every block exists, before the link opens. */
  start?(): void;
  stop?(): void | Promise<void>;
}

export interface BlockDefinition<Name extends string, Needs extends object, Api, R extends Routes> {
  readonly name: Name;
  readonly needs: readonly (keyof Needs & string)[];
  create(ctx: StationContext, needs: Needs): Block<Api, R>;
}

// biome-ignore-start lint/suspicious/noExplicitAny: any definition, whatever it needs, gives and routes
export type AnyBlockDefinition = BlockDefinition<string, any, unknown, Routes>;
export type ApiOf<D> = D extends BlockDefinition<string, any, infer Api, any> ? Api : never;
export type RoutesOf<D> = D extends BlockDefinition<string, any, unknown, infer R> ? R : never;
export type NeedsOf<D> = D extends BlockDefinition<string, infer Needs, unknown, any> ? Needs : never;
// biome-ignore-end lint/suspicious/noExplicitAny: any definition

/** Declares a block; the identity function that lets the compiler infer its needs, API and routes. */
export function defineBlock<Name extends string, Needs extends object, Api, R extends Routes = Record<never, never>>(
  definition: BlockDefinition<Name, Needs, Api, R>,
): BlockDefinition<Name, Needs, Api, R> {
  return definition;
}
