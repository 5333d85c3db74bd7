import { z } from 'zod';
import { ProtocolError } from '../errors/ProtocolError.ts';
import { ValidationError, type ValidationIssue } from '../errors/ValidationError.ts';
import { parse } from './parse.ts';
import { ClientMessage, type KeepAlivePing, PING_TEXT, PONG_TEXT } from './streamingClientMessages.ts';
import { parsePythonLiteral } from './streamingPythonLiteral.ts';
import {
  EntityResponse,
  InsightResponse,
  MessageResponse,
  TopicResponse,
  TrackerResponse,
} from './streamingResults.ts';
import { SystemMessage } from './streamingSystemMessages.ts';

/*
 * The Streaming API's text-frame codec: which frames exist in each
 * direction, and how a text frame becomes a typed message. Schemas for the messages themselves
 * live in the streaming*.ts siblings.
 *
 * Decoders throw one of two errors, and the difference tells a peer what to do:
 * - ProtocolError: the frame is not a message this side understands (not JSON, no `type`, an
 *   unknown `type`). The peer ignores it (optionally answering with an `error`) and does not close.
 * - ValidationError: a known message with a bad field; its issues name the paths
 *   (`config.speechRecognition.sampleRateHertz`). For a `start_request` that is fatal: answer with
 *   an `error` message and close with 1008.
 */

/** `type`s a client may send (`stop_recognition` is read as `stop_request`). */
export const CLIENT_MESSAGE_TYPES = [
  'start_request',
  'stop_request',
  'stop_recognition',
  'modify_request',
] as const;

/** Top-level `type`s a server sends. */
export const SERVER_MESSAGE_TYPES = [
  'message',
  'message_response',
  'insight_response',
  'topic_response',
  'tracker_response',
  'entity_response',
  'error',
] as const;

/** Subtypes of the `message` envelope. The Go SDK rejects others, so servers must not invent new ones. */
export const SYSTEM_MESSAGE_TYPES = [
  'started_listening',
  'conversation_created',
  'recognition_started',
  'recognition_result',
  'recognition_stopped',
  'conversation_completed',
  'session_modified',
  'error',
] as const;

/**
 * The top-level error form `{"type": "error", "message"?, "details"?}`. Decoded because the Go and Python
 * SDKs accept it and Symbl may send it, but never sent by our server: the web SDK throws on it.
 */
export const TopLevelError = z.looseObject({
  type: z.literal('error'),
  message: z.string().optional(),
  details: z.string().optional(),
});
export type TopLevelError = z.infer<typeof TopLevelError>;

/**
 * The `__PONG__` text frame as {@link decodeServerFrame} reports it; on the wire it is the bare
 * text {@link PONG_TEXT}, never JSON.
 */
export const KeepAlivePong = z.object({ type: z.literal(PONG_TEXT) });
export type KeepAlivePong = z.infer<typeof KeepAlivePong>;

/** Every text frame a server sends on a streaming socket (and forwards to subscribers). */
export const ServerMessage = z.discriminatedUnion('type', [
  SystemMessage,
  MessageResponse,
  InsightResponse,
  TopicResponse,
  TrackerResponse,
  EntityResponse,
  TopLevelError,
  KeepAlivePong,
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

const MAX_EXCERPT = 60;

function excerpt(text: string): string {
  return JSON.stringify(text.length > MAX_EXCERPT ? `${text.slice(0, MAX_EXCERPT)}…` : text);
}

/** Text without a byte-order mark or surrounding blanks. */
function clean(text: string): string {
  return (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).trim();
}

function requireText(text: unknown, side: string): string {
  if (typeof text !== 'string') {
    throw new ProtocolError(
      `A ${side} text frame must be a string; got ${text === null ? 'null' : typeof text}`,
    );
  }
  return text;
}

/** The `type` of a decoded frame, or a ProtocolError saying why there is none. */
function typeOf(value: unknown, text: string): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ProtocolError(`Text frame ${excerpt(text)} is not an object with a "type"`);
  }
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string') {
    throw new ProtocolError(`Text frame ${excerpt(text)} has no string "type" field`);
  }
  return type;
}

/**
 * Reads a text frame a client sent. Accepts JSON messages; the Python SDK's Python-repr stop
 * (`{'type': 'stop_request'}`, and any other dict in repr form); `stop_recognition` for
 * `stop_request`; and the keep-alive text `__PING__` (answer {@link PONG_TEXT}). A byte-order mark
 * and surrounding blanks are ignored. Throws ProtocolError or ValidationError (see the top of this
 * file); never anything else, whatever the input.
 */
export function decodeClientFrame(text: string): ClientMessage {
  const cleaned = clean(requireText(text, 'client'));
  if (cleaned === PING_TEXT) return { type: PING_TEXT } satisfies KeepAlivePing;
  if (cleaned === '') throw new ProtocolError('Empty text frame (audio goes in binary frames)');
  let value: unknown;
  try {
    value = JSON.parse(cleaned);
  } catch {
    try {
      value = parsePythonLiteral(cleaned);
    } catch (error) {
      throw new ProtocolError(
        `Text frame ${excerpt(cleaned)} is neither JSON, a Python dict repr, nor ${PING_TEXT}`,
        {
          cause: error,
        },
      );
    }
  }
  const type = typeOf(value, cleaned);
  if (!(CLIENT_MESSAGE_TYPES as readonly string[]).includes(type) && type !== PING_TEXT) {
    throw new ProtocolError(
      `Unknown client message type ${JSON.stringify(type)}; expected one of ${CLIENT_MESSAGE_TYPES.join(', ')}`,
    );
  }
  return parse(ClientMessage, value, type === 'stop_recognition' ? 'stop_request' : type);
}

/**
 * Reads a text frame a server sent, on a streaming socket or a subscriber socket (`/v1/subscribe`,
 * which receives the same frames and sends none). `__PONG__` is reported as {@link KeepAlivePong}.
 * An unknown top-level `type` or `message.type` subtype is a ProtocolError (skip it); a known
 * message with a bad field is a ValidationError naming the path. Never throws anything else.
 */
export function decodeServerFrame(text: string): ServerMessage {
  const cleaned = clean(requireText(text, 'server'));
  if (cleaned === PONG_TEXT) return { type: PONG_TEXT };
  let value: unknown;
  try {
    value = JSON.parse(cleaned);
  } catch (error) {
    throw new ProtocolError(`Server text frame ${excerpt(cleaned)} is not JSON`, { cause: error });
  }
  const type = typeOf(value, cleaned);
  if (!(SERVER_MESSAGE_TYPES as readonly string[]).includes(type) && type !== PONG_TEXT) {
    throw new ProtocolError(`Unknown server message type ${JSON.stringify(type)}`);
  }
  let subject = type;
  if (type === 'message') {
    const inner = (value as { message?: unknown }).message;
    const subtype =
      typeof inner === 'object' && inner !== null ? (inner as { type?: unknown }).type : undefined;
    if (typeof subtype === 'string' && !(SYSTEM_MESSAGE_TYPES as readonly string[]).includes(subtype)) {
      throw new ProtocolError(`Unknown system message subtype ${JSON.stringify(subtype)}`);
    }
    if (typeof subtype === 'string') subject = `message/${subtype}`;
  }
  return parse(ServerMessage, value, subject);
}

/** A client message as its text frame, validated first (`__PING__` is sent bare, not as JSON). */
export function encodeClientFrame(message: z.input<typeof ClientMessage>): string {
  const checked = parse(
    ClientMessage,
    message,
    typeof message?.type === 'string' ? message.type : 'client message',
  );
  return checked.type === PING_TEXT ? PING_TEXT : JSON.stringify(checked);
}

/**
 * What clients need of a server beyond the frame's shape (nested errors, `punctuated` only on
 * `recognition_result`, `data` where clients look for the id, both ids on `conversation_completed`), as
 * issues: decoding tolerates these (Symbl's cloud is what it is), encoding does not.
 */
export function serverFrameRuleIssues(message: ServerMessage): ValidationIssue[] {
  if (message.type === 'error') {
    return [
      {
        path: 'type',
        message: 'send errors nested in a "message" frame: the web SDK throws on a top-level error',
      },
    ];
  }
  if (message.type !== 'message') return [];
  const body = message.message;
  const issues: ValidationIssue[] = [];
  if (body.type !== 'recognition_result' && 'punctuated' in body) {
    issues.push({
      path: 'message.punctuated',
      message: 'only recognition_result may carry punctuated (naive clients read it as a caption)',
    });
  }
  if ((body.type === 'started_listening' || body.type === 'recognition_stopped') && body.data !== undefined) {
    issues.push({
      path: 'message.data',
      message: `${body.type} carries no data (naive clients take any data for the id message)`,
    });
  }
  if (body.type === 'session_modified' && body.data === undefined) {
    issues.push({
      path: 'message.data',
      message: 'send data.conversationId and the new audio format',
    });
  }
  if (body.type === 'conversation_completed') {
    if (body.conversationId === undefined) {
      issues.push({
        path: 'message.conversationId',
        message: 'send the id here too (the web SDK and the older JavaScript stop() read it here)',
      });
    }
    if (body.data === undefined) {
      issues.push({
        path: 'message.data',
        message: 'send data.conversationId too (the Go SDK reads it there)',
      });
    }
  }
  return issues;
}

/**
 * A server message as its text frame, validated first, including the rules only a server must
 * keep ({@link serverFrameRuleIssues}). `__PONG__` is sent bare, not as JSON.
 */
export function encodeServerFrame(message: z.input<typeof ServerMessage>): string {
  const subject = typeof message?.type === 'string' ? message.type : 'server message';
  const checked = parse(ServerMessage, message, subject);
  const issues = serverFrameRuleIssues(checked);
  if (issues.length > 0) throw new ValidationError(subject, issues);
  return checked.type === PONG_TEXT ? PONG_TEXT : JSON.stringify(checked);
}
