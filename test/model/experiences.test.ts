import { describe, expect, it } from 'vitest';
import {
  ExperienceMediaUrlRequest,
  ExperienceRequest,
  ExperienceResponse,
  isExperienceRequestBody,
} from '../../src/model/experiences.ts';
import { parse } from '../../src/model/parse.ts';
import { specExamples } from '../support/specExamples.ts';
import { assertMalformedNamed, assertRoundTrip, issuesOf } from './streamingSchemaProperties.ts';

const examples = specExamples('trackers-and-other.md');

describe('the Experience API example', () => {
  it('is one of the 3 examples of the trackers-and-other page (the others: trackers.test.ts, labs.test.ts)', () => {
    expect(examples).toHaveLength(3);
  });

  it('parses', () => {
    expect(examples[1]!.heading).toMatch(/^3\. Experience API/);
    expect(parse(ExperienceResponse, examples[1]!.value, 'experience')).toEqual(examples[1]!.value);
  });
});

describe('properties', () => {
  const schemas = {
    ExperienceRequest,
    ExperienceResponse,
    ExperienceMediaUrlRequest,
  };
  for (const [name, schema] of Object.entries(schemas)) {
    it(`${name} round-trips through JSON`, () => assertRoundTrip(schema, name, 30));
  }
  const breakable = {
    ExperienceRequest,
  };
  for (const [name, schema] of Object.entries(breakable)) {
    it(`a malformed ${name} names the broken path`, () => assertMalformedNamed(schema, name, 30));
  }
});

describe('Experience API', () => {
  it('needs videoUrl for video-summary and audioUrl (or audioURL) for audio-summary', () => {
    expect(issuesOf(ExperienceRequest, { name: 'video-summary' })[0]!.path).toBe('videoUrl');
    expect(issuesOf(ExperienceRequest, { name: 'audio-summary' })[0]!.path).toBe('audioUrl');
    expect(
      parse(ExperienceRequest, { name: 'audio-summary', audioURL: 'https://a.example/x.wav' }, 'e'),
    ).toEqual({
      name: 'audio-summary',
      audioUrl: 'https://a.example/x.wav',
    });
  });

  it('reads the full option set', () => {
    const body = {
      name: 'verbose-text-summary',
      logo: 'https://a.example/logo.png',
      color: { background: '#ffffff', topicsFilter: '#FF0000' },
      font: { family: 'roboto' },
      summaryURLExpiresIn: 0,
      readOnly: true,
      enableCustomDomain: false,
    };
    expect(parse(ExperienceRequest, body, 'e')).toEqual(body);
  });

  it.each([
    [{ name: 'pdf-summary' }, 'name'],
    [{ name: 'verbose-text-summary', color: { background: 'white' } }, 'color.background'],
    [{ name: 'verbose-text-summary', summaryURLExpiresIn: -1 }, 'summaryURLExpiresIn'],
    [{ name: 'video-summary', videoUrl: 'file:///etc/passwd' }, 'videoUrl'],
    [
      { name: 'audio-summary', audioUrl: 'https://a.example/x', enableCustomDomain: true },
      'enableCustomDomain',
    ],
  ])('rejects %j at %s', (body, path) => {
    expect(issuesOf(ExperienceRequest, body).map((i) => i.path)).toContain(path);
  });

  it('tells a Go SDK experience body posted to /summary from a summary refresh', () => {
    expect(isExperienceRequestBody({ name: 'video-summary', videoUrl: 'https://v' })).toBe(true);
    expect(isExperienceRequestBody({})).toBe(false);
    expect(isExperienceRequestBody(undefined)).toBe(false);
    expect(isExperienceRequestBody([{ name: 'x' }])).toBe(false);
  });
});
