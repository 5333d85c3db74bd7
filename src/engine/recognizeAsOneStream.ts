import type { Subscription } from 'rxjs';
import { AdaptedSecondPass } from './asr/AdaptedSecondPass.ts';
import type { RecognizedUtterance } from './asr/RecognitionEvent.ts';
import type { RecognitionSession } from './asr/Recognizer.ts';
import type { AudioInput } from './audio/AudioInput.ts';
import { decodeAudio } from './audio/decodeAudio.ts';
import type { RecognizeAudioSettings } from './recognizeAudio.ts';

/**
 * Recognition of a recording on one stream per channel, as it is decoded, with backpressure: the
 * decoder never runs ahead of the recogniser, so nothing is held but the audio in flight. With a
 * second pass (`adapt`), each channel's audio is also spooled to disk for it.
 */
export async function recognizeAsOneStream(
  input: AudioInput,
  settings: RecognizeAudioSettings,
): Promise<RecognizedUtterance[][]> {
  const { recognizer, options } = settings;
  const sessions: RecognitionSession[] = [];
  const subscriptions: Subscription[] = [];
  const utterances: RecognizedUtterance[][] = [];
  const failures: unknown[] = [];
  let recognizedSeconds = 0;
  const secondPass = settings.adapt ? await AdaptedSecondPass.create() : undefined;
  try {
    for await (const block of decodeAudio(input, {
      sampleRate: settings.sampleRate,
      layout: settings.layout,
    })) {
      while (sessions.length < block.channels.length) {
        const channel = sessions.length;
        const session = await recognizer.open(options);
        utterances[channel] = [];
        subscriptions.push(
          session.events$.subscribe({
            next: (event) => {
              if (event.type === 'final') utterances[channel]?.push(event.utterance);
            },
            error: (error: unknown) => failures.push(error),
          }),
        );
        sessions.push(session);
      }
      settings.onAudio?.(block.channels[0] as Int16Array);
      await Promise.all(
        block.channels.map(async (pcm, channel) => {
          await secondPass?.record(channel, pcm);
          await sessions[channel]?.write(pcm);
        }),
      );
      if (failures.length > 0) throw failures[0];
      recognizedSeconds += (block.channels[0]?.length ?? 0) / block.sampleRate;
      settings.onProgress?.(recognizedSeconds);
    }
    await Promise.all(sessions.map((s) => s.end()));
    if (failures.length > 0) throw failures[0];
    if (secondPass !== undefined)
      for (let channel = 0; channel < utterances.length; channel += 1)
        utterances[channel] = await secondPass.recognizeAgain(
          channel,
          utterances[channel] ?? [],
          recognizer,
          options,
        );
  } catch (error) {
    for (const s of sessions) s.abort();
    throw error;
  } finally {
    for (const s of subscriptions) s.unsubscribe();
    await secondPass?.dispose();
  }
  return utterances;
}
