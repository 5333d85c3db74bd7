import { type FileHandle, open, rm } from 'node:fs/promises';
import { pcmToWav } from './pcmToWav.ts';

const HEADER_BYTES = 44;

/**
 * One channel of 16-bit PCM spooled to a WAV file on disk while it is decoded, so that pieces of
 * a long recording can be read back by ranges (by several readers at once, each waiting for the
 * samples it needs) without the recording being held in memory. Appends land in call order. `finish`
 * writes the real lengths into the header, after which the file is a complete WAV (for tools that
 * read whole files); `dispose` deletes it.
 */
export class PcmSpool {
  readonly #handle: FileHandle;
  /** Samples readable (written); `#reserved` also counts appends still being written. */
  #samples = 0;
  #reserved = 0;
  #complete = false;
  #waiters: Array<() => void> = [];
  /** Byte offsets of appends written ahead of an earlier one still in progress, with their lengths. */
  readonly #written = new Map<number, number>();

  private constructor(
    readonly path: string,
    readonly sampleRate: number,
    handle: FileHandle,
  ) {
    this.#handle = handle;
  }

  /** Creates (or truncates) the file at `path`, with a header to be completed by `finish`. */
  static async create(path: string, sampleRate: number): Promise<PcmSpool> {
    const handle = await open(path, 'w+');
    try {
      await handle.write(pcmToWav(new Int16Array(0), sampleRate));
    } catch (error) {
      await handle.close();
      throw error;
    }
    return new PcmSpool(path, sampleRate, handle);
  }

  /** Samples appended so far. */
  get samples(): number {
    return this.#samples;
  }

  /** Whether `finish` has run: `samples` is the whole recording. */
  get complete(): boolean {
    return this.#complete;
  }

  /** Appends samples at the end; resolves once they are written. */
  async append(pcm: Int16Array): Promise<void> {
    if (this.#complete) throw new RangeError('PcmSpool: append after finish');
    if (pcm.length === 0) return;
    const at = HEADER_BYTES + this.#reserved * 2;
    this.#reserved += pcm.length;
    await this.#handle.write(
      new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength),
      0,
      pcm.byteLength,
      at,
    );
    // Appends overlapping in time finish in any order; samples are readable once all before them are.
    this.#written.set(at, pcm.length);
    while (this.#written.has(HEADER_BYTES + this.#samples * 2)) {
      const key = HEADER_BYTES + this.#samples * 2;
      this.#samples += this.#written.get(key) as number;
      this.#written.delete(key);
    }
    this.#wake();
  }

  /** No more samples: completes the WAV header and wakes readers waiting past the end. */
  async finish(): Promise<void> {
    if (this.#complete) return;
    if (this.#reserved !== this.#samples) throw new RangeError('PcmSpool: finish while appends are pending');
    this.#complete = true;
    const header = pcmToWav(new Int16Array(0), this.sampleRate);
    const view = new DataView(header.buffer);
    view.setUint32(4, 36 + this.#samples * 2, true);
    view.setUint32(40, this.#samples * 2, true);
    await this.#handle.write(header, 0, HEADER_BYTES, 0);
    this.#wake();
  }

  /**
   * Resolves once sample `sample` has been appended, or the spool is complete (then the caller
   * compares with `samples`).
   */
  async until(sample: number): Promise<void> {
    while (!this.#complete && this.#samples < sample)
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  /** Samples `[from, to)`, which must already be appended. */
  async read(from: number, to: number): Promise<Int16Array> {
    if (from < 0 || to > this.#samples || to < from)
      throw new RangeError(`PcmSpool: cannot read [${from}, ${to}) of ${this.#samples} samples`);
    const pcm = new Int16Array(to - from);
    const bytes = new Uint8Array(pcm.buffer);
    let done = 0;
    while (done < bytes.length) {
      const { bytesRead } = await this.#handle.read(
        bytes,
        done,
        bytes.length - done,
        HEADER_BYTES + from * 2 + done,
      );
      if (bytesRead === 0) throw new RangeError(`PcmSpool: ${this.path} is shorter than its samples`);
      done += bytesRead;
    }
    return pcm;
  }

  /** Closes and deletes the file; readers still waiting are woken (and find it complete). */
  async dispose(): Promise<void> {
    this.#complete = true;
    this.#wake();
    await this.#handle.close().catch(() => undefined);
    await rm(this.path, { force: true });
  }

  #wake(): void {
    const ready = this.#waiters;
    this.#waiters = [];
    for (const wake of ready) wake();
  }
}
