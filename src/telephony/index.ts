// The Telephony API client: dial a SIP URI or a phone number, follow the call as an Observable of
// its events and live results, stop it.
export * from './connectTelephony.ts';
export * from './pushSpeakerEvent.ts';
export * from './startPstn.ts';
export * from './startSip.ts';
export * from './stop.ts';
export * from './TelephonyClientOptions.ts';
export * from './TelephonyConnectionEvent.ts';
