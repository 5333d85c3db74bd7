import type { Observable } from 'rxjs';
import type { z } from 'zod';
import { ConfirmationMessage } from '../model/conversationCommon.ts';
import {
  BulkCreateEntitiesRequest,
  ManagedEntityDefinitionEnvelope,
  ManagedEntityDefinitionInput,
  ManagedEntityDefinitionsEnvelope,
} from '../model/managedEntityDefinitions.ts';
import { DeletedResource } from '../model/trackers.ts';
import type { HttpTransport } from './HttpTransport.ts';
import { managementRequest } from './managementRequest.ts';

/** A managed entity definition: `type`, `subType`, `category` and its `values`. */
export type ManagedEntityInput = z.input<typeof ManagedEntityDefinitionInput>;

/**
 * Managed entity definitions (`/v1/manage/entities`): value lists kept with the account. Each
 * method is a cold Observable; bodies are checked on subscribe.
 */
export interface ManagedEntitiesApi {
  /** `POST /v1/manage/entities/bulk`. */
  createMany(entities: readonly ManagedEntityInput[]): Observable<ManagedEntityDefinitionsEnvelope>;
  /** `GET /v1/manage/entities[?subType=]`. */
  list(subType?: string): Observable<ManagedEntityDefinitionsEnvelope>;
  /** `GET /v1/manage/entities/{id}`. */
  get(entityId: string): Observable<ManagedEntityDefinitionEnvelope>;
  /** `PUT /v1/manage/entities/{id}`: replaces the definition. */
  update(entityId: string, entity: ManagedEntityInput): Observable<ManagedEntityDefinitionEnvelope>;
  /** `DELETE /v1/manage/entities/{id}`. */
  delete(entityId: string): Observable<DeletedResource>;
  /** `DELETE /v1/manage/entities?subType=`: every definition of one subType. */
  deleteSubType(subType: string): Observable<ConfirmationMessage>;
}

/** The managed-entity API over `http`. */
export function managedEntitiesApi(http: HttpTransport): ManagedEntitiesApi {
  const one = (entityId: string) => `/v1/manage/entities/${encodeURIComponent(entityId)}`;
  return {
    createMany: (entities) =>
      managementRequest(http, {
        method: 'POST',
        path: '/v1/manage/entities/bulk',
        response: ManagedEntityDefinitionsEnvelope,
        subject: 'entities',
        body: { schema: BulkCreateEntitiesRequest, value: entities },
      }),
    list: (subType) =>
      managementRequest(http, {
        method: 'GET',
        path: '/v1/manage/entities',
        response: ManagedEntityDefinitionsEnvelope,
        subject: 'entities',
        ...(subType === undefined ? {} : { query: new URLSearchParams({ subType }) }),
      }),
    get: (entityId) =>
      managementRequest(http, {
        method: 'GET',
        path: one(entityId),
        response: ManagedEntityDefinitionEnvelope,
        subject: 'entity',
      }),
    update: (entityId, entity) =>
      managementRequest(http, {
        method: 'PUT',
        path: one(entityId),
        response: ManagedEntityDefinitionEnvelope,
        subject: 'entity',
        body: { schema: ManagedEntityDefinitionInput, value: entity },
      }),
    delete: (entityId) =>
      managementRequest(http, {
        method: 'DELETE',
        path: one(entityId),
        response: DeletedResource,
        subject: 'entity deletion',
      }),
    deleteSubType: (subType) =>
      managementRequest(http, {
        method: 'DELETE',
        path: '/v1/manage/entities',
        response: ConfirmationMessage,
        subject: 'entities deletion',
        query: new URLSearchParams({ subType }),
      }),
  };
}
