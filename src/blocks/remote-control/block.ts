// F. Remote control as a block: RequestStartTransaction (F01/F02), RequestStopTransaction (F03/F04),
// TriggerMessage (F06) for the messages every block declares.

import type {
  RequestStartTransactionRequest,
  RequestStartTransactionResponse,
  RequestStopTransactionRequest,
  RequestStopTransactionResponse,
  TriggerMessageRequest,
  TriggerMessageResponse,
} from '../../generated/ocpp201/index.js';
import { type Block, defineBlock, type Route } from '../../kernel/block.js';
import type { StationContext } from '../../kernel/context.js';
import type { Authorizer } from '../authorization/index.js';
import type { Connectors } from '../availability/index.js';
import type { Reservations } from '../reservation/index.js';
import type { Transactions } from '../transactions/index.js';
import { afterRequestStartTransaction, type RemoteStartDeps, requestStartTransaction } from './request-start-transaction.js';
import { afterRequestStopTransaction, requestStopTransaction } from './request-stop-transaction.js';
import { afterTriggerMessage, triggerMessage } from './trigger-message.js';

export interface RemoteControlNeeds {
  availability: Connectors;
  transactions: Transactions;
  authorization: Authorizer;
  reservation: Pick<Reservations, 'match'>;
}

/** The block gives nothing to other blocks: one empty API for every station. */
const NO_API: Record<never, never> = Object.freeze({});

export interface RemoteControlRoutes {
  RequestStartTransaction: Route<'RequestStartTransaction'>;
  RequestStopTransaction: Route<'RequestStopTransaction'>;
  TriggerMessage: Route<'TriggerMessage'>;
}

/**
 * The block is the RequestStartTransaction route and its own RemoteStartDeps; the other two
 * routes are small objects of shared methods, rather than closures per station.
 */
class RemoteControlBlock implements Block<Record<never, never>, RemoteControlRoutes>, Route<'RequestStartTransaction'>, RemoteStartDeps {
  readonly api = NO_API;
  readonly routes: RemoteControlRoutes;
  readonly connectors: Connectors;
  readonly transactions: Transactions;
  readonly authorizer: Authorizer;
  readonly reservations: Pick<Reservations, 'match'>;

  constructor(
    readonly ctx: StationContext,
    needs: RemoteControlNeeds,
  ) {
    this.connectors = needs.availability;
    this.transactions = needs.transactions;
    this.authorizer = needs.authorization;
    this.reservations = needs.reservation;
    this.routes = {
      RequestStartTransaction: this,
      RequestStopTransaction: new RequestStopRoute(this),
      TriggerMessage: new TriggerMessageRoute(ctx),
    };
  }

  handle(request: RequestStartTransactionRequest): RequestStartTransactionResponse {
    return requestStartTransaction(request, this);
  }

  after(request: RequestStartTransactionRequest, response: RequestStartTransactionResponse): Promise<void> {
    return afterRequestStartTransaction(request, response, this);
  }
}

class RequestStopRoute implements Route<'RequestStopTransaction'> {
  constructor(private readonly block: RemoteControlBlock) {}

  handle(request: RequestStopTransactionRequest): RequestStopTransactionResponse {
    return requestStopTransaction(request, this.block.transactions, this.block.ctx.registration());
  }

  after(request: RequestStopTransactionRequest, response: RequestStopTransactionResponse): void {
    afterRequestStopTransaction(request, response, this.block.transactions);
  }
}

class TriggerMessageRoute implements Route<'TriggerMessage'> {
  constructor(private readonly ctx: StationContext) {}

  handle(request: TriggerMessageRequest): TriggerMessageResponse {
    return triggerMessage(request, this.ctx);
  }

  after(request: TriggerMessageRequest, response: TriggerMessageResponse): Promise<void> {
    return afterTriggerMessage(request, response, this.ctx);
  }
}

export const remoteControlBlock = defineBlock({
  name: 'remoteControl',
  needs: ['availability', 'transactions', 'authorization', 'reservation'],
  create(ctx, needs: RemoteControlNeeds): Block<Record<never, never>, RemoteControlRoutes> {
    return new RemoteControlBlock(ctx, needs);
  },
});
