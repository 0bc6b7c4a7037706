// A. Security as a block: security events (A04); the profiles themselves live in the link.

import { defineBlock } from '../../kernel/block.js';
import { SecurityEvents } from './security-events.js';

export const securityBlock = defineBlock({
  name: 'security',
  needs: [],
  create(ctx) {
    // N01.FR.03: every recorded event also reaches the security log.
    return {
      api: new SecurityEvents(ctx, (type, techInfo) => ctx.events.emit('securityEvent', { type, ...(techInfo ? { techInfo } : {}) })),
    };
  },
});
