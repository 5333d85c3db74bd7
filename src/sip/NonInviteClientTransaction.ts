import { SipError } from '../errors/SipError.ts';
import type { SipRequest, SipResponse } from './SipMessage.ts';
import { headerValue } from './SipMessage.ts';
import type { SipTimers } from './SipTimers.ts';
import type { SipAddress, SipTransport } from './SipTransport.ts';

/**
 * A non-INVITE client transaction over UDP (RFC 3261 17.1.2), for BYE and CANCEL: the request is
 * retransmitted on Timer E (T1 doubling, capped at T2) until a final response; Timer F (64*T1)
 * without one rejects with SipError 408.
 */
export function sendNonInviteRequest(
  transport: SipTransport,
  request: SipRequest,
  destination: SipAddress,
  timers: SipTimers,
): Promise<SipResponse> {
  return new Promise((resolve, reject) => {
    const branch = /;\s*branch=([^;,\s]+)/i.exec(headerValue(request, 'Via') ?? '')?.[1] ?? '';
    let interval = timers.t1;
    let timerE: NodeJS.Timeout | undefined;
    const finish = (): void => {
      clearTimeout(timerE);
      clearTimeout(timerF);
      unregister();
    };
    const unregister = transport.register(branch, request.method, (response) => {
      if (response.status < 200) {
        interval = timers.t2;
        return;
      }
      finish();
      resolve(response);
    });
    const transmit = (): void => {
      if (transport.closed) {
        finish();
        reject(new SipError(`${request.method} not sent: the SIP socket is closed`));
        return;
      }
      transport.send(request, destination);
      timerE = setTimeout(() => {
        interval = Math.min(interval * 2, timers.t2);
        transmit();
      }, interval);
    };
    const timerF = setTimeout(() => {
      finish();
      reject(new SipError(`No response to ${request.method} within ${64 * timers.t1} ms`, 408));
    }, 64 * timers.t1);
    transmit();
  });
}
