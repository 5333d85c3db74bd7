/**
 * Transcribe a recording offline and print who committed to what.
 * Run: npx tsx examples/transcribeMeeting.ts meeting.wav [speakers]
 */
import { transcribeAudio } from 'parley/engine';

/** The action items of a recording, as "assignee: text (due)" lines. */
export async function actionItemLines(path: string, speakers = 2): Promise<string[]> {
  const conversation = await transcribeAudio(path, {
    enableSpeakerDiarization: true,
    diarizationSpeakerCount: speakers,
    conversation: { trackers: [{ name: 'Money', vocabulary: ['budget', 'price', 'dollars'] }] },
  });
  return conversation.actionItems.map(
    (item) => `${item.assignee.name ?? 'someone'}: ${item.text}${item.dueBy ? ` (due ${item.dueBy})` : ''}`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [path, speakers] = process.argv.slice(2);
  if (!path) throw new Error('usage: examples/transcribeMeeting.ts <file> [speakers]');
  for (const line of await actionItemLines(path, speakers ? Number(speakers) : 2)) console.log(line);
}
