import { z } from 'zod';
import { idString } from './lenient.ts';

/*
 * Managed entity definitions (`/v1/manage/entities…`): the custom entity types a detection looks
 * for. Only the Go SDK calls these endpoints (undocumented elsewhere), so the responses are lenient.
 */

/**
 * A managed entity definition (`/v1/manage/entities`): the values that make up a custom
 * `type`/`subType`. (entities.ts `ManagedEntity` is the detected-entity result shape these feed.)
 */
export const ManagedEntityDefinition = z.looseObject({
  id: idString,
  type: z.string(),
  subType: z.string(),
  category: z.string(),
  values: z.array(z.string()),
});
export type ManagedEntityDefinition = z.infer<typeof ManagedEntityDefinition>;

/** The body of `PUT /v1/manage/entities/{id}` and one element of `POST /v1/manage/entities/bulk`. */
export const ManagedEntityDefinitionInput = z.object({
  type: z.string().trim().min(1),
  subType: z.string().trim().min(1),
  category: z.string().trim().min(1),
  values: z.array(z.string().trim().min(1)).min(1, 'expected at least one value'),
});
export type ManagedEntityDefinitionInput = z.infer<typeof ManagedEntityDefinitionInput>;

/** The body of `POST /v1/manage/entities/bulk`. */
export const BulkCreateEntitiesRequest = z
  .array(ManagedEntityDefinitionInput)
  .min(1, 'expected at least one entity');
export type BulkCreateEntitiesRequest = z.infer<typeof BulkCreateEntitiesRequest>;

/** `{"entity": Entity}`. */
export const ManagedEntityDefinitionEnvelope = z.looseObject({ entity: ManagedEntityDefinition });
export type ManagedEntityDefinitionEnvelope = z.infer<typeof ManagedEntityDefinitionEnvelope>;

/** `{"entities": [Entity]}`. */
export const ManagedEntityDefinitionsEnvelope = z.looseObject({ entities: z.array(ManagedEntityDefinition) });
export type ManagedEntityDefinitionsEnvelope = z.infer<typeof ManagedEntityDefinitionsEnvelope>;
