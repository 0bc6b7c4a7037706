// D. Local Authorization List as a block: SendLocalList (D01), GetLocalListVersion (D02).

import type { GetLocalListVersionResponse, SendLocalListRequest, SendLocalListResponse } from '../../generated/ocpp201/index.js';
import { type Block, defineBlock, type Route } from '../../kernel/block.js';
import type { StationContext } from '../../kernel/context.js';
import type { HandlerContext } from '../../rpc/endpoint.js';
import { getLocalListVersion } from './get-local-list-version.js';
import { LocalAuthList } from './local-auth-list.js';
import { sendLocalList } from './send-local-list.js';

export interface LocalAuthListRoutes {
  GetLocalListVersion: Route<'GetLocalListVersion'>;
  SendLocalList: Route<'SendLocalList'>;
}

/**
 * The block is its own GetLocalListVersion route; SendLocalList is a small object of a shared
 * method. Neither is a closure per station.
 */
class LocalAuthListBlock implements Block<LocalAuthList, LocalAuthListRoutes>, Route<'GetLocalListVersion'> {
  readonly routes: LocalAuthListRoutes;

  constructor(
    readonly api: LocalAuthList,
    ctx: StationContext,
  ) {
    this.routes = { GetLocalListVersion: this, SendLocalList: new SendLocalListRoute(api, ctx) };
  }

  handle(): GetLocalListVersionResponse {
    return getLocalListVersion(this.api);
  }
}

class SendLocalListRoute implements Route<'SendLocalList'> {
  constructor(
    private readonly list: LocalAuthList,
    private readonly ctx: StationContext,
  ) {}

  handle(request: SendLocalListRequest, call: HandlerContext): SendLocalListResponse {
    return sendLocalList(request, { dm: this.ctx.dm, list: this.list, log: this.ctx.log }, call);
  }
}

export const localAuthListBlock = defineBlock({
  name: 'localAuthList',
  needs: [],
  create(ctx): Block<LocalAuthList, LocalAuthListRoutes> {
    const list = new LocalAuthList(ctx.db, ctx.dm, ctx.log);
    list.report();
    return new LocalAuthListBlock(list, ctx);
  },
});
