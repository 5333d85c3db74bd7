import { ProtocolError } from '../errors/ProtocolError.ts';

/** One header line, name as written (compact forms expanded), value trimmed and unfolded. */
export type SipHeader = readonly [name: string, value: string];

/** A SIP request (RFC 3261 7.1). `Content-Length` is not kept: it is derived from `body`. */
export interface SipRequest {
  readonly kind: 'request';
  readonly method: string;
  readonly uri: string;
  readonly headers: readonly SipHeader[];
  readonly body: string;
}

/** A SIP response (RFC 3261 7.2). `Content-Length` is not kept: it is derived from `body`. */
export interface SipResponse {
  readonly kind: 'response';
  readonly status: number;
  readonly reason: string;
  readonly headers: readonly SipHeader[];
  readonly body: string;
}

export type SipMessage = SipRequest | SipResponse;

/** RFC 3261 7.3.3 compact header names. */
const COMPACT: Readonly<Record<string, string>> = {
  i: 'Call-ID',
  m: 'Contact',
  e: 'Content-Encoding',
  l: 'Content-Length',
  c: 'Content-Type',
  f: 'From',
  s: 'Subject',
  k: 'Supported',
  t: 'To',
  v: 'Via',
};

/** Headers every request and response must carry (RFC 3261 8.1.1). */
const REQUIRED = ['Via', 'From', 'To', 'Call-ID', 'CSeq'] as const;

const TOKEN = /^[A-Za-z0-9.!%*_+`'~-]+$/;
const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * Parses one SIP message from a UDP datagram (RFC 3261 7). Accepts folded header lines, compact
 * header names and bare LF line ends; the body is `Content-Length` bytes (the rest of the datagram
 * when absent, as UDP allows). Throws ProtocolError naming what is wrong: the start line, a header
 * line, a missing mandatory header, a bad CSeq or a body shorter than its Content-Length.
 */
export function parseSipMessage(datagram: Uint8Array | string): SipMessage {
  const bytes = typeof datagram === 'string' ? Buffer.from(datagram, 'utf8') : Buffer.from(datagram);
  let end = bytes.indexOf(HEADER_END);
  let bodyStart = end + 4;
  if (end === -1) {
    end = bytes.indexOf('\n\n');
    bodyStart = end + 2;
  }
  if (end === -1) throw new ProtocolError('SIP message has no empty line ending its headers');
  const lines = bytes.subarray(0, end).toString('utf8').split(/\r?\n/);
  const startLine = lines.shift() ?? '';

  const headers: SipHeader[] = [];
  let contentLength: number | undefined;
  for (const line of lines) {
    if (/^[ \t]/.test(line)) {
      const last = headers.pop();
      if (!last) throw new ProtocolError('SIP header section starts with a continuation line');
      headers.push([last[0], `${last[1]} ${line.trim()}`]);
      continue;
    }
    const colon = line.indexOf(':');
    const rawName = colon === -1 ? '' : line.slice(0, colon).trim();
    if (!TOKEN.test(rawName))
      throw new ProtocolError(`SIP header line is malformed: ${JSON.stringify(line)}`);
    const name = COMPACT[rawName.toLowerCase()] ?? rawName;
    headers.push([name, line.slice(colon + 1).trim()]);
  }
  const kept: SipHeader[] = [];
  for (const header of headers) {
    if (header[0].toLowerCase() !== 'content-length') {
      kept.push(header);
      continue;
    }
    if (!/^\d{1,9}$/.test(header[1]))
      throw new ProtocolError(`SIP Content-Length is not a number: ${JSON.stringify(header[1])}`);
    contentLength = Number(header[1]);
  }
  for (const name of REQUIRED) {
    if (!kept.some(([n]) => n.toLowerCase() === name.toLowerCase()))
      throw new ProtocolError(`SIP message lacks the mandatory ${name} header`);
  }
  const cseq = kept.find(([n]) => n.toLowerCase() === 'cseq')?.[1] ?? '';
  if (!/^\d{1,10}\s+[A-Za-z0-9.!%*_+`'~-]+$/.test(cseq))
    throw new ProtocolError(`SIP CSeq is malformed: ${JSON.stringify(cseq)}`);

  const available = bytes.length - bodyStart;
  if (contentLength !== undefined && contentLength > available)
    throw new ProtocolError(
      `SIP body is ${available} bytes, shorter than its Content-Length ${contentLength}`,
    );
  const body = bytes.subarray(bodyStart, bodyStart + (contentLength ?? available)).toString('utf8');

  const response = /^SIP\/2\.0 ([1-6]\d\d)(?: (.*))?$/.exec(startLine);
  if (response)
    return { kind: 'response', status: Number(response[1]), reason: response[2] ?? '', headers: kept, body };
  const request = /^([A-Za-z0-9.!%*_+`'~-]+) (\S+) SIP\/2\.0$/.exec(startLine);
  if (request)
    return { kind: 'request', method: request[1] as string, uri: request[2] as string, headers: kept, body };
  throw new ProtocolError(`SIP start line is neither a request nor a response: ${JSON.stringify(startLine)}`);
}

/** Writes a SIP message with CRLF line ends and a `Content-Length` computed from the body's bytes. */
export function serializeSipMessage(message: SipMessage): string {
  const start =
    message.kind === 'request'
      ? `${message.method} ${message.uri} SIP/2.0`
      : `SIP/2.0 ${message.status} ${message.reason}`;
  const lines = [start];
  for (const [name, value] of message.headers) {
    if (name.toLowerCase() !== 'content-length') lines.push(`${name}: ${value}`);
  }
  lines.push(`Content-Length: ${Buffer.byteLength(message.body, 'utf8')}`);
  return `${lines.join('\r\n')}\r\n\r\n${message.body}`;
}

/** The first value of a header (case-insensitive name), or undefined. */
export function headerValue(message: SipMessage, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return message.headers.find(([n]) => n.toLowerCase() === wanted)?.[1];
}

/**
 * Every value of a header, with comma-joined lines split (Via, Route, Record-Route may hold
 * several); commas inside quotes or angle brackets do not split.
 */
export function headerValues(message: SipMessage, name: string): string[] {
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (const [n, value] of message.headers)
    if (n.toLowerCase() === wanted) values.push(...splitCommas(value));
  return values;
}

function splitCommas(value: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let angle = false;
  let from = 0;
  for (let i = 0; i < value.length; i += 1) {
    const ch = value[i];
    if (ch === '"' && value[i - 1] !== '\\') quoted = !quoted;
    else if (!quoted && ch === '<') angle = true;
    else if (!quoted && ch === '>') angle = false;
    else if (!quoted && !angle && ch === ',') {
      parts.push(value.slice(from, i).trim());
      from = i + 1;
    }
  }
  parts.push(value.slice(from).trim());
  return parts.filter((p) => p !== '');
}

/** The CSeq of a message: sequence number and method. */
export function cseqOf(message: SipMessage): { seq: number; method: string } {
  const [seq, method] = (headerValue(message, 'CSeq') ?? '').trim().split(/\s+/);
  return { seq: Number(seq), method: method ?? '' };
}

/** A `;name=value` parameter of a header value (case-insensitive name), or undefined. */
export function headerParam(value: string, name: string): string | undefined {
  const afterUri = value.includes('>') ? value.slice(value.lastIndexOf('>') + 1) : value;
  for (const part of afterUri.split(';').slice(1)) {
    const eq = part.indexOf('=');
    const key = (eq === -1 ? part : part.slice(0, eq)).trim().toLowerCase();
    if (key === name.toLowerCase()) return eq === -1 ? '' : part.slice(eq + 1).trim();
  }
  return undefined;
}
