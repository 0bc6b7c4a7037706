// C. Authorization as a block: the Authorizer every block asks, the cache, ClearCache (C11).

import type { ClearCacheResponse } from '../../generated/ocpp201/index.js';
import { type Block, defineBlock, type Route } from '../../kernel/block.js';
import { Authorization } from './authorization.js';
import type { LocalList } from './authorizer.js';

/** The block is its own ClearCache route: a shared method rather than a closure per station. */
class AuthorizationBlock implements Block<Authorization>, Route<'ClearCache'> {
  readonly routes: { ClearCache: Route<'ClearCache'> };

  constructor(readonly api: Authorization) {
    this.routes = { ClearCache: this };
  }

  handle(): ClearCacheResponse {
    return this.api.clearCache();
  }
}

export const authorizationBlock = defineBlock({
  name: 'authorization',
  needs: ['localAuthList'],
  create(ctx, { localAuthList }: { localAuthList: LocalList }): Block<Authorization, AuthorizationBlock['routes']> {
    return new AuthorizationBlock(new Authorization(ctx, { db: ctx.db, localList: localAuthList }));
  },
});
