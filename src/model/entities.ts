import { z } from 'zod';
import { IsoDateTime } from './conversationCommon.ts';
import { idString } from './lenient.ts';

/*
 * GET /v1/conversations/{id}/entities. Parley serves the documented shape
 * ({@link EntitiesResponse}); clients parse with {@link EntitiesResponseAnyShape}, which also
 * accepts the Go SDK's newer managed-entity shape.
 */

/** An occurrence of an entity: message id and text, and the match's character offset in it. */
export const EntityMessageRef = z.looseObject({
  id: idString,
  text: z.string(),
  offset: z.number().int().nonnegative(),
  /** The Go SDK models message times; optional extras. */
  startTime: IsoDateTime.optional(),
  endTime: IsoDateTime.optional(),
});
export type EntityMessageRef = z.infer<typeof EntityMessageRef>;

/**
 * One entity per distinct (type, value) with all its occurrences (the documented shape). `value` is normalised
 * (lower-cased name, ISO date, number as spoken); range types carry `start` / `end` and may lack
 * `value`. `customType` only for `type: "custom"`. Keys without a value are omitted, never null.
 */
export const ConversationEntity = z.looseObject({
  type: z.string().min(1),
  customType: z.string().optional(),
  value: z.string().optional(),
  text: z.string(),
  start: z.string().optional(),
  end: z.string().optional(),
  messageRefs: z.array(EntityMessageRef),
});
export type ConversationEntity = z.infer<typeof ConversationEntity>;

/** A message reference of the 15.2 shape: only `id` is sure to be there. */
export const ManagedEntityMessageRef = z.looseObject({
  id: idString,
  startTime: IsoDateTime.optional(),
  endTime: IsoDateTime.optional(),
  text: z.string().optional(),
  offset: z.number().int().optional(),
});
export type ManagedEntityMessageRef = z.infer<typeof ManagedEntityMessageRef>;

/**
 * A managed entity in the newer shape the Go SDK decodes (undocumented), e.g.
 * `type: "PII"` with `subType` / `category` and the detected values. Not served by Parley.
 */
export const ManagedEntity = z.looseObject({
  type: z.string().min(1),
  subType: z.string().optional(),
  category: z.string().optional(),
  matches: z.array(
    z.looseObject({
      detectedValue: z.string(),
      messageRefs: z.array(ManagedEntityMessageRef),
    }),
  ),
});
export type ManagedEntity = z.infer<typeof ManagedEntity>;

/** GET …/entities as Parley serves it (the documented shape); `[]` unless entities were detected at submit. */
export const EntitiesResponse = z.looseObject({ entities: z.array(ConversationEntity) });
export type EntitiesResponse = z.infer<typeof EntitiesResponse>;

/** An entity of either shape; 15.1 objects are tried first. */
export const AnyShapeEntity = z.union([ConversationEntity, ManagedEntity]);
export type AnyShapeEntity = z.infer<typeof AnyShapeEntity>;

/** GET …/entities as a client accepts it: items of the 15.1 or the 15.2 shape. */
export const EntitiesResponseAnyShape = z.looseObject({ entities: z.array(AnyShapeEntity) });
export type EntitiesResponseAnyShape = z.infer<typeof EntitiesResponseAnyShape>;

/** Whether an entity has the newer managed shape. */
export function isManagedEntity(entity: AnyShapeEntity): entity is ManagedEntity {
  // A 15.1 entity always has `messageRefs`, and the union tries 15.1 first.
  return !Array.isArray((entity as { messageRefs?: unknown }).messageRefs);
}
