import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrackerEnvelope, TrackersEnvelope } from '../../src/model/trackers.ts';
import { TrackersDetectedResponse } from '../../src/model/trackersDetected.ts';
import { call, otherAppToken, startTestServer, type TestServer, waitForJob } from './support/testServer.ts';

let t: TestServer;
let otherToken: string;

beforeAll(async () => {
  t = await startTestServer({ limits: { managementBodyBytes: 2048, trackersPerApp: 6 } });
  otherToken = await otherAppToken(t);
});
afterAll(async () => {
  await t.stop();
});

const api = (method: string, path: string, json?: unknown, token = t.token) =>
  call(t.url, method, path, { token, json });

describe('tracker management API', () => {
  it('creates, lists, finds, reads, updates, patches and deletes trackers in both generations', async () => {
    const single = await api('POST', '/v1/manage/tracker', {
      name: 'Pricing',
      vocabulary: ['price', 'discount'],
    });
    expect(single.status).toBe(201);
    const pricing = TrackerEnvelope.parse(single.body).tracker;
    expect(pricing).toMatchObject({ name: 'Pricing', vocabulary: ['price', 'discount'] });
    expect(pricing.id).toMatch(/^\d{16}$/);

    const bulk = await api('POST', '/v1/manage/trackers', [
      { name: 'Renewal', vocabulary: ['renewal', 'contract'] },
      { name: 'pricing', vocabulary: ["what's the fee"] },
    ]);
    expect(bulk.status).toBe(201);
    expect(TrackersEnvelope.parse(bulk.body).trackers.map((x) => x.name)).toEqual(['Renewal', 'pricing']);

    const go = await api('POST', '/v1/manage/trackers', {
      name: 'Competition',
      vocabulary: ['competitor'],
      categories: ['sales'],
      languages: ['en-US'],
      description: 'Mentions of rivals',
    });
    expect(go.status).toBe(201);
    const competition = TrackerEnvelope.parse(go.body).tracker;
    expect(competition).toMatchObject({
      categories: ['sales'],
      languages: ['en-US'],
      description: 'Mentions of rivals',
    });

    const list = TrackersEnvelope.parse((await api('GET', '/v1/manage/trackers')).body).trackers;
    expect(list.map((x) => x.name)).toEqual(['Pricing', 'Renewal', 'pricing', 'Competition']);
    const byName = await api('GET', '/v1/manage/trackers?name=Pricing');
    expect(byName.body.trackers.map((x: { id: string }) => x.id)).toEqual([pricing.id]);

    for (const path of [`/v1/manage/tracker/${pricing.id}`, `/v1/manage/trackers/${pricing.id}`]) {
      const read = await api('GET', path);
      expect(read.status).toBe(200);
      expect(read.body.tracker).toMatchObject({ id: pricing.id, name: 'Pricing' });
    }

    // The documented update: vocabulary merged, new phrases first.
    const updated = await api('PUT', `/v1/manage/tracker/${pricing.id}`, {
      id: pricing.id,
      name: 'Pricing',
      vocabulary: ['how much does it cost', 'price'],
    });
    expect(updated.status).toBe(200);
    expect(updated.body.tracker.vocabulary).toEqual(['how much does it cost', 'price', 'discount']);

    const patched = await api('PATCH', `/v1/manage/trackers/${competition.id}`, [
      { op: 'replace', path: '/name', value: 'Competitors' },
      { op: 'add', path: '/vocabulary/-', value: 'rival' },
      { op: 'remove', path: '/vocabulary', value: ['competitor'] },
      { op: 'add', path: '/vocabulary', value: ['other vendor'] },
      { op: 'remove', path: '/description' },
    ]);
    expect(patched.status).toBe(200);
    expect(patched.body.tracker).toMatchObject({
      name: 'Competitors',
      vocabulary: ['rival', 'other vendor'],
    });
    expect(patched.body.tracker.description).toBeUndefined();

    const deleted = await api('DELETE', `/v1/manage/trackers/${competition.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ id: competition.id, type: 'tracker', deleted: true });
    expect((await api('GET', `/v1/manage/tracker/${competition.id}`)).status).toBe(404);
    expect((await api('DELETE', `/v1/manage/tracker/${competition.id}`)).status).toBe(404);
  });

  it('answers 409 for a taken name, 400 for bad vocabularies and patches, 413 past the body limit', async () => {
    const taken = await api('POST', '/v1/manage/tracker', { name: 'Budget', vocabulary: ['budget'] });
    expect(taken.status).toBe(201);
    const again = await api('POST', '/v1/manage/tracker', { name: 'Budget', vocabulary: ['money'] });
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('Budget');
    const bulkClash = await api('POST', '/v1/manage/trackers', [
      { name: 'Fresh', vocabulary: ['new'] },
      { name: 'Budget', vocabulary: ['b'] },
    ]);
    expect(bulkClash.status).toBe(409);
    // All or nothing: "Fresh" was not stored either.
    expect((await api('GET', '/v1/manage/trackers?name=Fresh')).body.trackers).toEqual([]);
    const renameClash = await api('PUT', `/v1/manage/tracker/${taken.body.tracker.id}`, { name: 'Renewal' });
    expect(renameClash.status).toBe(409);

    const question = await api('POST', '/v1/manage/tracker', { name: 'Q', vocabulary: ['how much?'] });
    expect(question.status).toBe(400);
    expect(question.body.issues[0].path).toBe('vocabulary[0]');
    const duplicate = await api('POST', '/v1/manage/tracker', { name: 'D', vocabulary: ['a', 'a'] });
    expect(duplicate.status).toBe(400);
    const idMismatch = await api('PUT', `/v1/manage/tracker/${taken.body.tracker.id}`, {
      id: '1',
      vocabulary: ['x'],
    });
    expect(idMismatch.status).toBe(400);
    const emptied = await api('PATCH', `/v1/manage/tracker/${taken.body.tracker.id}`, [
      { op: 'remove', path: '/vocabulary', value: ['budget'] },
    ]);
    expect(emptied.status).toBe(400);
    const badOp = await api('PATCH', `/v1/manage/tracker/${taken.body.tracker.id}`, [
      { op: 'move', path: '/name', value: 'x' },
    ]);
    expect(badOp.status).toBe(400);
    expect(badOp.body.issues[0].path).toBe('[0].op');

    const big = await api('POST', '/v1/manage/tracker', {
      name: 'Big',
      vocabulary: ['word '.repeat(500).trim()],
    });
    expect(big.status).toBe(413);
    expect(big.body.message).toMatch(/limit of 2048 bytes/);
  });

  it('keeps trackers per app: another app cannot see, change or delete them', async () => {
    const created = await api('POST', '/v1/manage/tracker', { name: 'Secret', vocabulary: ['secret'] });
    const id = created.body.tracker.id as string;
    expect((await api('GET', '/v1/manage/trackers', undefined, otherToken)).body.trackers).toEqual([]);
    expect((await api('GET', `/v1/manage/tracker/${id}`, undefined, otherToken)).status).toBe(404);
    expect((await api('PUT', `/v1/manage/tracker/${id}`, { name: 'Mine' }, otherToken)).status).toBe(404);
    expect((await api('DELETE', `/v1/manage/trackers/${id}`, undefined, otherToken)).status).toBe(404);
    // The other app may use the same name.
    expect(
      (await api('POST', '/v1/manage/tracker', { name: 'Secret', vocabulary: ['x'] }, otherToken)).status,
    ).toBe(201);
    // And may not reference this app's tracker in a job.
    const foreign = await api(
      'POST',
      '/v1/process/text',
      {
        messages: [{ payload: { content: 'It is a secret.' } }],
        trackers: [{ id }],
      },
      otherToken,
    );
    expect(foreign.status).toBe(400);
    expect(foreign.body.issues[0].path).toBe('trackers[0].id');
    expect((await api('DELETE', `/v1/manage/tracker/${id}`)).status).toBe(200);
  });

  it('refuses a tracker past the per-app limit with a 400 naming it', async () => {
    const list = (await api('GET', '/v1/manage/trackers')).body.trackers as unknown[];
    const room = 6 - list.length;
    const fill = Array.from({ length: room }, (_, i) => ({ name: `Filler ${i}`, vocabulary: ['filler'] }));
    if (room > 0) expect((await api('POST', '/v1/manage/trackers', fill)).status).toBe(201);
    const over = await api('POST', '/v1/manage/tracker', { name: 'One too many', vocabulary: ['x'] });
    expect(over.status).toBe(400);
    expect(over.body.message).toMatch(/at most 6 trackers/);
    for (const tracker of (await api('GET', '/v1/manage/trackers')).body.trackers as Array<{
      id: string;
      name: string;
    }>) {
      if (tracker.name.startsWith('Filler')) await api('DELETE', `/v1/manage/tracker/${tracker.id}`);
    }
  });
});

describe('managed trackers in jobs', () => {
  it('detects referenced trackers under their managed id, and every tracker with enableAllTrackers', async () => {
    const pricing = (await api('GET', '/v1/manage/trackers?name=Pricing')).body.trackers[0];
    const renewal = (await api('GET', '/v1/manage/trackers?name=Renewal')).body.trackers[0];
    const messages = [
      { payload: { content: 'How much does it cost per month?' }, from: { name: 'Ben' } },
      { payload: { content: 'We can discuss the contract renewal next week.' }, from: { name: 'Ana' } },
    ];
    const byId = await api('POST', '/v1/process/text', {
      messages,
      trackers: [{ id: pricing.id }, { name: 'Inline', vocabulary: ['next week'] }],
    });
    expect(byId.status).toBe(201);
    expect(await waitForJob(t.url, t.token, byId.body.jobId)).toBe('completed');
    const detected = TrackersDetectedResponse.parse(
      (await api('GET', `/v1/conversations/${byId.body.conversationId}/trackers-detected`)).body,
    );
    expect(detected.map((d) => d.name).sort()).toEqual(['Inline', 'Pricing']);
    const pricingHit = detected.find((d) => d.name === 'Pricing')!;
    expect(pricingHit.id).toBe(pricing.id);
    expect(pricingHit.matches.map((m) => m.value)).toContain('how much does it cost');

    const all = await api('POST', '/v1/process/text', { messages, enableAllTrackers: 'true' });
    expect(await waitForJob(t.url, t.token, all.body.jobId)).toBe('completed');
    const allDetected = TrackersDetectedResponse.parse(
      (await api('GET', `/v1/conversations/${all.body.conversationId}/trackers`)).body,
    );
    const managedIds = ((await api('GET', '/v1/manage/trackers')).body.trackers as Array<{ id: string }>).map(
      (x) => x.id,
    );
    expect(allDetected.map((d) => d.id)).toEqual(expect.arrayContaining([pricing.id, renewal.id]));
    for (const hit of allDetected) expect(managedIds).toContain(hit.id);
  });
});
