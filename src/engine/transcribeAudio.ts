import type { AudioInput } from './audio/AudioInput.ts';
import { probeMedia } from './audio/probeMedia.ts';
import { ConversationAggregate } from './conversation/ConversationAggregate.ts';
import type { ConversationOptions } from './conversation/ConversationOptions.ts';
import type { ConversationSnapshot } from './conversation/ConversationSnapshot.ts';
import type { InputUtterance } from './nlp/EngineMessage.ts';
import { type SpeechMessage, type SpeechToMessagesOptions, speechToMessages } from './speechToMessages.ts';
import { conversationStartTime } from './time/conversationStartTime.ts';
import { conversationZone } from './time/conversationZone.ts';

/** Options of a whole offline transcription: how to hear it, then how to analyse it. */
export interface TranscribeAudioOptions extends SpeechToMessagesOptions {
  /**
   * When the conversation started. Default: when the recording was made, as its container
   * states it (MP4/QuickTime `creation_time`, Matroska, Broadcast WAV and the like; read from a
   * file path or bytes, not from a stream, which can be read only once), else the moment
   * `transcribeAudio` is called. Message times and relative dates ("tomorrow") follow from it.
   */
  startTime?: string | Date;
  /** How to analyse it; `timeZone` is where "tomorrow" begins and what offset due dates carry. */
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
 * @throws ValidationError for a bad start time, time zone or other option.
 */
export async function transcribeAudio(
  input: AudioInput,
  options: TranscribeAudioOptions = {},
): Promise<ConversationSnapshot> {
  const calledAt = Date.now();
  const { conversation, ...speech } = options;
  const timeZone = conversationZone(conversation ?? {});
  const readable = typeof input === 'string' || input instanceof Uint8Array;
  const recorded =
    speech.startTime === undefined && readable ? (await probeMedia(input)).recorded : undefined;
  const startTime = conversationStartTime({ stated: speech.startTime, recorded, timeZone, now: calledAt });
  const messages = await speechToMessages(input, { ...speech, startTime: new Date(startTime) });
  const aggregate = new ConversationAggregate({ ...conversation, timeZone, startTime });
  aggregate.ingestAll(messages.map(speechToUtterance));
  return aggregate.snapshot();
}
