import { lastValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insightLines } from '../../examples/textInsights.ts';
import { type E2eRig, startE2eRig } from '../e2e/e2eServer.ts';

let rig: E2eRig;
beforeAll(async () => {
  rig = await startE2eRig();
});
afterAll(async () => {
  await rig?.stop();
});

describe('examples/textInsights', () => {
  it('lists the question and the commitment of a short text conversation', async () => {
    const lines = await lastValueFrom(
      insightLines(rig.client, {
        messages: [
          { payload: { content: 'Can you send me the renewal quote by Friday?' }, from: { name: 'Ben' } },
          { payload: { content: 'Sure, I will send the quote to you tomorrow.' }, from: { name: 'Ana' } },
        ],
      }),
    );
    expect(lines).toContain('question: Can you send me the renewal quote by Friday?');
    expect(lines.some((l) => /^(action|follow-up): .*send the quote/i.test(l))).toBe(true);
  });
});
