import type { AudioInput } from './audio/AudioInput.ts';
import { ConversationAggregate } from './conversation/ConversationAggregate.ts';
import type { ConversationOptions } from './conversation/ConversationOptions.ts';
import type { ConversationSnapshot } from './conversation/ConversationSnapshot.ts';
import type { InputUtterance } from './nlp/EngineMessage.ts';
import { type SpeechMessage, type SpeechToMessagesOptions, speechToMessages } from './speechToMessages.ts';

/** Options of a whole offline transcription: how to hear it, then how to analyse it. */
export interface TranscribeAudioOptions extends SpeechToMessagesOptions {
  conversation?: Omit<ConversationOptions, 'startTime'>;
}

/** A recognised message as the insight engine takes it: speech is lower case and unpunctuated. */
export function speechToUtterance(message: SpeechMessage): InputUtterance {
  return {
    id: message.id,
    text: message.text,
    speaker: { id: message.speaker.id, name: message.speaker.name, email: message.speaker.email },
    start: message.start,
    end: message.end,
    words: message.words.map((w) => ({ word: w.word, start: w.start, end: w.end, score: w.score })),
    recognized: true,
    channel: message.channel,
  };
}

/**
 * Audio or video in, every Conversation API resource out: decode, recognise, separate speakers,
 * then run the insight engine over the messages in order. The whole offline pipeline in one call.
 */
export async function transcribeAudio(
  input: AudioInput,
  options: TranscribeAudioOptions = {},
): Promise<ConversationSnapshot> {
  const { conversation, ...speech } = options;
  const messages = await speechToMessages(input, speech);
  const aggregate = new ConversationAggregate({
    ...conversation,
    ...(speech.startTime === undefined ? {} : { startTime: speech.startTime }),
  });
  aggregate.ingestAll(messages.map(speechToUtterance));
  return aggregate.snapshot();
}
