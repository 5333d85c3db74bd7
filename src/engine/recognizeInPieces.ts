import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdaptedSecondPass } from './asr/AdaptedSecondPass.ts';
import { ParallelRecognition, type RecognitionTrack } from './asr/ParallelRecognition.ts';
import type { RecognizedUtterance } from './asr/RecognitionEvent.ts';
import type { PiecewiseCapacity } from './asr/Recognizer.ts';
import type { AudioInput } from './audio/AudioInput.ts';
import { decodeAudio } from './audio/decodeAudio.ts';
import { PauseFinder } from './audio/PauseFinder.ts';
import { PcmSpool } from './audio/PcmSpool.ts';
import type { RecognizeAudioSettings } from './recognizeAudio.ts';

const DEFAULT_MIN_PIECE_SECONDS = 60;

/**
 * Recognition of one recording on every worker of the recogniser at once. Each channel is
 * decoded into a spool on disk (so an hour of audio is not held in memory; about 115 MB per
 * channel-hour, deleted afterwards) while its pauses are noted; recognition starts at once on the
 * first piece and, as workers free up, the recording is cut at pauses into more pieces
 * (ParallelRecognition), whose utterances are stitched in order. With a second pass, each
 * channel's transform is estimated from the spool and the first pass's words, and the second
 * pass runs in pieces the same way.
 */
export async function recognizeInPieces(
  input: AudioInput,
  settings: RecognizeAudioSettings,
  capacity: PiecewiseCapacity,
): Promise<RecognizedUtterance[][]> {
  const rate = settings.sampleRate;
  const dir = await mkdtemp(join(tmpdir(), 'parley-pieces-'));
  const tracks: RecognitionTrack[] = [];
  const schedule = (of: readonly RecognitionTrack[], onProgress?: (seconds: number) => void) =>
    new ParallelRecognition(of, {
      recognizer: settings.recognizer,
      slots: capacity.slots,
      canSplit: () => capacity.idle(),
      alignment: capacity.alignment,
      warmUp: Math.round(capacity.warmUpSeconds * rate),
      listens: capacity.listens,
      lookahead: Math.round((capacity.maxUtteranceSeconds + 2) * rate),
      minPiece: Math.round((settings.pieces?.minPieceSeconds ?? DEFAULT_MIN_PIECE_SECONDS) * rate),
      ...(onProgress === undefined ? {} : { onProgress }),
    });
  let firstPass: ParallelRecognition | undefined;
  let recognized: Promise<RecognizedUtterance[][]> | undefined;
  let failure: { error: unknown } | undefined;
  try {
    for await (const block of decodeAudio(input, { sampleRate: rate, layout: settings.layout })) {
      if (firstPass === undefined) {
        for (let channel = 0; channel < block.channels.length; channel += 1)
          tracks.push({
            spool: await PcmSpool.create(join(dir, `channel-${channel}.wav`), rate),
            pauses: new PauseFinder(rate),
            options: settings.options,
          });
        firstPass = schedule(tracks, settings.onProgress);
        recognized = firstPass.run();
        recognized.catch((error: unknown) => {
          failure = { error };
        });
      }
      settings.onAudio?.(block.channels[0] as Int16Array);
      await Promise.all(
        block.channels.map(async (pcm, channel) => {
          const track = tracks[channel] as RecognitionTrack;
          track.pauses.push(pcm);
          await track.spool.append(pcm);
        }),
      );
      if (failure !== undefined) throw failure.error;
    }
    if (firstPass === undefined || recognized === undefined) return [];
    for (const track of tracks) await track.spool.finish();
    firstPass.notify();
    const channels = await recognized;
    return settings.adapt ? await adaptAndRecognizeAgain(tracks, channels, settings, schedule) : channels;
  } catch (error) {
    firstPass?.abort();
    await recognized?.catch(() => undefined);
    throw error;
  } finally {
    for (const track of tracks) await track.spool.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The second pass of `accuracy: 'best'`: a transform per channel from its spooled audio and
 * first-pass words, then every adapted channel recognised again in pieces; a channel with too
 * few words to adapt from keeps its first pass.
 */
async function adaptAndRecognizeAgain(
  tracks: readonly RecognitionTrack[],
  firstPass: RecognizedUtterance[][],
  settings: RecognizeAudioSettings,
  schedule: (of: readonly RecognitionTrack[]) => ParallelRecognition,
): Promise<RecognizedUtterance[][]> {
  const adaptation = await AdaptedSecondPass.create();
  try {
    const adapted: Array<{ channel: number; track: RecognitionTrack }> = [];
    for (const [channel, track] of tracks.entries()) {
      const mllr = await adaptation.transformFor(
        channel,
        track.spool.path,
        firstPass[channel] ?? [],
        settings.options.modelPath,
      );
      if (mllr !== undefined)
        adapted.push({ channel, track: { ...track, options: { ...track.options, mllr } } });
    }
    const again = await schedule(adapted.map((a) => a.track)).run();
    const out = [...firstPass];
    adapted.forEach(({ channel }, i) => {
      out[channel] = again[i] ?? [];
    });
    return out;
  } finally {
    await adaptation.dispose();
  }
}
