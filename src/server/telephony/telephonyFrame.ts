import type { ServerMessage } from '../../model/streaming.ts';
import type { TranscriptResponse } from '../../model/telephony.ts';

/**
 * A streaming frame as the telephony subscription socket carries it:
 * `recognition_result` becomes `transcript_response`; message, insight and topic frames pass;
 * trackers (not supported by the Telephony API) and other system messages are left out, except
 * `error` and `conversation_completed` so a subscriber learns why and when the call ended.
 */
export function telephonyFrame(frame: ServerMessage): string | undefined {
  switch (frame.type) {
    case 'message_response':
    case 'insight_response':
    case 'topic_response':
      return JSON.stringify(frame);
    case 'message': {
      const body = frame.message;
      if (body.type === 'recognition_result') {
        const transcript: TranscriptResponse = {
          type: 'transcript_response',
          isFinal: body.isFinal,
          payload: {
            content: body.punctuated?.transcript ?? body.payload?.raw?.alternatives?.[0]?.transcript ?? '',
            contentType: 'text/plain',
          },
          user: body.user,
        };
        return JSON.stringify(transcript);
      }
      if (body.type === 'error' || body.type === 'conversation_completed') return JSON.stringify(frame);
      return undefined;
    }
    default:
      return undefined;
  }
}
