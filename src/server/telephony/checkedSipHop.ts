import { ValidationError } from '../../errors/ValidationError.ts';
import { parseSipUri } from '../../sip/SipUri.ts';
import type { OutboundPolicy } from '../outbound/OutboundPolicy.ts';

/**
 * Where the server may send a caller's SIP call: the target URI's host resolved once and checked
 * by the outbound policy, as a SIP URI of that address (`sip:203.0.113.7:5060`) to use as the
 * call's outbound proxy, so every request of the call goes to the checked address whatever the
 * far end's headers say, and the Request-URI keeps the caller's host.
 * @throws ValidationError (400) with one generic text when the target may not be called.
 */
export async function checkedSipHop(policy: OutboundPolicy, target: string): Promise<string> {
  const uri = parseSipUri(target, 'endpoint.uri');
  let address: { address: string; family: number };
  try {
    address = await policy.resolve(uri.host);
  } catch (error) {
    throw new ValidationError(
      'endpoint:connect request',
      [{ path: 'endpoint.uri', message: 'must name a public SIP host this server may call' }],
      { cause: error },
    );
  }
  const host = address.family === 6 ? `[${address.address}]` : address.address;
  return `${uri.scheme}:${host}:${uri.port ?? (uri.scheme === 'sips' ? 5061 : 5060)}`;
}
