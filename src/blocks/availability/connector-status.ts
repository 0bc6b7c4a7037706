// G01: the status of every connector, reported with StatusNotification when it changes and
// for all connectors once the boot is Accepted (B01.FR.05) or the link is back (B04).

import type { ConnectorStatusEnumType } from '../../generated/ocpp201/index.js';
import type { StationContext } from '../../station/context.js';

export interface ConnectorState {
  evseId: number;
  connectorId: number;
  status: ConnectorStatusEnumType;
}

export class ConnectorStatus {
  private readonly connectors: ConnectorState[];

  constructor(private readonly ctx: StationContext) {
    this.connectors = ctx.description.evses.flatMap((evse) =>
      evse.connectors.map((c) => ({ evseId: evse.id, connectorId: c.id, status: 'Available' as const })),
    );
  }

  list(): readonly ConnectorState[] {
    return this.connectors;
  }

  /** Changes a connector's status and reports it. */
  async set(evseId: number, connectorId: number, status: ConnectorStatusEnumType): Promise<void> {
    const connector = this.connectors.find((c) => c.evseId === evseId && c.connectorId === connectorId);
    if (!connector || connector.status === status) return;
    connector.status = status;
    await this.report(connector);
  }

  async reportAll(): Promise<void> {
    for (const connector of this.connectors) await this.report(connector);
  }

  private async report(connector: ConnectorState): Promise<void> {
    try {
      await this.ctx.call('StatusNotification', {
        timestamp: this.ctx.now().toISOString(),
        connectorStatus: connector.status,
        evseId: connector.evseId,
        connectorId: connector.connectorId,
      });
    } catch (error) {
      this.ctx.log.warn({ err: error, evseId: connector.evseId }, 'StatusNotification not delivered');
    }
  }
}
