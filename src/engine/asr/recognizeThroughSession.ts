import { Observable } from 'rxjs';
import type { BufferOverflowError } from '../../errors/BufferOverflowError.ts';
import type { RecognitionEvent } from './RecognitionEvent.ts';
import type { RecognitionSession } from './Recognizer.ts';

/**
 * `Recognizer.recognize` on top of `open`: a cold Observable that opens one session per
 * subscription, writes the input into it without waiting (input that outruns the recogniser is
 * measured by `overflow`, which fails the stream when it returns an error), ends it when the
 * input completes, and aborts it on error or unsubscribe.
 */
export function recognizeThroughSession<S extends RecognitionSession>(
  open: () => S,
  pcm$: Observable<Int16Array>,
  overflow: (session: S) => BufferOverflowError | undefined,
): Observable<RecognitionEvent> {
  return new Observable<RecognitionEvent>((subscriber) => {
    let session: S;
    try {
      session = open();
    } catch (error) {
      subscriber.error(error);
      return;
    }
    const eventsSub = session.events$.subscribe(subscriber);
    const inputSub = pcm$.subscribe({
      next: (pcm) => {
        void session.write(pcm).catch(() => undefined);
        const error = overflow(session);
        if (error !== undefined) {
          session.abort();
          subscriber.error(error);
        }
      },
      error: (error: unknown) => {
        session.abort();
        subscriber.error(error);
      },
      complete: () => {
        void session.end().catch(() => undefined);
      },
    });
    return () => {
      inputSub.unsubscribe();
      eventsSub.unsubscribe();
      session.abort();
    };
  });
}
