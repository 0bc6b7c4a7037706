// Which of the messages given in several languages the display shows. A CSMS that serves drivers
// of several languages sends one message per language (MessageContentType has one language).
// While a driver is on the display, their preferred languages (idTokenInfo language1, then
// language2, C01.FR.08/09) pick among messages of the same priority and state: the others are
// hidden. A message without a language, or one no preferred-language message competes with,
// is always shown.

import type { MessagePriorityEnumType, MessageStateEnumType } from '../../generated/ocpp201/index.js';

export interface LanguageChoice {
  priority: MessagePriorityEnumType;
  state: MessageStateEnumType | null;
  message: { language: string | null };
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

export function inPreferredLanguage<M extends LanguageChoice>(messages: readonly M[], preferred: readonly string[]): M[] {
  if (preferred.length === 0) return [...messages];
  const slot = (m: M): string => `${m.priority}/${m.state ?? ''}`;
  const best = new Map<string, number>();
  for (const m of messages) {
    const language = m.message.language;
    const rank = language === null ? -1 : preferred.findIndex((p) => same(p, language));
    if (rank >= 0 && rank < (best.get(slot(m)) ?? Number.POSITIVE_INFINITY)) best.set(slot(m), rank);
  }
  return messages.filter((m) => {
    const rank = best.get(slot(m));
    const language = m.message.language;
    if (rank === undefined || language === null) return true;
    return same(preferred[rank]!, language);
  });
}
