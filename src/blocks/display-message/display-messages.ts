// O. DisplayMessage: the messages the CSMS configured (persistent, O01.FR.10) and what the
// display shows now.
//
//   shown now = the personal message of a recent authorization (C01.FR.08, transient), and the
//   configured messages whose window [startDateTime, endDateTime) holds station time
//   (O01.FR.06/07) and whose state, when given, is a state the station is in; ordered
//   AlwaysFront (alone: not cycled, not overridden, O01.FR.15), InFront (cycled, O01.FR.13/14),
//   NormalCycle (O01.FR.12), oldest first within a priority; of messages offered in several
//   languages, those in the language of the driver on the display (languages.ts).
//
// A message is removed once its endDateTime has passed (O01.FR.07, O02.FR.07) or its transaction
// has ended (O02.FR.02): on a timer at the next boundary, when a transaction ends, and on every read.

import type { TimerHandle } from '../../clock/clock.js';
import { parsePath } from '../../device-model/path.js';
import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type {
  GetDisplayMessagesRequest,
  MessageFormatEnumType,
  MessageInfoType,
  MessagePriorityEnumType,
  MessageStateEnumType,
  SetDisplayMessageResponse,
} from '../../generated/ocpp201/index.js';
import type { StationContext } from '../../kernel/context.js';
import type { StationEventMap } from '../../kernel/events.js';
import type { StationScope } from '../../store/scope.js';
import type { Connectors } from '../availability/index.js';
import type { Transactions } from '../transactions/index.js';
import { DEFAULT_NOTIFY_LIMITS, matches, notifyParts, sendNotifyParts, type NotifyLimits } from './get-display-messages.js';
import { inPreferredLanguage } from './languages.js';
import { MessageStore, type StoredMessage } from './message-store.js';
import { decideSet } from './set-display-message.js';
import { LazyMap } from '../../collections/lazy.js';

export const MESSAGE_STATES: readonly MessageStateEnumType[] = ['Charging', 'Faulted', 'Idle', 'Unavailable'];

/** How long the personal message of an authorization stays on the display. */
export const PERSONAL_MESSAGE_MS = 10_000;

/** When DisplayMessageCtrlr.DisplayMessages has no maxLimit. */
const DEFAULT_MAX_MESSAGES = 10;

const PRIORITY_ORDER: Record<MessagePriorityEnumType, number> = { AlwaysFront: 0, InFront: 1, NormalCycle: 2 };

/** One message on the display now (GET /api/state `displayMessages`). */
export interface ShownMessage {
  /** The CSMS's message id; null for the personal message of an authorization. */
  id: number | null;
  source: 'csms' | 'personal';
  priority: MessagePriorityEnumType;
  /** The station state the message is limited to; null: any. */
  state: MessageStateEnumType | null;
  message: { content: string; language: string | null; format: MessageFormatEnumType };
  transactionId?: string;
  evseId?: number;
  startDateTime?: string;
  endDateTime?: string;
}

export interface DisplayMessagesDeps {
  db: StationScope;
  /** O02: which transactions are ongoing; the charging state of each EVSE's transaction. */
  transactions: Pick<Transactions, 'evseOf' | 'view'>;
  /** Connector states: Faulted, Unavailable. */
  connectors: Pick<Connectors, 'list'>;
  /** The message states the display supports; all by default. */
  supportedStates?: readonly MessageStateEnumType[];
  personalMessageMs?: number;
  notifyLimits?: NotifyLimits;
}

export class DisplayMessages {
  private readonly store: MessageStore;
  private readonly maxMessages: number;
  private readonly personal = new LazyMap<number, { shown: ShownMessage; languages: string[]; timer: TimerHandle }>();
  private timer: TimerHandle | undefined;
  private reportedCount: number | undefined;
  /**
   * Set by stop: the listeners then do nothing. The station's events end with the station, so
   * they are not taken off one by one, which would keep an unsubscribe closure each.
   */
  private stopped = false;

  constructor(
    private readonly ctx: StationContext,
    private readonly deps: DisplayMessagesDeps,
  ) {
    this.store = new MessageStore(deps.db);
    this.maxMessages = maxLimit(ctx) ?? DEFAULT_MAX_MESSAGES;
    ctx.events.on('evseTransaction', ({ active }) => {
      if (!active && !this.stopped) this.refresh(); // O02.FR.02
    });
    ctx.events.on('personalMessage', (event) => this.stopped || this.showPersonal(event));
    this.refresh();
  }

  stop(): void {
    this.stopped = true;
    this.ctx.clock.clearTimeout(this.timer);
    for (const { timer } of this.personal.values()) this.ctx.clock.clearTimeout(timer);
    this.personal.clear();
  }

  // --- CSMS requests ---

  /** O01, O02, O06: stores the message, replacing one with the same id (O06.FR.01). */
  set(info: MessageInfoType): SetDisplayMessageResponse {
    const { dm } = this.ctx;
    const decision = decideSet(info, {
      enabled: dm.getBool(DM.DisplayMessageCtrlr.Enabled) !== false && dm.getBool(DM.DisplayMessageCtrlr.Available) !== false,
      priorities: dm.getList(DM.DisplayMessageCtrlr.SupportedPriorities),
      formats: dm.getList(DM.DisplayMessageCtrlr.SupportedFormats),
      states: this.deps.supportedStates ?? MESSAGE_STATES,
      maxMessages: this.maxMessages,
      stored: this.configured().map((m) => m.info),
      transactionOngoing: (id) => this.deps.transactions.evseOf(id) !== undefined,
    });
    if (decision.status === 'Accepted') {
      this.store.put(
        { info, startsAt: timeOf(info.startDateTime), endsAt: timeOf(info.endDateTime), setAt: this.ctx.now().getTime() },
        decision.replacing,
      );
      this.refresh();
    }
    return { status: decision.status, ...(decision.statusInfo ? { statusInfo: decision.statusInfo } : {}) };
  }

  /** O05: true when a message with this id was configured; it is removed. */
  clear(id: number): boolean {
    this.configured();
    const removed = this.store.delete([id]);
    if (removed) this.refresh();
    return removed;
  }

  /** O03/O04: the configured messages matching the request, by id. */
  find(request: GetDisplayMessagesRequest): MessageInfoType[] {
    return this.configured()
      .map((m) => m.info)
      .filter((info) => matches(info, request))
      .sort((a, b) => a.id - b.id);
  }

  /** O03.FR.02-05, O04.FR.03-06: NotifyDisplayMessages parts with the request's requestId. */
  async notify(requestId: number, messages: readonly MessageInfoType[]): Promise<void> {
    await sendNotifyParts(this.ctx, notifyParts(requestId, messages, this.deps.notifyLimits ?? DEFAULT_NOTIFY_LIMITS));
  }

  // --- the display ---

  /** What the display shows now, in order. */
  shown(): ShownMessage[] {
    const now = this.ctx.now().getTime();
    const enabled = this.ctx.dm.getBool(DM.DisplayMessageCtrlr.Enabled) !== false;
    const states = this.stationStates();
    const active = enabled
      ? this.configured()
          .filter((m) => (m.startsAt === undefined || m.startsAt <= now) && (m.info.state === undefined || states.has(m.info.state)))
          .sort((a, b) => PRIORITY_ORDER[a.info.priority] - PRIORITY_ORDER[b.info.priority] || a.setAt - b.setAt || a.info.id - b.info.id)
      : [];
    const drivers = [...this.personal.entries()].sort(([a], [b]) => a - b).map(([, p]) => p);
    const shown = inPreferredLanguage(
      active.map(shownOf),
      drivers.flatMap((p) => p.languages),
    );
    // O01.FR.15: AlwaysFront is shown alone; the station's own messages do not override it.
    const front = shown.filter((m) => m.priority === 'AlwaysFront').at(-1);
    if (front) return [front];
    return [...drivers.map((p) => p.shown), ...shown];
  }

  /** The states of MessageInfo.state the station is in now (several EVSEs: several states). */
  stationStates(): Set<MessageStateEnumType> {
    const states = new Set<MessageStateEnumType>();
    const connectors = this.deps.connectors.list();
    if (connectors.some((c) => c.status === 'Faulted')) states.add('Faulted');
    if (connectors.some((c) => c.status === 'Unavailable')) states.add('Unavailable');
    const charging = this.ctx.description.evses.some((e) => this.deps.transactions.view(e.id)?.chargingState === 'Charging');
    if (charging) states.add('Charging');
    else if (connectors.some((c) => c.status !== 'Faulted' && c.status !== 'Unavailable')) states.add('Idle');
    return states;
  }

  // --- internals ---

  /** The stored messages still configured: those past endDateTime or of an ended transaction are removed. */
  private configured(): StoredMessage[] {
    const now = this.ctx.now().getTime();
    const all = this.store.all();
    const gone = all.filter(
      (m) =>
        (m.endsAt !== undefined && m.endsAt <= now) || // O01.FR.07, O02.FR.07
        (m.info.transactionId !== undefined && this.deps.transactions.evseOf(m.info.transactionId) === undefined), // O02.FR.02
    );
    if (gone.length > 0) this.store.delete(gone.map((m) => m.info.id));
    const kept = all.filter((m) => !gone.includes(m));
    this.reportCount(kept.length);
    return kept;
  }

  /** Removes what is over, tells the dashboard, and sets the timer for the next start or end. */
  private refresh(): void {
    const kept = this.configured();
    this.ctx.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const now = this.ctx.now().getTime();
    const next = Math.min(...kept.flatMap((m) => [m.startsAt, m.endsAt]).filter((t): t is number => t !== undefined && t > now));
    if (Number.isFinite(next)) {
      this.timer = this.ctx.clock.setTimeout(() => {
        this.timer = undefined;
        this.refresh();
      }, next - now);
    }
    this.ctx.events.emit('changed', undefined);
  }

  /** C01.FR.08: the personal message of an authorization, shown for a short time. */
  private showPersonal(event: StationEventMap['personalMessage']): void {
    const key = event.evseId ?? 0;
    this.ctx.clock.clearTimeout(this.personal.get(key)?.timer);
    const size = this.ctx.dm.getInt(DM.DisplayMessageCtrlr.PersonalMessageSize);
    const { message } = event;
    const shown: ShownMessage = {
      id: null,
      source: 'personal',
      priority: 'InFront',
      state: null,
      message: {
        content: size === undefined ? message.content : message.content.slice(0, size),
        language: message.language ?? null,
        format: message.format,
      },
      ...(event.evseId !== undefined ? { evseId: event.evseId } : {}),
    };
    const timer = this.ctx.clock.setTimeout(() => {
      this.personal.delete(key);
      this.ctx.events.emit('changed', undefined);
    }, this.deps.personalMessageMs ?? PERSONAL_MESSAGE_MS);
    const languages = [event.language1, event.language2].filter((l): l is string => l !== undefined);
    this.personal.set(key, { shown, languages, timer });
    this.ctx.events.emit('changed', undefined);
  }

  /** DisplayMessageCtrlr.DisplayMessages: how many messages are configured. */
  private reportCount(count: number): void {
    if (count === this.reportedCount) return;
    try {
      this.ctx.dm.set(DM.DisplayMessageCtrlr.DisplayMessages, String(count));
      this.reportedCount = count;
    } catch (error) {
      this.ctx.log.warn({ err: error }, 'cannot report the number of display messages');
    }
  }
}

function shownOf(m: StoredMessage): ShownMessage {
  const { info } = m;
  return {
    id: info.id,
    source: 'csms',
    priority: info.priority,
    state: info.state ?? null,
    message: { content: info.message.content, language: info.message.language ?? null, format: info.message.format },
    ...(info.transactionId !== undefined ? { transactionId: info.transactionId } : {}),
    ...(info.startDateTime !== undefined ? { startDateTime: info.startDateTime } : {}),
    ...(info.endDateTime !== undefined ? { endDateTime: info.endDateTime } : {}),
  };
}

function timeOf(dateTime: string | undefined): number | undefined {
  if (dateTime === undefined) return undefined;
  const t = Date.parse(dateTime);
  return Number.isFinite(t) ? t : undefined;
}

/** NumberOfDisplayMessages: DisplayMessageCtrlr.DisplayMessages' maxLimit. */
function maxLimit(ctx: StationContext): number | undefined {
  const [report] = ctx.dm.customReport(undefined, [parsePath(DM.DisplayMessageCtrlr.DisplayMessages)]);
  return report?.variableCharacteristics?.maxLimit;
}
