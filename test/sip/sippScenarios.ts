/**
 * sipp scenarios for the far end of test calls, built as XML strings. Each answers one call from
 * Parley's user agent on loopback; sipp exits 0 only if every step happened as written.
 */

const response = (status: string, extra = '', withTag = true): string => `  <send><![CDATA[
SIP/2.0 ${status}
[last_Via:]
[last_From:]
[last_To:]${withTag ? ';tag=[pid]SIPpTag[call_number]' : ''}
[last_Call-ID:]
[last_CSeq:]
${extra}Content-Length: 0

]]></send>
`;

const ok200WithSdp = (
  rtpPort: string,
  codec: 'PCMU' | 'PCMA' = 'PCMU',
): string => `  <send retrans="500"><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:];tag=[pid]SIPpTag[call_number]
[last_Call-ID:]
[last_CSeq:]
Contact: <sip:sipp@[local_ip]:[local_port]>
Content-Type: application/sdp
Content-Length: [len]

v=0
o=sipp 1 1 IN IP4 [local_ip]
s=-
c=IN IP4 [local_ip]
t=0 0
m=audio ${rtpPort} RTP/AVP ${codec === 'PCMU' ? 0 : 8} 101
a=rtpmap:${codec === 'PCMU' ? '0 PCMU' : '8 PCMA'}/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-16
]]></send>
`;

const receiveInvite = '  <recv request="INVITE" rrs="true" />\n';

/** sipp rejects a scenario that stores a variable it never reads, so only BYE-sending ones store the caller. */
const receiveInviteKeepingCaller = `  <recv request="INVITE" rrs="true">
    <action><ereg regexp=".*" search_in="hdr" header="From:" assign_to="caller" /></action>
  </recv>
`;

const ringAndAnswer = (rtpPort: string, codec: 'PCMU' | 'PCMA' = 'PCMU'): string =>
  response('100 Trying', '', false) +
  response('180 Ringing', 'Contact: <sip:sipp@[local_ip]:[local_port]>\n') +
  ok200WithSdp(rtpPort, codec) +
  '  <recv request="ACK" />\n';

const awaitBye = `  <recv request="BYE" />
${response('200 OK', '', false)}`;

const sendBye = `  <send retrans="500"><![CDATA[
BYE [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag[call_number]
To:[$caller]
[last_Call-ID:]
CSeq: 1 BYE
Max-Forwards: 70
Content-Length: 0

]]></send>
  <recv response="200" />
`;

const scenario = (name: string, body: string): string =>
  `<?xml version="1.0" encoding="ISO-8859-1" ?>\n<scenario name="${name}">\n${body}</scenario>\n`;

/** Rings, answers with SDP (RTP to `rtpPort`, or sipp's media port), then waits for Parley's BYE. */
export function answerScenario(rtpPort = '[media_port]'): string {
  return scenario('answer', receiveInvite + ringAndAnswer(rtpPort) + awaitBye);
}

/**
 * Answers (with `codec`), then hangs up first after `holdMs`; with `pcap`, plays that capture's
 * RTP to the caller's SDP address before hanging up.
 */
export function hangUpFirstScenario(holdMs: number, pcap?: string, codec: 'PCMU' | 'PCMA' = 'PCMU'): string {
  const play = pcap ? `  <nop><action><exec play_pcap_audio="${pcap}" /></action></nop>\n` : '';
  return scenario(
    'hang up first',
    `${receiveInviteKeepingCaller + ringAndAnswer('[media_port]', codec) + play}  <pause milliseconds="${holdMs}" />\n${sendBye}`,
  );
}

/**
 * Answers, plays that capture's RTP to the caller's SDP address (when given), then waits for
 * Parley's BYE: a far end that stays on the line until the caller stops the call.
 */
export function answerAndPlayScenario(pcap?: string): string {
  const play = pcap ? `  <nop><action><exec play_pcap_audio="${pcap}" /></action></nop>\n` : '';
  return scenario('answer and play', receiveInvite + ringAndAnswer('[media_port]') + play + awaitBye);
}

/** Answers the INVITE with a final error (`486 Busy Here`, `404 Not Found`) and expects the ACK. */
export function rejectScenario(status: string): string {
  return scenario(
    'reject',
    `${receiveInvite}${response('100 Trying', '', false)}${response(status)}  <recv request="ACK" />\n`,
  );
}

/**
 * Challenges the first INVITE (401 with a Digest qop=auth challenge, or 407 as a proxy), checks
 * the retried INVITE's credentials with sipp's verifyauth, answers only if they hold (403
 * otherwise), then waits for BYE.
 */
export function authScenario(username: string, password: string, status: '401' | '407' = '401'): string {
  const header = status === '401' ? 'WWW-Authenticate' : 'Proxy-Authenticate';
  const reason = status === '401' ? 'Unauthorized' : 'Proxy Authentication Required';
  // sipp's verifyauth reads only Authorization; for 407 the Proxy-Authorization answer is checked by form.
  const check =
    status === '401'
      ? `<verifyauth assign_to="authvalid" username="${username}" password="${password}" />`
      : `<ereg regexp="Digest username=.${username}.*response=.*qop=auth" search_in="hdr" header="Proxy-Authorization:" assign_to="authvalid" />`;
  return scenario(
    'digest',
    `${receiveInvite}${response(
      `${status} ${reason}`,
      `${header}: Digest realm="parley.test", nonce="b7c9036dbf357f7683f054aea940e5e2", qop="auth", algorithm=MD5, opaque="5ccc069c403ebaf9f0171e9517f40e41"\n`,
    )}  <recv request="ACK" />
  <recv request="INVITE">
    <action>${check}</action>
  </recv>
  <nop test="authvalid" next="good" />
${response('403 Forbidden')}  <recv request="ACK" next="end" />
  <label id="good" />
${ringAndAnswer('[media_port]')}${awaitBye}  <label id="end" />
`,
  );
}

/** Rings and never answers; expects Parley to CANCEL, then ends the INVITE with 487 (RFC 3261 9.2). */
export function ringUntilCancelScenario(): string {
  return scenario(
    'ring until cancel',
    `${receiveInvite}${response('180 Ringing', 'Contact: <sip:sipp@[local_ip]:[local_port]>\n')}  <recv request="CANCEL" />
${response('200 OK', '', false)}  <send><![CDATA[
SIP/2.0 487 Request Terminated
[last_Via:]
[last_From:]
[last_To:];tag=[pid]SIPpTag[call_number]
[last_Call-ID:]
CSeq: [cseq] INVITE
Content-Length: 0

]]></send>
  <recv request="ACK" />
`,
  );
}
