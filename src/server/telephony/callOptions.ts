import { ValidationError } from '../../errors/ValidationError.ts';
import type { TelephonyStartRequest } from '../../model/telephony.ts';
import type { SipCallOptions } from '../../sip/SipCallOptions.ts';
import { pstnTargetUri, type SipTrunk } from './SipTrunk.ts';

/** The SIP settings a telephony start is placed with, besides its endpoint. */
export interface CallSettings {
  /** Trunk for PSTN numbers; without one, PSTN starts are refused. */
  trunk?: SipTrunk;
  /** SIP defaults for every call (local address, timers), mostly for tests. */
  sip?: Partial<Pick<SipCallOptions, 'localHost' | 'timers' | 'ringTimeoutMs' | 'hangUpTimeoutMs'>>;
}

/**
 * A start request's endpoint as `sipCall` options: a SIP URI is called directly; a phone number
 * is dialled through the trunk (its proxy and credentials), with the request's DTMF keys.
 * @throws ValidationError for a phone number when the server has no trunk.
 */
export function callOptions(request: TelephonyStartRequest, settings: CallSettings): SipCallOptions {
  const endpoint = request.endpoint;
  if (endpoint.type === 'sip') return { target: endpoint.uri, ...settings.sip };
  const trunk = settings.trunk;
  if (trunk === undefined)
    throw new ValidationError('endpoint:connect request', [
      {
        path: 'endpoint.type',
        message:
          'PSTN calls need a SIP trunk and this server has none: set PARLEY_SIP_TRUNK (sip:user:password@trunk-host:port), or call a SIP URI (type "sip")',
      },
    ]);
  return {
    target: pstnTargetUri(endpoint.phoneNumber, trunk),
    proxy: trunk.proxy,
    ...(trunk.credentials ? { credentials: trunk.credentials } : {}),
    ...(endpoint.dtmf ? { dtmf: endpoint.dtmf } : {}),
    ...settings.sip,
  };
}
