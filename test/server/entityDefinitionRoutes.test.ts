import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ManagedEntityDefinitionEnvelope,
  ManagedEntityDefinitionsEnvelope,
} from '../../src/model/managedEntityDefinitions.ts';
import { DeletedResource } from '../../src/model/trackers.ts';
import { call, otherAppToken, startTestServer, type TestServer } from './support/testServer.ts';

let t: TestServer;
let otherToken: string;

beforeAll(async () => {
  t = await startTestServer({ limits: { entityDefinitionsPerApp: 4 } });
  otherToken = await otherAppToken(t);
});
afterAll(async () => {
  await t.stop();
});

const api = (method: string, path: string, json?: unknown, token = t.token) =>
  call(t.url, method, path, { token, ...(json === undefined ? {} : { json }) });

const vehicles = {
  type: 'custom',
  subType: 'vehicle',
  category: 'product',
  values: ['sedan', 'truck', 'sedan'],
};
const plans = { type: 'custom', subType: 'plan', category: 'product', values: ['gold', 'silver'] };

describe('managed entity definitions', () => {
  it('bulk creates, lists (by subType), reads, replaces and deletes definitions', async () => {
    const created = await api('POST', '/v1/manage/entities/bulk', [vehicles, plans]);
    expect(created.status).toBe(201);
    const [vehicle, plan] = ManagedEntityDefinitionsEnvelope.parse(created.body).entities;
    expect(vehicle).toMatchObject({ subType: 'vehicle', values: ['sedan', 'truck'] });
    expect(vehicle!.id).toMatch(/^\d{16}$/);

    const all = ManagedEntityDefinitionsEnvelope.parse(
      (await api('GET', '/v1/manage/entities')).body,
    ).entities;
    expect(all.map((e) => e.subType)).toEqual(['vehicle', 'plan']);
    const onlyPlans = await api('GET', '/v1/manage/entities?subType=plan');
    expect(onlyPlans.body.entities.map((e: { id: string }) => e.id)).toEqual([plan!.id]);

    const read = ManagedEntityDefinitionEnvelope.parse(
      (await api('GET', `/v1/manage/entities/${plan!.id}`)).body,
    );
    expect(read.entity).toEqual({ id: plan!.id, ...plans });

    const replaced = await api('PUT', `/v1/manage/entities/${plan!.id}`, { ...plans, values: ['platinum'] });
    expect(replaced.status).toBe(200);
    expect(replaced.body.entity.values).toEqual(['platinum']);

    const deleted = await api('DELETE', `/v1/manage/entities/${plan!.id}`);
    expect(DeletedResource.parse(deleted.body)).toEqual({ id: plan!.id, type: 'entity', deleted: true });
    expect((await api('GET', `/v1/manage/entities/${plan!.id}`)).status).toBe(404);

    await api('POST', '/v1/manage/entities/bulk', [vehicles]);
    const bySubType = await api('DELETE', '/v1/manage/entities?subType=vehicle');
    expect(bySubType.status).toBe(200);
    expect(bySubType.body.message).toContain('Deleted 2 entities');
    expect((await api('GET', '/v1/manage/entities')).body.entities).toEqual([]);
  });

  it('refuses bad bodies with 400 naming the field, and a delete without subType', async () => {
    const bad: Array<[unknown, string]> = [
      [[{ ...vehicles, values: [] }], 'values'],
      [[{ ...vehicles, subType: ' ' }], 'subtype'],
      [[{ type: 'custom', subType: 'x', values: ['a'] }], 'category'],
      [[], 'at least one'],
      [vehicles, 'array'],
    ];
    for (const [body, text] of bad) {
      const response = await api('POST', '/v1/manage/entities/bulk', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(response.body).toLowerCase()).toContain(text);
    }
    const wipe = await api('DELETE', '/v1/manage/entities');
    expect(wipe.status).toBe(400);
    expect(JSON.stringify(wipe.body)).toContain('subType');
    expect((await api('GET', '/v1/manage/entities')).body.entities).toEqual([]);
  });

  it('caps an account’s definitions and keeps each app’s to itself', async () => {
    const four = await api('POST', '/v1/manage/entities/bulk', [vehicles, plans, vehicles, plans]);
    expect(four.status).toBe(201);
    const over = await api('POST', '/v1/manage/entities/bulk', [plans]);
    expect(over.status).toBe(400);
    expect(over.body.message).toContain('at most 4 entities');
    const id = four.body.entities[0].id;
    const foreign = [
      await api('GET', `/v1/manage/entities/${id}`, undefined, otherToken),
      await api('PUT', `/v1/manage/entities/${id}`, plans, otherToken),
      await api('DELETE', `/v1/manage/entities/${id}`, undefined, otherToken),
    ];
    expect(foreign.map((r) => r.status)).toEqual([404, 404, 404]);
    expect(
      (await api('DELETE', '/v1/manage/entities?subType=vehicle', undefined, otherToken)).body.message,
    ).toContain('Deleted 0');
    expect((await api('GET', '/v1/manage/entities', undefined, otherToken)).body.entities).toEqual([]);
    expect((await api('GET', '/v1/manage/entities')).body.entities).toHaveLength(4);
  });
});
