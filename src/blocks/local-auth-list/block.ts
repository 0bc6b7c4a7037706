// D. Local Authorization List as a block: SendLocalList (D01), GetLocalListVersion (D02).

import { defineBlock, type Routes } from '../../kernel/block.js';
import { getLocalListVersion } from './get-local-list-version.js';
import { LocalAuthList } from './local-auth-list.js';
import { sendLocalList } from './send-local-list.js';

export const localAuthListBlock = defineBlock({
  name: 'localAuthList',
  needs: [],
  create(ctx) {
    const list = new LocalAuthList(ctx.db, ctx.dm, ctx.log);
    list.report();
    return {
      api: list,
      routes: {
        GetLocalListVersion: { handle: () => getLocalListVersion(list) },
        SendLocalList: { handle: (request, call) => sendLocalList(request, { dm: ctx.dm, list, log: ctx.log }, call) },
      } satisfies Routes,
    };
  },
});
