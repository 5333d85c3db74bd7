import { describe, expect, it } from 'vitest';
import { SipError } from '../../src/errors/SipError.ts';
import { ValidationError } from '../../src/errors/ValidationError.ts';
import { digestAuthorization, parseDigestChallenge } from '../../src/sip/digestAuthorization.ts';
import { dtmfPackets, parseDtmfPayload } from '../../src/sip/dtmfPackets.ts';
import { formatSipUri, parseSipUri } from '../../src/sip/SipUri.ts';
import { createSdpOffer, parseSdpAnswer } from '../../src/sip/sdp.ts';

describe('SIP URIs', () => {
  it('parses user, password, host, port and parameters, and writes them back without the password', () => {
    const uri = parseSipUri('"Trunk" <sip:alice:pw@[2001:db8::1]:5070;transport=udp;lr>');
    expect(uri).toEqual({
      scheme: 'sip',
      user: 'alice',
      password: 'pw',
      host: '2001:db8::1',
      port: 5070,
      params: { transport: 'udp', lr: '' },
    });
    expect(formatSipUri(uri)).toBe('sip:alice@[2001:db8::1]:5070;transport=udp;lr');
    expect(() => parseSipUri('tel:+1415', 'target')).toThrow(ValidationError);
    expect(() => parseSipUri('sip:a@b:99999')).toThrow(/expected sip:/);
  });
});

describe('SDP offer/answer', () => {
  it('offers PCMU, PCMA and telephone-event, and reads the codec the answer kept', () => {
    const offer = createSdpOffer({ address: '127.0.0.1', port: 40000, sessionId: 1 });
    expect(offer).toContain('m=audio 40000 RTP/AVP 0 8 101\r\n');
    expect(offer).toContain('a=rtpmap:101 telephone-event/8000');
    const answer = parseSdpAnswer(
      'v=0\r\nc=IN IP4 10.0.0.2\r\nm=audio 5004 RTP/AVP 8 101\r\na=rtpmap:101 telephone-event/8000\r\n',
    );
    expect(answer).toEqual({
      address: '10.0.0.2',
      port: 5004,
      codec: 'PCMA',
      payloadType: 8,
      telephoneEventPayloadType: 101,
    });
  });

  it('rejects answers without a usable audio stream with SipError 488', () => {
    for (const sdp of [
      'v=0\r\nc=IN IP4 1.2.3.4\r\n',
      'c=IN IP4 1.2.3.4\r\nm=audio 0 RTP/AVP 0\r\n',
      'c=IN IP4 1.2.3.4\r\nm=audio 4 RTP/AVP 9\r\n',
    ]) {
      const error = (() => {
        try {
          parseSdpAnswer(sdp);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(SipError);
      expect((error as SipError).sipStatus).toBe(488);
    }
  });
});

describe('digest authentication', () => {
  it('computes the RFC 2617 3.5 example response (MD5, qop=auth)', () => {
    const challenge = parseDigestChallenge(
      'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
      401,
    );
    const header = digestAuthorization({
      challenge,
      credentials: { username: 'Mufasa', password: 'Circle Of Life' },
      method: 'GET',
      uri: '/dir/index.html',
      cnonce: '0a4f113b',
    });
    expect(header).toContain('response="6629fae49393a05397450978507c4ef1"');
    expect(header).toContain('qop=auth, nc=00000001');
    expect(header).toContain('opaque="5ccc069c403ebaf9f0171e9517f40e41"');
  });

  it('refuses other schemes and algorithms with the challenge status', () => {
    expect(() => parseDigestChallenge('Basic realm="x"', 407)).toThrow(SipError);
    expect(() => parseDigestChallenge('Digest realm="x", nonce="n", algorithm=SHA-256', 401)).toThrow(
      /SHA-256/,
    );
  });
});

describe('RFC 4733 DTMF', () => {
  it('plays each key as a marked start, growing durations and three end packets; commas pause', () => {
    const packets = dtmfPackets('1,#', { payloadType: 101, ssrc: 7, sequenceNumber: 65534, timestamp: 0 });
    const events = packets.map((p) => ({
      at: p.atMs,
      ts: p.packet.timestamp,
      m: p.packet.marker,
      ...parseDtmfPayload(p.packet.payload),
    }));
    const one = events.filter((e) => e.code === 1);
    expect(one.map((e) => e.duration)).toEqual([160, 320, 480, 640, 800, 800, 800, 800]);
    expect(one.map((e) => e.end)).toEqual([false, false, false, false, false, true, true, true]);
    expect(one[0]?.m).toBe(true);
    const hash = events.filter((e) => e.code === 11);
    expect(hash[0]?.at).toBe(200 + 500);
    expect(hash[0]?.ts).toBe(700 * 8);
    expect(packets.map((p) => p.packet.sequenceNumber).slice(0, 3)).toEqual([65534, 65535, 0]);
    expect(() => dtmfPackets('12x', { payloadType: 101, ssrc: 1 })).toThrow(/dtmf\[2\]/);
  });
});
