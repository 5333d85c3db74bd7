import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { RecognizerError } from '../../errors/RecognizerError.ts';
import type { RecognitionEvent } from './RecognitionEvent.ts';
import type { FromRecognizerWorker, ToRecognizerWorker } from './recognizerWorkerProtocol.ts';

/** What a stream hears back from its worker. */
export interface WorkerStreamHandlers {
  onEvents(events: RecognitionEvent[], acked: number): void;
  onEnded(): void;
  onError(error: RecognizerError): void;
}

/** The main-thread end of one recognition stream running on a pool worker. */
export interface WorkerStream {
  send(pcm: Int16Array): void;
  end(): void;
  abort(): void;
}

interface Slot {
  worker: Worker;
  streams: Map<number, WorkerStreamHandlers>;
}

type OpenParameters = Omit<Extract<ToRecognizerWorker, { type: 'open' }>, 'type' | 'id'>;

/**
 * A small pool of recogniser worker threads (one per core by default), so several streams decode
 * at once and the event loop never blocks. A new stream goes to the worker with the fewest
 * streams. Idle workers do not keep the process alive. A worker that dies fails only its own
 * streams with RecognizerError and is replaced on next use.
 */
export class RecognizerWorkerPool {
  private readonly slots: Array<Slot | undefined>;
  private nextId = 1;

  constructor(
    readonly size = availableParallelism(),
    private readonly entry: URL = new URL('./pocketsphinxWorker.mjs', import.meta.url),
  ) {
    this.slots = Array.from({ length: Math.max(1, size) }, () => undefined);
  }

  open(parameters: OpenParameters, handlers: WorkerStreamHandlers): WorkerStream {
    const index = this.leastBusy();
    const slot = this.slots[index] ?? this.start(index);
    const id = this.nextId++;
    slot.streams.set(id, handlers);
    slot.worker.ref();
    const post = (message: ToRecognizerWorker, transfer: ArrayBuffer[] = []): void => {
      if (slot.streams.has(id)) slot.worker.postMessage(message, transfer);
    };
    post({ type: 'open', id, ...parameters });
    return {
      send: (pcm) => post({ type: 'audio', id, pcm }, [pcm.buffer as ArrayBuffer]),
      end: () => post({ type: 'end', id }),
      abort: () => {
        post({ type: 'abort', id });
        this.forget(slot, id);
      },
    };
  }

  /** Workers with no open stream (including those not started yet). */
  idleWorkers(): number {
    return this.slots.filter((slot) => slot === undefined || slot.streams.size === 0).length;
  }

  /** Stops every worker; open streams fail with RecognizerError. */
  async close(): Promise<void> {
    await Promise.all(
      this.slots.map(async (slot, i) => {
        if (!slot) return;
        this.slots[i] = undefined;
        this.failAll(slot, new RecognizerError('recogniser pool closed'));
        await slot.worker.terminate();
      }),
    );
  }

  private leastBusy(): number {
    let best = 0;
    let bestLoad = Number.POSITIVE_INFINITY;
    this.slots.forEach((slot, i) => {
      const load = slot?.streams.size ?? 0;
      if (load < bestLoad) {
        best = i;
        bestLoad = load;
      }
    });
    return best;
  }

  private start(index: number): Slot {
    const worker = new Worker(this.entry);
    const slot: Slot = { worker, streams: new Map() };
    this.slots[index] = slot;
    worker.unref();
    worker.on('message', (message: FromRecognizerWorker) => {
      const handlers = slot.streams.get(message.id);
      if (!handlers) return;
      if (message.type === 'events') handlers.onEvents(message.events, message.acked);
      else if (message.type === 'ended') {
        this.forget(slot, message.id);
        handlers.onEnded();
      } else {
        this.forget(slot, message.id);
        handlers.onError(new RecognizerError(`pocketsphinx: ${message.message}`));
      }
    });
    const died = (reason: string, cause?: unknown): void => {
      if (this.slots[index] === slot) this.slots[index] = undefined;
      this.failAll(slot, new RecognizerError(`recogniser worker stopped: ${reason}`, { cause }));
    };
    worker.on('error', (error) => died(error.message, error));
    worker.on('exit', (code) => died(`exit code ${code}`));
    return slot;
  }

  private forget(slot: Slot, id: number): void {
    slot.streams.delete(id);
    if (slot.streams.size === 0) slot.worker.unref();
  }

  private failAll(slot: Slot, error: RecognizerError): void {
    const handlers = [...slot.streams.values()];
    slot.streams.clear();
    for (const h of handlers) h.onError(error);
  }
}

let shared: RecognizerWorkerPool | undefined;

/** The process-wide pool, created on first use. */
export function sharedRecognizerPool(): RecognizerWorkerPool {
  shared ??= new RecognizerWorkerPool();
  return shared;
}
