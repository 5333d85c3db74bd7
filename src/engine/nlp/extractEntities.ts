import { conversationZone } from '../time/conversationZone.ts';
import type { EngineEntity } from './EngineInsight.ts';
import type { EngineMessage, EngineSpeaker } from './EngineMessage.ts';
import { escapeRegExp } from './escapeRegExp.ts';
import { conversationInstant, type DateContext } from './findDates.ts';
import { findEntitySpans } from './findEntitySpans.ts';

/** A custom entity given at submit time (`entities: [{customType, text}]`). */
export interface CustomEntity {
  customType: string;
  text: string;
}

export interface ExtractEntitiesOptions extends DateContext {
  members?: readonly EngineSpeaker[];
  customEntities?: readonly CustomEntity[];
}

/**
 * Entities of a conversation: people, organisations, places, dates and ranges
 * (resolved against when each message was said), numbers, money, percentages, and custom
 * entities (case-insensitive whole-word matches of the given texts). One entity per distinct
 * (type, value), every occurrence in `messageRefs` with its character offset.
 */
export function extractEntities(
  messages: readonly EngineMessage[],
  options: ExtractEntitiesOptions = {},
): EngineEntity[] {
  const byKey = new Map<string, EngineEntity>();
  const zone = conversationZone(options);
  const record = (
    key: string,
    make: () => EngineEntity,
    ref: { id: string; text: string; offset: number },
  ) => {
    let entity = byKey.get(key);
    if (!entity) {
      entity = make();
      byKey.set(key, entity);
    }
    if (!entity.messageRefs.some((r) => r.id === ref.id && r.offset === ref.offset))
      entity.messageRefs.push(ref);
  };
  const custom = (options.customEntities ?? [])
    .filter((c) => typeof c.text === 'string' && c.text.trim() !== '')
    .map((c) => ({ ...c, re: new RegExp(`(?<![\\w])${escapeRegExp(c.text.trim())}(?![\\w])`, 'gi') }));
  for (const message of messages) {
    for (const c of custom) {
      for (const m of message.text.matchAll(c.re)) {
        const value = c.text.trim().toLowerCase();
        record(
          `custom|${c.customType}|${value}`,
          () => ({ type: 'custom', customType: c.customType, value, text: m[0], messageRefs: [] }),
          { id: message.id, text: message.text, offset: m.index ?? 0 },
        );
      }
    }
    const spans = findEntitySpans(message.text, {
      reference: conversationInstant(options, message.start),
      timeZone: zone,
      ...(options.members === undefined ? {} : { members: options.members }),
    });
    for (const span of spans) {
      const value = span.value ?? `${span.start ?? ''}/${span.end ?? ''}`;
      record(
        `${span.type}|${value}`,
        () => {
          const entity: EngineEntity = { type: span.type, text: span.text, messageRefs: [] };
          if (span.value !== undefined) entity.value = span.value;
          if (span.start !== undefined) entity.start = span.start;
          if (span.end !== undefined) entity.end = span.end;
          return entity;
        },
        { id: message.id, text: message.text, offset: span.offset },
      );
    }
  }
  return [...byKey.values()];
}
