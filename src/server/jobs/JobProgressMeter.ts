import type { JobProgress, JobStage } from '../../model/job.ts';

type StageSpans = Readonly<Record<JobStage, readonly [from: number, to: number]>>;

/**
 * Where each stage of a media job sits in its percent: the shares of the time the engine spent in
 * each on a fifteen-minute, two-speaker recording with diarization (decoding and measuring 1.1 s,
 * recognition 795 s on a loaded machine, speaker separation 1.0 s, analysis under 0.3 s).
 * Recognition is nearly all of it, so the percent tracks the audio recognised.
 */
const MEDIA_STAGES: StageSpans = {
  decoding: [0, 1],
  recognizing: [1, 98],
  separating_speakers: [98, 99],
  analyzing: [99, 100],
};

/** A text job is all analysis. */
const TEXT_STAGES: StageSpans = {
  decoding: [0, 0],
  recognizing: [0, 0],
  separating_speakers: [0, 0],
  analyzing: [0, 100],
};

/** What a media job knows of its audio: its length, and how much of it is recognised. */
export interface AudioProgress {
  audioSeconds: number;
  recognizedSeconds: number;
}

const tenth = (n: number) => Math.round(n * 10) / 10;

/**
 * Turns "this stage is this far along" into the job's {@link JobProgress}: the share of the whole
 * job, stages weighted by the time they take. The percent never goes back, and a report is passed
 * on only when the stage or the percent (to a tenth) changed, so a runner may report after every
 * block of audio. The audio's length, once known, rides along on every later report.
 */
export class JobProgressMeter {
  readonly #spans: StageSpans;
  readonly #report: (progress: JobProgress) => void;
  #last: JobProgress | undefined;
  #audio: AudioProgress | undefined;

  constructor(kind: 'media' | 'text', report: (progress: JobProgress) => void) {
    this.#spans = kind === 'media' ? MEDIA_STAGES : TEXT_STAGES;
    this.#report = report;
  }

  /** Reports `stage` with `share` (0 to 1) of it done, and where recognition stands. */
  at(stage: JobStage, share = 0, audio?: AudioProgress): void {
    if (audio !== undefined) {
      this.#audio = {
        audioSeconds: tenth(audio.audioSeconds),
        recognizedSeconds: tenth(audio.recognizedSeconds),
      };
    }
    const [from, to] = this.#spans[stage];
    const done = Math.min(1, Math.max(0, Number.isFinite(share) ? share : 0));
    const percent = Math.max(this.#last?.percent ?? 0, tenth(from + (to - from) * done));
    if (this.#last?.stage === stage && this.#last.percent === percent) return;
    this.#last = { stage, percent, ...this.#audio };
    this.#report(this.#last);
  }
}
