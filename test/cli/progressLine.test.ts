import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  activity,
  duration,
  type FileProgress,
  plainProgressLine,
  progressLine,
  secondsLeft,
} from '../../src/cli/progressLine.ts';

const ESCAPES = /\x1b\[[0-9;]*m/g;

const file = (changes: Partial<FileProgress>): FileProgress => ({
  label: 'meeting.wav',
  phase: 'waiting',
  ...changes,
});

const states = fc.record({
  label: fc.string({ minLength: 1, maxLength: 80 }),
  phase: fc.constantFrom(
    'waiting',
    'uploading',
    'queued',
    'processing',
    'fetching',
    'done',
    'failed' as const,
  ),
  stage: fc.option(
    fc.constantFrom('decoding', 'recognizing', 'separating_speakers', 'analyzing', 'transcoding_v2'),
    {
      nil: undefined,
    },
  ),
  percent: fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: undefined }),
  audioSeconds: fc.option(fc.integer({ min: 0, max: 4 * 3600 }), { nil: undefined }),
  recognizedSeconds: fc.option(fc.integer({ min: 0, max: 4 * 3600 }), { nil: undefined }),
  startedAt: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: undefined }),
  processingSince: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: undefined }),
});

describe('progressLine', () => {
  it('shows stage, bar, percent, time spent, time left and audio recognised', () => {
    const line = progressLine(
      file({
        phase: 'processing',
        stage: 'recognizing',
        percent: 40,
        audioSeconds: 877,
        recognizedSeconds: 350,
        startedAt: 0,
        processingSince: 2_000,
      }),
      42_000,
      { color: false, width: 120, labelWidth: 12 },
    );
    expect(line).toBe(
      'meeting.wav  recognising         ████████░░░░░░░░░░░░  40% 0:42 ~1:00 left 5:50 of 14:37 audio',
    );
  });

  it('never draws wider than the terminal, colour codes not counted, whatever the state', () => {
    fc.assert(
      fc.property(states, fc.integer({ min: 20, max: 200 }), fc.boolean(), (state, width, color) => {
        const line = progressLine(state as FileProgress, 1_000_000, { color, width, labelWidth: 32 });
        expect(line.replace(ESCAPES, '').length).toBeLessThanOrEqual(width);
        expect(line).not.toContain('\n');
        expect(line.includes('\x1b[')).toBe(color && line.replace(ESCAPES, '') !== line);
      }),
    );
  });

  it('drops the audio, then the bar, then the estimate before cutting the name', () => {
    const state = file({
      phase: 'processing',
      stage: 'recognizing',
      percent: 50,
      audioSeconds: 600,
      recognizedSeconds: 300,
      startedAt: 0,
      processingSince: 0,
    });
    const at = (width: number) => progressLine(state, 60_000, { color: false, width, labelWidth: 12 });
    expect(at(90)).not.toContain('audio');
    expect(at(90)).toContain('█');
    expect(at(60)).not.toContain('█');
    expect(at(60)).toContain('left');
    expect(at(45)).not.toContain('left');
    expect(at(45)).toContain('meeting.wav');
    expect(at(36)).toMatch(/^meeti… recognising +50% 1:00$/);
    expect(at(20)).toBe('m recognising');
  });

  it('estimates time left only once there is something to go on', () => {
    const running = file({ phase: 'processing', percent: 1, processingSince: 0 });
    expect(secondsLeft(running, 10_000)).toBeUndefined();
    expect(secondsLeft({ ...running, percent: 25 }, 1_000)).toBeUndefined();
    expect(secondsLeft({ ...running, percent: 25 }, 10_000)).toBeCloseTo(30);
    expect(secondsLeft({ ...running, phase: 'fetching', percent: 25 }, 10_000)).toBeUndefined();
  });

  it('names stages as people say them, and unknown ones by their name', () => {
    expect(activity(file({ phase: 'processing', stage: 'separating_speakers' }))).toBe('separating speakers');
    expect(activity(file({ phase: 'processing', stage: 'transcoding_v2' }))).toBe('transcoding v2');
    expect(activity(file({ phase: 'processing' }))).toBe('processing');
    expect(activity(file({ phase: 'fetching', stage: 'analyzing' }))).toBe('fetching results');
  });

  it('writes a plain log line', () => {
    expect(
      plainProgressLine(
        file({ phase: 'processing', stage: 'analyzing', percent: 99.5, startedAt: 0, processingSince: 0 }),
        3_725_000,
      ),
    ).toBe('meeting.wav: analysing 99% (1:02:05 elapsed, ~0:19 left)');
    expect(duration(59.6)).toBe('1:00');
  });
});
