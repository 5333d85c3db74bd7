import type { ResolvedEndpointingSettings } from './endpointing/EndpointingSettings.ts';
import type { RecognitionEvent } from './RecognitionEvent.ts';

/** Messages the main thread sends a recogniser worker. */
export type ToRecognizerWorker =
  | {
      type: 'open';
      id: number;
      args: string[];
      sampleRate: number;
      partialIntervalMs: number;
      customVocabulary: string[];
      blockSamples: number;
      /** Samples at the start of the stream only listened to (PocketsphinxDecoder.listenUntil). */
      listenSamples: number;
      endpointing?: ResolvedEndpointingSettings | undefined;
    }
  | { type: 'audio'; id: number; pcm: Int16Array }
  | { type: 'end'; id: number }
  | { type: 'abort'; id: number };

/** Messages a recogniser worker sends back. `acked` counts audio messages fully processed. */
export type FromRecognizerWorker =
  | { type: 'events'; id: number; events: RecognitionEvent[]; acked: number }
  | { type: 'ended'; id: number }
  | { type: 'error'; id: number; message: string };
