import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SipError } from '../../src/errors/SipError.ts';
import { DigestResponder } from '../../src/sip/DigestResponder.ts';
import { SipDialog } from '../../src/sip/SipDialog.ts';
import {
  cseqOf,
  headerParam,
  headerValue,
  headerValues,
  parseSipMessage,
  type SipHeader,
  type SipMessage,
  type SipRequest,
  type SipResponse,
  serializeSipMessage,
} from '../../src/sip/SipMessage.ts';
import { parseSipUri } from '../../src/sip/SipUri.ts';

const local = { host: '10.0.0.2', port: 40000 };
const target = parseSipUri('sip:8021@pbx.example.com:5070');

function dialog(proxy?: string): SipDialog {
  return new SipDialog({
    target,
    ...(proxy === undefined ? {} : { proxy: parseSipUri(proxy) }),
    local,
    displayName: 'Par"ley',
  });
}

function okTo(invite: SipRequest, headers: SipHeader[] = []): SipResponse {
  return {
    kind: 'response',
    status: 200,
    reason: 'OK',
    headers: [
      ['Via', headerValue(invite, 'Via') as string],
      ['From', headerValue(invite, 'From') as string],
      ['To', `${headerValue(invite, 'To')};tag=far`],
      ['Call-ID', headerValue(invite, 'Call-ID') as string],
      ['CSeq', headerValue(invite, 'CSeq') as string],
      ['Contact', '<sip:8021@192.0.2.7:5090>'],
      ...headers,
    ],
    body: '',
  };
}

/** A message survives the wire: it serialises and parses back with its mandatory headers. */
function wire<T extends SipMessage>(message: T): T {
  return parseSipMessage(serializeSipMessage(message)) as T;
}

describe('SipDialog', () => {
  it('keeps Call-ID and From tag across the call and numbers CSeq as RFC 3261 asks', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), (challenges) => {
        const d = dialog();
        const invites = [wire(d.invite('v=0'))];
        for (let i = 0; i < challenges; i += 1)
          invites.push(wire(d.invite('v=0', ['Authorization', `Digest n=${i}`])));
        const last = invites.at(-1) as SipRequest;
        const ack = wire(d.establish(okTo(last)));
        const bye = wire(d.bye() as SipRequest);
        const first = cseqOf(invites[0] as SipRequest).seq;
        expect(invites.map((r) => cseqOf(r).seq)).toEqual(invites.map((_, i) => first + i));
        expect(cseqOf(ack)).toEqual({ seq: cseqOf(last).seq, method: 'ACK' });
        expect(cseqOf(bye)).toEqual({ seq: cseqOf(last).seq + 1, method: 'BYE' });
        for (const request of [...invites, ack, bye]) {
          expect(headerValue(request, 'Call-ID')).toBe(d.callId);
          expect(headerParam(headerValue(request, 'From') as string, 'tag')).toBe(
            headerParam(headerValue(invites[0] as SipRequest, 'From') as string, 'tag'),
          );
        }
        // Every new request is a new transaction: a new branch each time.
        const branches = [...invites, ack, bye].map((r) =>
          headerParam(headerValue(r, 'Via') as string, 'branch'),
        );
        expect(new Set(branches).size).toBe(branches.length);
      }),
    );
  });

  it('sends in-dialog requests along the reversed Record-Route to the far end tag and Contact', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z]{1,8}$/), { minLength: 0, maxLength: 4 }), (hosts) => {
        const d = dialog();
        const invite = d.invite('v=0');
        const recorded = hosts.map((h, i) => `sip:${h}.example.net:${5060 + i};lr`);
        d.establish(
          okTo(
            invite,
            recorded.length === 0 ? [] : [['Record-Route', recorded.map((r) => `<${r}>`).join(', ')]],
          ),
        );
        const bye = wire(d.bye() as SipRequest);
        expect(bye.uri).toBe('sip:8021@192.0.2.7:5090');
        expect(headerParam(headerValue(bye, 'To') as string, 'tag')).toBe('far');
        expect(headerValues(bye, 'Route')).toEqual([...recorded].reverse().map((r) => `<${r}>`));
        const first = [...recorded].reverse()[0];
        expect(d.nextHop()).toEqual(
          first === undefined
            ? { host: '192.0.2.7', port: 5090 }
            : { host: parseSipUri(first).host, port: parseSipUri(first).port },
        );
      }),
    );
  });

  it('sends everything to the proxy when there is one', () => {
    const d = dialog('sip:trunk.example.com');
    const invite = d.invite('v=0');
    d.establish(okTo(invite));
    expect(d.firstHop).toEqual({ host: 'trunk.example.com', port: 5060 });
    expect(d.nextHop()).toEqual(d.firstHop);
    expect(invite.uri).toBe('sip:8021@pbx.example.com:5070');
  });

  it('builds no BYE before a 2xx, and a CANCEL that copies the INVITE it cancels', () => {
    const d = dialog();
    expect(d.bye()).toBeUndefined();
    expect(d.established).toBe(false);
    const invite = d.invite('v=0');
    const cancel = wire(d.cancel(invite));
    expect(cancel.uri).toBe(invite.uri);
    expect(headerValue(cancel, 'Via')).toBe(headerValue(invite, 'Via'));
    expect(cseqOf(cancel)).toEqual({ seq: cseqOf(invite).seq, method: 'CANCEL' });
    expect(headerValue(cancel, 'Contact')).toBeUndefined();
    expect(headerValue(invite, 'From')).toMatch(/^"Parley" </);
  });

  it('answers the far end at its Via received/rport, giving To a tag when it has none', () => {
    const d = dialog();
    const bye: SipRequest = {
      kind: 'request',
      method: 'BYE',
      uri: 'sip:parley@10.0.0.2:40000',
      headers: [
        ['Via', 'SIP/2.0/UDP pbx.example.com:5070;branch=z9hG4bKx;received=192.0.2.9;rport=6000'],
        ['From', '<sip:8021@pbx.example.com>;tag=far'],
        ['To', '<sip:parley@10.0.0.2>'],
        ['Call-ID', d.callId],
        ['CSeq', '7 BYE'],
      ],
      body: '',
    };
    expect(d.owns(bye)).toBe(true);
    const { message: response, to } = d.answer(bye, 200, 'OK');
    expect(to).toEqual({ host: '192.0.2.9', port: 6000 });
    expect(wire(response).status).toBe(200);
    expect(headerParam(headerValue(response, 'To') as string, 'tag')).toMatch(/^[0-9a-f]{8}$/);
    expect(cseqOf(response)).toEqual({ seq: 7, method: 'BYE' });
    const plain = d.answer(
      {
        ...bye,
        headers: bye.headers.map(
          ([n, v]): SipHeader => (n === 'Via' ? [n, 'SIP/2.0/UDP 192.0.2.8'] : [n, v]),
        ),
      },
      200,
      'OK',
    );
    expect(plain.to).toEqual({ host: '192.0.2.8', port: 5060 });
  });
  it('replies to what no transaction claimed: ACK again, 200 to BYE, 488 to INVITE, 501 to the rest', () => {
    const d = dialog();
    const invite = d.invite('v=0');
    const ok = okTo(invite);
    expect(d.reply(ok)).toEqual({ farEndHungUp: false });
    const ack = d.establish(ok);
    expect(d.reply(ok)).toEqual({ send: { message: ack, to: d.nextHop() }, farEndHungUp: false });
    const request = (method: string, callId = d.callId): SipRequest => ({
      kind: 'request',
      method,
      uri: 'sip:parley@10.0.0.2:40000',
      headers: [
        ['Via', 'SIP/2.0/UDP 192.0.2.7:5090;branch=z9hG4bKy'],
        ['From', '<sip:8021@pbx.example.com>;tag=far'],
        ['To', '<sip:parley@10.0.0.2>;tag=near'],
        ['Call-ID', callId],
        ['CSeq', `9 ${method}`],
      ],
      body: '',
    });
    const statusOf = (method: string) => {
      const { send, farEndHungUp } = d.reply(request(method));
      return [send?.message.kind === 'response' ? send.message.status : undefined, farEndHungUp];
    };
    expect(statusOf('BYE')).toEqual([200, true]);
    expect(statusOf('OPTIONS')).toEqual([200, false]);
    expect(statusOf('INVITE')).toEqual([488, false]);
    expect(statusOf('MESSAGE')).toEqual([501, false]);
    expect(statusOf('ACK')).toEqual([undefined, false]);
    expect(d.reply(request('BYE', 'another@call'))).toEqual({ farEndHungUp: false });
  });
});

describe('DigestResponder', () => {
  const challenge = (
    status: 401 | 407,
    realm: string,
    nonce: string,
    stale = false,
  ): SipResponse & { status: 401 | 407 } => ({
    kind: 'response',
    status,
    reason: 'Unauthorized',
    headers: [
      [
        status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate',
        `Digest realm="${realm}", nonce="${nonce}", qop="auth"${stale ? ', stale=true' : ''}`,
      ],
    ],
    body: '',
  });
  const answer = (responder: DigestResponder, response: SipResponse & { status: 401 | 407 }) =>
    responder.answer(DigestResponder.challengeOf(response), response.status, 'INVITE', 'sip:x@y');

  it('answers a 401 with Authorization and a 407 with Proxy-Authorization', () => {
    const responder = new DigestResponder({ username: 'alice', password: 's3cret' }, 'sip:x@y');
    const first = answer(responder, challenge(401, 'a', 'n1'));
    expect(first.header[0]).toBe('Authorization');
    expect(first.header[1]).toContain('nc=00000001');
    const second = answer(responder, challenge(407, 'b', 'n1'));
    expect(second).toMatchObject({ status: 407, realm: 'b' });
    expect(second.header[0]).toBe('Proxy-Authorization');
    expect(second.header[1]).toContain('nc=00000002');
  });

  it('takes a second challenge for the same realm as refused credentials, unless the nonce was stale', () => {
    const responder = new DigestResponder({ username: 'alice', password: 'nope' }, 'sip:x@y');
    answer(responder, challenge(401, 'a', 'n1'));
    const stale = answer(responder, challenge(401, 'a', 'n2', true));
    expect(stale.header[1]).toContain('nc=00000001');
    expect(() => answer(responder, challenge(401, 'a', 'n3'))).toThrow(/rejected the credentials/);
    const none = new DigestResponder(undefined, 'sip:x@y');
    const error = (() => {
      try {
        answer(none, challenge(407, 'a', 'n1'));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SipError);
    expect((error as SipError).sipStatus).toBe(407);
  });
});
