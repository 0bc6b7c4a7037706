// A. Security as a block: security events (A04); the profiles themselves live in the link.

import { defineBlock } from '../../kernel/block.js';
import { SecurityEvents } from './security-events.js';

export const securityBlock = defineBlock({
  name: 'security',
  needs: [],
  create: (ctx) => new SecurityBlock(ctx),
});

/** The block is its API: one object per station. */
class SecurityBlock extends SecurityEvents {
  get api(): SecurityEvents {
    return this;
  }

  // N01.FR.03: every recorded event also reaches the security log.
  protected override recorded(type: string, techInfo: string | undefined): void {
    this.ctx.events.emit('securityEvent', { type, ...(techInfo ? { techInfo } : {}) });
  }
}
