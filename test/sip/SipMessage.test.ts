import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../src/errors/ProtocolError.ts';
import {
  cseqOf,
  headerParam,
  headerValue,
  headerValues,
  parseSipMessage,
  type SipMessage,
  serializeSipMessage,
} from '../../src/sip/SipMessage.ts';

const token = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,15}$/);
const headerText = fc.stringMatching(/^[!-~]([ -~]{0,40}[!-~])?$/);
const mandatory = fc.record({
  via: fc.stringMatching(/^[a-f0-9]{4,16}$/).map((b) => `SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK${b}`),
  from: fc.stringMatching(/^[a-z]{1,8}$/).map((u) => `<sip:${u}@example.com>;tag=1`),
  to: fc.stringMatching(/^[a-z]{1,8}$/).map((u) => `<sip:${u}@example.org>`),
  callId: fc.stringMatching(/^[a-z0-9]{1,20}@[a-z]{1,8}$/),
  cseq: fc.tuple(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.constantFrom('INVITE', 'BYE', 'ACK')),
});
const extraHeaders = fc.array(
  fc
    .tuple(token, headerText)
    .filter(([n]) => !['content-length', 'l'].includes(n.toLowerCase()) && n.length > 1),
  { maxLength: 5 },
);
const body = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 200 }),
  fc.constant('v=0\r\no=x 1 1 IN IP4 1.2.3.4\r\n'),
);

const message: fc.Arbitrary<SipMessage> = fc
  .tuple(
    fc.boolean(),
    mandatory,
    extraHeaders,
    body,
    token,
    fc.integer({ min: 100, max: 699 }),
    fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,20}$/),
  )
  .map(([isRequest, m, extra, text, method, status, reason]) => {
    const headers = [
      ['Via', m.via],
      ['From', m.from],
      ['To', m.to],
      ['Call-ID', m.callId],
      ['CSeq', `${m.cseq[0]} ${m.cseq[1]}`],
      ...extra,
    ] as [string, string][];
    return isRequest
      ? {
          kind: 'request' as const,
          method: method.toUpperCase(),
          uri: 'sip:bob@example.org',
          headers,
          body: text,
        }
      : { kind: 'response' as const, status, reason: reason.trim(), headers, body: text };
  });

describe('parseSipMessage / serializeSipMessage', () => {
  it('round-trips every well-formed message', () => {
    fc.assert(
      fc.property(message, (m) => {
        expect(parseSipMessage(serializeSipMessage(m))).toEqual(m);
        expect(parseSipMessage(Buffer.from(serializeSipMessage(m)))).toEqual(m);
      }),
    );
  });

  it('rejects a message missing a mandatory header with a ProtocolError naming it', () => {
    fc.assert(
      fc.property(message, fc.constantFrom('Via', 'From', 'To', 'Call-ID', 'CSeq'), (m, name) => {
        const without = { ...m, headers: m.headers.filter(([n]) => n !== name) };
        expect(() => parseSipMessage(serializeSipMessage(without))).toThrow(ProtocolError);
        expect(() => parseSipMessage(serializeSipMessage(without))).toThrow(`mandatory ${name} header`);
      }),
    );
  });

  it('rejects a broken start line, header line, CSeq or short body, saying which', () => {
    const ok =
      'INVITE sip:bob@b SIP/2.0\r\nVia: SIP/2.0/UDP a;branch=z9hG4bK1\r\nFrom: <sip:a@a>;tag=1\r\nTo: <sip:b@b>\r\nCall-ID: 1\r\nCSeq: 1 INVITE\r\n';
    expect(parseSipMessage(`${ok}\r\n`).kind).toBe('request');
    expect(() => parseSipMessage(`HELLO\r\n${ok.split('\r\n').slice(1).join('\r\n')}\r\n`)).toThrow(
      /start line/,
    );
    expect(() => parseSipMessage(`${ok}no colon here\r\n\r\n`)).toThrow(/header line is malformed/);
    expect(() => parseSipMessage(ok.replace('CSeq: 1 INVITE', 'CSeq: one INVITE') + '\r\n')).toThrow(
      /CSeq is malformed/,
    );
    expect(() => parseSipMessage(`${ok}Content-Length: 10\r\n\r\nabc`)).toThrow(
      /shorter than its Content-Length 10/,
    );
    expect(() => parseSipMessage(ok)).toThrow(/no empty line/);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          parseSipMessage(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(ProtocolError);
        }
      }),
    );
  });

  it('reads compact names, folded lines, comma lists and parameters', () => {
    const m = parseSipMessage(
      'SIP/2.0 200 OK\r\nv: SIP/2.0/UDP a:5060;branch=z9hG4bKx, SIP/2.0/UDP b;branch=z9hG4bKy\r\nf: "A, B" <sip:a@a>;tag=9\r\nt: <sip:b@b>\r\n ;tag=7\r\ni: c1\r\nCSeq: 4 BYE\r\nRecord-Route: <sip:p1;lr>, <sip:p2;lr>\r\nl: 2\r\n\r\nhi',
    );
    expect(headerValues(m, 'via')).toHaveLength(2);
    expect(headerParam(headerValue(m, 'From') ?? '', 'tag')).toBe('9');
    expect(headerParam(headerValue(m, 'To') ?? '', 'tag')).toBe('7');
    expect(headerValues(m, 'Record-Route')).toEqual(['<sip:p1;lr>', '<sip:p2;lr>']);
    expect(cseqOf(m)).toEqual({ seq: 4, method: 'BYE' });
    expect(m.body).toBe('hi');
  });
});
