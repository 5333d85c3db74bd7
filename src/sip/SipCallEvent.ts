import type { AudioChunk } from '../../sources/AudioChunk.ts';
import type { SipAddress } from './SipTransport.ts';
import type { SipAudioCodec } from './sdp.ts';

/** What happens on a call, in order. Audio arrives as `audio` events between `answered` and `ended`. */
export type SipCallEvent =
  | { type: 'calling'; callId: string; local: SipAddress; rtpPort: number }
  | { type: 'provisional'; status: number; reason: string }
  | { type: 'challenged'; status: 401 | 407; realm: string }
  | { type: 'answered'; codec: SipAudioCodec; remoteMedia: SipAddress }
  | { type: 'audio'; chunk: AudioChunk }
  | { type: 'dtmf_sent'; keys: string }
  | { type: 'rejected'; status: number; reason: string }
  | { type: 'ended'; by: 'local' | 'remote'; reason: string };
