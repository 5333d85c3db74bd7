import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  AppendPathParams,
  ASYNC_ENDPOINTS,
  ASYNC_LANGUAGE_CODES,
  ASYNC_OPTION_DEFAULTS,
  AsyncInlineTracker,
  AsyncSubmitResponse,
  AsyncTracker,
  ChannelMetadataList,
  CustomEntity,
  LooseFlag,
  MediaProcessOptions,
  MediaUrlRequest,
  mergeAsyncOptionSources,
  readAsyncQuery,
  TextMessage,
  TextProcessOptions,
  TextProcessRequest,
  writeAsyncQuery,
} from '../../src/model/asyncApi.ts';
import { RateLimitErrorBody } from '../../src/model/errorBody.ts';
import { JobStatus, JobWebhookPayload } from '../../src/model/job.ts';
import { looseBoolean } from '../../src/model/lenient.ts';
import { parse } from '../../src/model/parse.ts';
import {
  expectJsonRoundTrip,
  expectMutationsNamed,
  validationError,
  withoutNegativeZero,
} from '../support/schemaProperties.ts';
import { specDir, specExamples } from '../support/specExamples.ts';
import { arbitraryFor } from '../support/zodArbitrary.ts';

const issuePaths = (run: () => unknown) => validationError(run).issues.map((i) => i.path);

/** Which schema each ```json example of async-api.md is an instance of, in order. */
const EXAMPLE_SCHEMAS: [string, z.ZodType][] = [
  ['3. Success response (all submit endpoints)', AsyncSubmitResponse],
  ['5. Text payload (endpoints 1 and 2)', TextProcessRequest],
  ['7. Job status', JobStatus],
  ['Webhook', JobWebhookPayload],
  ['8. Errors', RateLimitErrorBody],
];

describe('async-api.md examples', () => {
  const examples = specExamples('async-api.md');

  it('has exactly the examples mapped here', () => {
    expect(examples).toHaveLength(5);
    expect(examples.map((e) => e.heading)).toEqual(EXAMPLE_SCHEMAS.map(([heading]) => heading));
  });

  it.each(EXAMPLE_SCHEMAS.map(([heading, schema], index) => ({ heading, schema, index })))(
    'example $index ($heading) parses',
    ({ schema, index }) => {
      const example = examples[index]!;
      expect(parse(schema, example.value, `async-api.md:${example.line}`)).toBeTruthy();
    },
  );

  it('the text payload parses to what the server needs, with defaults', () => {
    const request = parse(TextProcessRequest, examples[1]!.value, 'text request');
    expect(request).toMatchObject({
      name: 'Renewal call',
      confidenceThreshold: 0.6,
      detectPhrases: true,
      detectEntities: true,
      enableAllTrackers: false,
      enableSummary: false,
      entities: [{ customType: 'Company Executives', text: 'marketing director' }],
      trackers: [{ name: 'Pricing', vocabulary: ['how much does it cost', 'price'] }],
    });
    expect(request.messages[0]!.from).toEqual({ userId: 'ben@example.com', name: 'Ben' });
    expect(request.messages[1]!.duration).toBeUndefined();
  });

  it('the upload example of section 6 parses from its query string', () => {
    const line = readFileSync(`${specDir}async-api.md`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('POST /v1/process/audio?'))!;
    const query = line.slice(line.indexOf('?') + 1, line.indexOf(' HTTP/1.1'));
    expect(parse(MediaProcessOptions, readAsyncQuery(query), 'audio query')).toEqual({
      ...ASYNC_OPTION_DEFAULTS,
      name: 'Renewal call',
      confidenceThreshold: 0.6,
      detectPhrases: true,
      customVocabulary: ['renewal'],
    });
  });

  it('ASYNC_ENDPOINTS lists the submit endpoints of the table in section 1', () => {
    const rows = [
      ...readFileSync(`${specDir}async-api.md`, 'utf8').matchAll(/^\| \d+ \| (POST|PUT) \| `([^`]+)` \|/gm),
    ].map(([, method, path]) => `${method} ${path!.replace('{conversationId}', ':conversationId')}`);
    expect(rows).toHaveLength(10);
    expect(ASYNC_ENDPOINTS.map((e) => `${e.method} ${e.path}`)).toEqual(rows);
    expect(ASYNC_ENDPOINTS.filter((e) => e.body === 'bytes').map((e) => e.path)).toEqual([
      '/v1/process/audio',
      '/v1/process/audio/:conversationId',
      '/v1/process/video',
      '/v1/process/video/:conversationId',
    ]);
  });
});

describe('JSON bodies carry booleans and numbers as strings (4.2)', () => {
  it('coerces "true"/"false" and numeric strings for every boolean and number option', () => {
    const options = parse(
      MediaUrlRequest,
      {
        url: 'https://example.com/call.mp3',
        detectPhrases: 'true',
        detectEntities: 'false',
        enableAllTrackers: 'true',
        enableSummary: 'TRUE',
        enableSeparateRecognitionPerChannel: '0',
        enableSpeakerDiarization: 'true',
        diarizationSpeakerCount: '2',
        confidenceThreshold: '0.7',
        timezoneOffset: '-300',
        channelMetadata: [{ channel: '1', speaker: { name: 'Ana' } }],
      },
      'url request',
    );
    expect(options).toMatchObject({
      detectPhrases: true,
      detectEntities: false,
      enableAllTrackers: true,
      enableSummary: true,
      enableSeparateRecognitionPerChannel: false,
      enableSpeakerDiarization: true,
      diarizationSpeakerCount: 2,
      confidenceThreshold: 0.7,
      timezoneOffset: -300,
      channelMetadata: [{ channel: 1, speaker: { name: 'Ana' } }],
    });
  });

  it("reads the documentation's enableAllTracker as enableAllTrackers", () => {
    expect(parse(TextProcessOptions, { enableAllTracker: 'true' }, 'options')).toMatchObject({
      enableAllTrackers: true,
    });
    expect(parse(TextProcessOptions, { enableAllTracker: 'true' }, 'options')).not.toHaveProperty(
      'enableAllTracker',
    );
  });

  it("accepts conversationType as an array (documentation) or a string (Go SDK), and the Go SDK's from.id", () => {
    const text = { messages: [{ payload: { content: 'Hello.' }, from: { id: 'u1', name: 'U' } }] };
    expect(parse(TextProcessRequest, { ...text, conversationType: 'sales' }, 'text')).toMatchObject({
      conversationType: ['sales'],
      messages: [{ from: { userId: 'u1', name: 'U' } }],
    });
    expect(
      parse(TextProcessRequest, { ...text, conversationType: ['sales'] }, 'text').conversationType,
    ).toEqual(['sales']);
  });

  it('reads "" as no webhook and strips options it ignores', () => {
    const options = parse(
      MediaProcessOptions,
      { webhookUrl: '', features: { featureList: ['x'] }, parentRefs: 'true', sentiment: true },
      'options',
    );
    expect(options.webhookUrl).toBeUndefined();
    expect(options).not.toHaveProperty('features');
    expect(options).not.toHaveProperty('parentRefs');
  });
});

describe('LooseFlag', () => {
  it('accepts exactly what looseBoolean accepts, with the same result', () => {
    const spelled = fc
      .tuple(
        fc.constantFrom('true', 'false', '1', '0', 'yes', '2', '', 'tru'),
        fc.array(fc.boolean(), { maxLength: 5 }),
        fc.constantFrom('', ' ', '\t', '\n '),
        fc.constantFrom('', ' ', '\u00a0'),
      )
      .map(
        ([word, upper, before, after]) =>
          before + [...word].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('') + after,
      );
    fc.assert(
      fc.property(fc.oneof(spelled, fc.string(), fc.boolean(), fc.integer({ min: -1, max: 2 })), (value) => {
        const expected = looseBoolean.safeParse(value);
        const actual = LooseFlag.safeParse(value);
        expect(actual.success).toBe(expected.success);
        expect(actual.data).toBe(expected.data);
      }),
      { numRuns: 300 },
    );
  });
});

describe('query-string encodings (4.1)', () => {
  const vocabulary = (query: string) =>
    parse(MediaProcessOptions, readAsyncQuery(query), 'query').customVocabulary;

  it('reads every list encoding clients use', () => {
    expect(vocabulary('customVocabulary=%5B%22Platform%22%2C%22Targets%22%5D')).toEqual([
      'Platform',
      'Targets',
    ]);
    expect(vocabulary('customVocabulary=[Platform,Targets]')).toEqual(['Platform', 'Targets']);
    expect(vocabulary('customVocabulary=Platform&customVocabulary=Targets')).toEqual(['Platform', 'Targets']);
    expect(vocabulary('customVocabulary[0]=Platform&customVocabulary[1]=Targets')).toEqual([
      'Platform',
      'Targets',
    ]);
    expect(vocabulary('customVocabulary[]=Platform&customVocabulary[]=Targets')).toEqual([
      'Platform',
      'Targets',
    ]);
    expect(vocabulary('customVocabulary=Platform,%20Targets')).toEqual(['Platform', 'Targets']);
    expect(vocabulary('customVocabulary=Platform')).toEqual(['Platform']);
  });

  it('keeps commas inside JSON items', () => {
    expect(vocabulary('customVocabulary=%5B%22Hello%2C%20world%22%5D')).toEqual(['Hello, world']);
  });

  it('reads object lists as JSON, repeated JSON objects and qs brackets', () => {
    const trackers = [{ name: 'COVID-19', vocabulary: ['vaccination'] }];
    const parseTrackers = (query: string) =>
      parse(MediaProcessOptions, readAsyncQuery(query), 'query').trackers;
    expect(parseTrackers('trackers=[{"name":"COVID-19","vocabulary":["vaccination"]}]')).toEqual(trackers);
    expect(parseTrackers(`trackers=${encodeURIComponent(JSON.stringify(trackers[0]))}`)).toEqual(trackers);
    expect(
      parseTrackers('trackers={"id":"5123033831841280"}&trackers={"name":"A","vocabulary":["b"]}'),
    ).toEqual([{ id: '5123033831841280' }, { name: 'A', vocabulary: ['b'] }]);
    expect(parseTrackers('trackers[0][name]=COVID-19&trackers[0][vocabulary][0]=vaccination')).toEqual(
      trackers,
    );
    const channels = parse(
      MediaProcessOptions,
      readAsyncQuery(
        'enableSeparateRecognitionPerChannel=true&channelMetadata[0][channel]=1&channelMetadata[0][speaker][name]=Ana' +
          '&channelMetadata[1][channel]=2&channelMetadata[1][speaker][email]=ben%40example.com',
      ),
      'query',
    );
    expect(channels.channelMetadata).toEqual([
      { channel: 1, speaker: { name: 'Ana' } },
      { channel: 2, speaker: { email: 'ben@example.com' } },
    ]);
  });

  it("reads the Go SDK's numbers (%f) and lets the last of a repeated scalar win (its ?name=<file>&name=...)", () => {
    const options = parse(
      MediaProcessOptions,
      readAsyncQuery(
        'name=call.wav&confidenceThreshold=0.600000&diarizationSpeakerCount=2.000000' +
          '&enableSpeakerDiarization=true&name=Renewal',
      ),
      'query',
    );
    expect(options).toMatchObject({ name: 'Renewal', confidenceThreshold: 0.6, diarizationSpeakerCount: 2 });
  });

  it('reads metadata as JSON or brackets, takes parsed records and ignores unknown or unsafe keys', () => {
    expect(readAsyncQuery('metadata=%7B%22salesStage%22%3A%22won%22%7D&source=python_sdk')).toEqual({
      metadata: { salesStage: 'won' },
      source: 'python_sdk',
    });
    expect(
      readAsyncQuery({ 'metadata[salesStage]': 'won', customVocabulary: ['a', 'b'], none: undefined }),
    ).toEqual({ metadata: { salesStage: 'won' }, customVocabulary: ['a', 'b'] });
    const polluted = readAsyncQuery('__proto__[x]=1&metadata[__proto__][y]=2&constructor=3');
    expect(polluted).toEqual({ metadata: {} });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('reports an undecodable list as the field, not as a phrase', () => {
    expect(issuePaths(() => parse(MediaProcessOptions, readAsyncQuery('trackers=[{"name":'), 'q'))).toEqual([
      'trackers',
    ]);
    expect(
      issuePaths(() => parse(MediaProcessOptions, readAsyncQuery('customVocabulary=%5B%22a%22%2C'), 'q')),
    ).toEqual(['customVocabulary']);
  });

  it("takes options from the query of URL and text endpoints too, the body winning (as the documentation's tutorials send them)", () => {
    const video = mergeAsyncOptionSources(
      readAsyncQuery('enableSpeakerDiarization=true&diarizationSpeakerCount=2&languageCode=es-ES'),
      { url: 'https://example.com/v.mp4', languageCode: 'en-GB' },
    );
    expect(parse(MediaUrlRequest, video, 'video url')).toMatchObject({
      enableSpeakerDiarization: true,
      diarizationSpeakerCount: 2,
      languageCode: 'en-GB',
    });
    const text = mergeAsyncOptionSources(readAsyncQuery('enableSummary=true'), {
      messages: [{ payload: { content: 'Hi.' } }],
    });
    expect(parse(TextProcessRequest, text, 'text').enableSummary).toBe(true);
    expect(mergeAsyncOptionSources({ a: 1 })).toEqual({ a: 1 });
    expect(issuePaths(() => parse(TextProcessRequest, mergeAsyncOptionSources({}, [1]), 'text'))).toEqual([
      '',
    ]);
  });

  it('reads redaction as JSON (what the client writes) or brackets', () => {
    const redaction = { identifyContent: true, redactContent: true, redactionString: '[X]' };
    const written = writeAsyncQuery({ redaction }).toString();
    expect(parse(MediaProcessOptions, readAsyncQuery(written), 'query').redaction).toEqual(redaction);
    expect(readAsyncQuery('redaction[redactContent]=true')).toEqual({ redaction: { redactContent: 'true' } });
    expect(
      parse(MediaProcessOptions, readAsyncQuery('redaction[redactContent]=true'), 'q').redaction,
    ).toEqual({
      redactContent: true,
    });
  });

  it('what writeAsyncQuery writes, readAsyncQuery reads back to the same options', () => {
    fc.assert(
      fc.property(arbitraryFor(MediaProcessOptions), (input) => {
        const options = parse(MediaProcessOptions, input, 'options');
        const read = parse(MediaProcessOptions, readAsyncQuery(writeAsyncQuery(options).toString()), 'query');
        expect(read).toEqual(withoutNegativeZero(options));
      }),
      { numRuns: 100 },
    );
  });
});

describe('strictness: what a server rejects, naming the field', () => {
  const url = 'https://example.com/a.wav';
  const media = (options: Record<string, unknown>) => () =>
    parse(MediaUrlRequest, { url, ...options }, 'request');

  it('confidenceThreshold is 0..1, never clamped', () => {
    for (const confidenceThreshold of [0, 0.1, 1, '0.5'])
      expect(media({ confidenceThreshold })()).toBeTruthy();
    for (const confidenceThreshold of [1.01, -0.1, 'high', '', true, null]) {
      expect(issuePaths(media({ confidenceThreshold }))).toEqual(['confidenceThreshold']);
    }
    expect(validationError(media({ confidenceThreshold: 1.5 })).message).toMatch(/from 0 to 1|<=1/);
  });

  it('diarizationSpeakerCount is a positive integer, required with diarization', () => {
    for (const diarizationSpeakerCount of [0, -2, 1.5, '2.5', 'two']) {
      expect(issuePaths(media({ diarizationSpeakerCount }))).toEqual(['diarizationSpeakerCount']);
    }
    expect(issuePaths(media({ enableSpeakerDiarization: true }))).toEqual(['diarizationSpeakerCount']);
    expect(media({ enableSpeakerDiarization: 'false' })()).toBeTruthy();
    const diarized = { enableSpeakerDiarization: true, diarizationSpeakerCount: 2 };
    expect(media({ ...diarized, languageCode: 'es-US' })()).toBeTruthy();
    expect(issuePaths(media({ ...diarized, languageCode: 'fr-FR' }))).toEqual(['enableSpeakerDiarization']);
  });

  it('booleans are true/false (or 1/0), nothing else', () => {
    for (const detectPhrases of ['yes', 2, '', {}])
      expect(issuePaths(media({ detectPhrases }))).toEqual(['detectPhrases']);
  });

  it('url and webhookUrl are http(s) URLs; video pages are not media files', () => {
    for (const bad of ['not a url', 'ftp://example.com/a.wav', 'file:///etc/passwd', '']) {
      expect(issuePaths(() => parse(MediaUrlRequest, { url: bad }, 'request'))).toEqual(['url']);
    }
    expect(issuePaths(() => parse(MediaUrlRequest, {}, 'request'))).toEqual(['url']);
    expect(
      validationError(() => parse(MediaUrlRequest, { url: 'https://www.youtube.com/watch?v=x' }, 'r'))
        .message,
    ).toMatch(/YouTube/);
    expect(media({ webhookUrl: 'http://127.0.0.1:8080/hook' })().webhookUrl).toBe(
      'http://127.0.0.1:8080/hook',
    );
    expect(issuePaths(media({ webhookUrl: 'javascript:alert(1)' }))).toEqual(['webhookUrl']);
  });

  it('languageCode is a supported code, any case', () => {
    expect(media({ languageCode: 'en-gb' })().languageCode).toBe('en-GB');
    for (const code of ASYNC_LANGUAGE_CODES) expect(media({ languageCode: code })().languageCode).toBe(code);
    for (const languageCode of ['english', 'xx-XX', 'en', 'en_US', 42]) {
      expect(issuePaths(media({ languageCode }))).toEqual(['languageCode']);
    }
  });

  it('mode, timezoneOffset and channelMetadata are checked', () => {
    expect(issuePaths(media({ mode: 'fast' }))).toEqual(['mode']);
    expect(issuePaths(media({ timezoneOffset: 900 }))).toEqual(['timezoneOffset']);
    expect(issuePaths(media({ timezoneOffset: 1.5 }))).toEqual(['timezoneOffset']);
    expect(issuePaths(media({ channelMetadata: [{ channel: 0, speaker: {} }] }))).toEqual([
      'channelMetadata[0].channel',
    ]);
    expect(issuePaths(media({ channelMetadata: [{ channel: 1 }] }))).toEqual(['channelMetadata[0].speaker']);
    expect(
      issuePaths(
        media({
          channelMetadata: [
            { channel: 1, speaker: {} },
            { channel: '1', speaker: {} },
          ],
        }),
      ),
    ).toEqual(['channelMetadata[1].channel']);
  });

  it('trackers and entities must be complete', () => {
    expect(issuePaths(media({ trackers: [{ name: 'Pricing' }] }))).toEqual(['trackers[0]']);
    expect(issuePaths(media({ trackers: [{ name: 'Pricing', vocabulary: [] }] }))).toEqual([
      'trackers[0].vocabulary',
    ]);
    expect(issuePaths(media({ trackers: [{}] }))).toEqual(['trackers[0]']);
    expect(media({ trackers: [{ id: 5123033831841280 }] })().trackers).toEqual([{ id: '5123033831841280' }]);
    expect(issuePaths(media({ entities: [{ customType: 'X' }] }))).toEqual(['entities[0].text']);
  });

  it('text requests need non-blank messages with sane timings', () => {
    expect(issuePaths(() => parse(TextProcessRequest, {}, 'text'))).toEqual(['messages']);
    expect(issuePaths(() => parse(TextProcessRequest, { messages: [] }, 'text'))).toEqual(['messages']);
    const message = (m: Record<string, unknown>) => () =>
      parse(TextProcessRequest, { messages: [{ payload: { content: 'Hi.' }, ...m }] }, 'text');
    expect(issuePaths(message({ payload: { content: '  ' } }))).toEqual(['messages[0].payload.content']);
    expect(issuePaths(message({ payload: { content: 'Hi', contentType: 'text/html' } }))).toEqual([
      'messages[0].payload.contentType',
    ]);
    expect(message({ payload: { content: 'Hi', contentType: 'text/plain; charset=utf-8' } })()).toBeTruthy();
    expect(
      issuePaths(
        message({ duration: { startTime: '2024-03-04T15:00:06Z', endTime: '2024-03-04T15:00:00Z' } }),
      ),
    ).toEqual(['messages[0].duration.endTime']);
    expect(issuePaths(message({ duration: { startTime: 'yesterday' } }))).toEqual([
      'messages[0].duration.startTime',
    ]);
  });

  it('ids are strings of digits and UUIDs, never numbers', () => {
    const jobId = '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d';
    expect(
      issuePaths(() => parse(AsyncSubmitResponse, { conversationId: 5815170693595136, jobId }, 'r')),
    ).toEqual(['conversationId']);
    expect(issuePaths(() => parse(AppendPathParams, { conversationId: 'url' }, 'path'))).toEqual([
      'conversationId',
    ]);
    expect(parse(AppendPathParams, { conversationId: '5815170693595136' }, 'path')).toBeTruthy();
  });
});

describe('properties', () => {
  const roundTrips: [string, z.ZodType][] = [
    ['submit response', AsyncSubmitResponse],
    ['text request', TextProcessRequest],
    ['media options', MediaProcessOptions],
    ['url request', MediaUrlRequest],
    ['tracker', AsyncTracker],
    ['channel metadata', ChannelMetadataList],
  ];
  it.each(roundTrips)('%s survives a JSON round trip', (subject, schema) =>
    expectJsonRoundTrip(schema, subject, 60),
  );

  const mutations: [string, z.ZodType][] = [
    ['submit response', AsyncSubmitResponse],
    ['text request', TextProcessRequest],
    ['url request', MediaUrlRequest],
    ['text message', TextMessage],
    ['custom entity', CustomEntity],
    ['inline tracker', AsyncInlineTracker],
  ];
  it.each(mutations)('a broken %s names the field', (subject, schema) =>
    expectMutationsNamed(schema, subject),
  );

  it('a bad value in any option is reported at that option', () => {
    const bad = fc.constantFrom<[string, unknown]>(
      ['confidenceThreshold', 1.5],
      ['confidenceThreshold', 'high'],
      ['detectPhrases', 'yes'],
      ['enableSummary', 3],
      ['diarizationSpeakerCount', 0],
      ['diarizationSpeakerCount', '2.5'],
      ['languageCode', 'klingon'],
      ['mode', 'fast'],
      ['webhookUrl', 'ftp://example.com'],
      ['timezoneOffset', 900],
      ['customVocabulary', [' ']],
      ['trackers', [{}]],
      ['entities', 'x'],
      ['metadata', { a: 1 }],
      ['name', 7],
    );
    fc.assert(
      fc.property(arbitraryFor(MediaProcessOptions), bad, (options, [key, value]) => {
        const paths = issuePaths(() => parse(MediaProcessOptions, { ...options, [key]: value }, 'options'));
        expect(paths.length).toBeGreaterThan(0);
        for (const path of paths) expect(path.startsWith(key)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
