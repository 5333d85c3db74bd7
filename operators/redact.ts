import { defer, type MonoTypeOperatorFunction, map } from 'rxjs';
import { ConversationRedactor } from '../src/engine/redaction/ConversationRedactor.ts';
import { REDACTION_DEFAULTS } from '../src/engine/redaction/RedactionSettings.ts';
import { parse } from '../src/model/parse.ts';
import { RedactionConfig } from '../src/model/streamingClientMessages.ts';
import type { StreamingInsight, StreamingMessage } from '../src/model/streamingResults.ts';
import type { RecognitionResult } from '../src/model/streamingSystemMessages.ts';
import { decodeMessageWords, encodeMessageWords } from '../src/model/streamingWireTime.ts';
import type { StreamingEvent } from '../src/streaming/StreamingEvent.ts';

/**
 * What {@link redact} does, as `config.redaction` says it to a server: `redactContent` (default
 * true here) replaces identifiers by `redactionString` (1 to 16 characters, default `****`),
 * `identifyContent` lists them on messages and insights as `entities`.
 */
export type RedactOptions = Pick<RedactionConfig, 'identifyContent' | 'redactContent' | 'redactionString'>;

/** Keys whose strings name things rather than say them: ids, kinds, and who spoke. */
const NOT_SAID = new Set(['id', 'type', 'conversationId', 'relation', 'from', 'user', 'sequenceNumber']);

/**
 * Redacts a live session's events on the client: e-mail addresses, phone numbers, payment card
 * numbers, SSNs, IBANs, street addresses and person names in hypotheses, messages (text, words,
 * `metadata.originalContent`), insights, topics, trackers and every other text an event carries,
 * for a server that does not redact (Symbl's cloud without `config.redaction`, or before the data
 * leaves the process). Identifiers a speaker said are remembered for the session, so a topic or a
 * tracker match repeating one is redacted too. Each subscription keeps its own memory. Throws a
 * ValidationError at once for a bad `redactionString`.
 */
export function redact(options: RedactOptions = {}): MonoTypeOperatorFunction<StreamingEvent> {
  const checked = parse(RedactionConfig, options, 'redact options');
  const settings = {
    ...REDACTION_DEFAULTS,
    identifyContent: checked.identifyContent ?? false,
    redactContent: checked.redactContent ?? true,
    redactionString: checked.redactionString ?? REDACTION_DEFAULTS.redactionString,
  };
  return (events$) =>
    defer(() => {
      const redactor = new ConversationRedactor(settings);
      return events$.pipe(map((event) => redactEvent(redactor, event)));
    });
}

function redactEvent(redactor: ConversationRedactor, event: StreamingEvent): StreamingEvent {
  if (event.type === 'message' && event.message.type === 'recognition_result') {
    return { ...event, message: hypothesis(redactor, event.message) };
  }
  if (event.type === 'message_response') {
    return { ...event, messages: event.messages.map((m) => message(redactor, m)) };
  }
  if (event.type === 'insight_response') {
    return { ...event, insights: event.insights.map((i) => insight(redactor, i)) };
  }
  return redactStrings(redactor, event) as StreamingEvent;
}

function hypothesis(redactor: ConversationRedactor, result: RecognitionResult): RecognitionResult {
  const shown = (text: string) => redactor.hypothesis(text, [], result.isFinal).text;
  return {
    ...result,
    payload: {
      ...result.payload,
      raw: {
        ...result.payload.raw,
        alternatives: result.payload.raw.alternatives.map((a) => {
          const { text, words } = redactor.hypothesis(a.transcript, a.words ?? [], result.isFinal);
          return { ...a, transcript: text, ...(a.words === undefined ? {} : { words }) };
        }),
      },
    },
    ...(result.punctuated === undefined
      ? {}
      : { punctuated: { ...result.punctuated, transcript: shown(result.punctuated.transcript) } }),
  };
}

function message(redactor: ConversationRedactor, m: StreamingMessage): StreamingMessage {
  const content = m.payload.content;
  const said = redactor.said(content);
  const out = redactStrings(redactor, m) as StreamingMessage;
  out.payload = { ...m.payload, content: said.text };
  if (m.metadata !== undefined) {
    out.metadata = { ...out.metadata, originalContent: said.text };
    if (m.metadata.words !== undefined) {
      const words = redactor.hypothesis(content, decodeMessageWords(m.metadata.words), true).words;
      out.metadata.words = encodeMessageWords(words);
    }
  }
  if (said.entities.length > 0 && redactor.settings.identifyContent)
    out.entities = said.entities.map((e) => ({ ...e }));
  return out;
}

function insight(redactor: ConversationRedactor, i: StreamingInsight): StreamingInsight {
  const said = redactor.text(i.payload.content);
  const out = redactStrings(redactor, i) as StreamingInsight;
  out.payload = { ...i.payload, content: said.text };
  if (said.entities.length > 0 && redactor.settings.identifyContent)
    out.entities = [...(i.entities ?? []), ...said.entities];
  return out;
}

/** `value` with every string that may hold what was said redacted. */
function redactStrings(redactor: ConversationRedactor, value: unknown, key?: string): unknown {
  if (key !== undefined && NOT_SAID.has(key)) return value;
  if (typeof value === 'string') return redactor.settings.redactContent ? redactor.text(value).text : value;
  if (Array.isArray(value)) return value.map((v) => redactStrings(redactor, v));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactStrings(redactor, v, k)]));
  }
  return value;
}
