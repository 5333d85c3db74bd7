import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors/ValidationError.ts';
import {
  canTransitionJob,
  isTerminalJobState,
  JOB_STATES,
  JobPathParams,
  JobState,
  JobStatus,
  JobWebhookPayload,
} from '../../src/model/job.ts';
import { parse } from '../../src/model/parse.ts';
import { expectJsonRoundTrip, expectMutationsNamed } from '../support/schemaProperties.ts';
import { specExamples } from '../support/specExamples.ts';

const example = (heading: string) => {
  const found = specExamples('async-api.md').find((e) => e.heading === heading);
  if (!found) throw new Error(`no example under "${heading}"`);
  return found.value;
};

describe('JobStatus', () => {
  it('parses the spec example', () => {
    expect(parse(JobStatus, example('7. Job status'), 'job status')).toEqual({
      id: '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d',
      status: 'in_progress',
    });
  });

  it('accepts exactly the four states', () => {
    for (const status of JOB_STATES) expect(JobState.parse(status)).toBe(status);
    for (const status of ['done', 'IN_PROGRESS', 'running', '', 3]) {
      expect(() => parse(JobStatus, { id: '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d', status }, 'job')).toThrow(
        /status: expected one of scheduled, in_progress, completed, failed/,
      );
    }
  });

  it('keeps extra fields a server adds and requires a UUID id', () => {
    const withError = {
      id: 'F0E1D2C3-B4A5-9687-7869-5A4B3C2D1E0F',
      status: 'failed',
      error: 'no audio',
      x: 1,
    };
    expect(parse(JobStatus, withError, 'job')).toEqual(withError);
    expect(() => parse(JobStatus, { id: '5815170693595136', status: 'failed' }, 'job')).toThrow(
      ValidationError,
    );
  });

  it("reads Parley's progress extension and names a malformed one", () => {
    const running = {
      id: '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d',
      status: 'in_progress',
      progress: { stage: 'recognizing', percent: 41.5, audioSeconds: 3600, recognizedSeconds: 1500 },
    };
    expect(parse(JobStatus, running, 'job')).toEqual(running);
    // A stage this client does not know yet is still progress.
    const newer = { ...running, progress: { stage: 'translating', percent: 95 } };
    expect(parse(JobStatus, newer, 'job').progress?.stage).toBe('translating');
    expect(() =>
      parse(JobStatus, { ...running, progress: { stage: 'recognizing', percent: 140 } }, 'job'),
    ).toThrow(/progress\.percent/);
  });

  it('survives a JSON round trip', () => expectJsonRoundTrip(JobStatus, 'job status'));
  it('names the broken field', () => expectMutationsNamed(JobStatus, 'job status'));
});

describe('JobWebhookPayload', () => {
  it('parses the spec example', () => {
    expect(parse(JobWebhookPayload, example('Webhook'), 'webhook')).toEqual({
      jobId: '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d',
      status: 'in_progress',
    });
  });
  it('survives a JSON round trip', () => expectJsonRoundTrip(JobWebhookPayload, 'webhook'));
  it('names the broken field', () => expectMutationsNamed(JobWebhookPayload, 'webhook'));
});

describe('JobPathParams', () => {
  it('takes a UUID and names jobId otherwise', () => {
    expect(JobPathParams.parse({ jobId: '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d' })).toBeTruthy();
    expect(() => parse(JobPathParams, { jobId: 'abc' }, 'path')).toThrow(/jobId: expected a job id/);
  });
});

describe('job lifecycle', () => {
  it('moves forward only, and never out of a terminal state', () => {
    const allowed = JOB_STATES.flatMap((from) =>
      JOB_STATES.filter((to) => canTransitionJob(from, to)).map((to) => `${from}->${to}`),
    );
    expect(allowed).toEqual([
      'scheduled->in_progress',
      'scheduled->failed',
      'in_progress->completed',
      'in_progress->failed',
    ]);
    expect(JOB_STATES.filter(isTerminalJobState)).toEqual(['completed', 'failed']);
  });
});
