/**
 * `parley/telephony`: the Telephony API client. Dial a SIP URI or a phone number, follow the call as
 * an Observable of its events and live results, stop it.
 */
export { connectTelephony, type TelephonyConnectOptions } from './connectTelephony.ts';
export { pushSpeakerEvent } from './pushSpeakerEvent.ts';
export { type PstnTarget, startPstn } from './startPstn.ts';
export { type SipTarget, startSip } from './startSip.ts';
export { stop } from './stop.ts';
export type { TelephonyClientOptions } from './TelephonyClientOptions.ts';
export {
  results,
  type TelephonyConnected,
  type TelephonyConnectionEvent,
  type TelephonyStopped,
} from './TelephonyConnectionEvent.ts';
