import { lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { speechStretches } from '../../examples/speechActivity.ts';
import { actionItemLines } from '../../examples/transcribeMeeting.ts';
import { synthesizeConversation } from '../../scripts/fixtures/synthesizeConversation.ts';

describe('examples', () => {
  it('transcribeMeeting finds the sample meeting’s commitment to fix the payment page', async () => {
    const fixture = await synthesizeConversation('sample-meeting');
    const lines = await actionItemLines(fixture.mixWav, 2);
    expect(lines.some((l) => /payment page/i.test(l))).toBe(true);
  });

  it('speechActivity finds a stretch of speech around every scripted turn', async () => {
    const fixture = await synthesizeConversation('sample-meeting');
    const stretches = await lastValueFrom(speechStretches(fixture.mixWav));
    for (const turn of fixture.turns) {
      const middle = (turn.start + turn.end) / 2;
      expect(stretches.some((s) => s.start <= middle && middle <= s.end)).toBe(true);
    }
  });
});
