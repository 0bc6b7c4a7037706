// C. Authorization as a block: the Authorizer every block asks, the cache, ClearCache (C11).

import { defineBlock, type Routes } from '../../kernel/block.js';
import { Authorization } from './authorization.js';
import type { LocalList } from './authorizer.js';

export const authorizationBlock = defineBlock({
  name: 'authorization',
  needs: ['localAuthList'],
  create(ctx, { localAuthList }: { localAuthList: LocalList }) {
    const authorization = new Authorization(ctx, { db: ctx.db, localList: localAuthList });
    return { api: authorization, routes: { ClearCache: { handle: () => authorization.clearCache() } } satisfies Routes };
  },
});
