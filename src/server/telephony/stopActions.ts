import type { TelephonyAction, TelephonySummaryInfo } from '../../model/telephony.ts';
import type { TelephonyEventLog } from './TelephonyEventLog.ts';

/**
 * Runs the `invokeOn: "stop"` actions of a call. Parley sends no mail itself: `sendSummaryEmail`
 * is recorded as skipped (no SMTP server configured) with the summary page it would have linked,
 * and its addressees are returned as the stop response's `summaryInfo`.
 */
export function runStopActions(
  actions: readonly TelephonyAction[],
  summaryUrl: string,
  log: TelephonyEventLog,
): TelephonySummaryInfo[] {
  const summaryInfo: TelephonySummaryInfo[] = [];
  for (const action of actions) {
    if (action.invokeOn !== 'stop') continue;
    if (action.name === 'sendSummaryEmail') {
      const emails = action.parameters?.emails ?? [];
      for (const email of emails)
        summaryInfo.push({ user: { userId: email, name: email, role: 'organizer' }, url: summaryUrl });
      log.record(
        'action_skipped',
        `sendSummaryEmail to ${emails.join(', ')} not sent: no SMTP server is configured; summary: ${summaryUrl}`,
      );
    } else {
      log.record('action_skipped', `${action.name}: Parley does not know this action`);
    }
  }
  return summaryInfo;
}

/** Records the `invokeOn: "start"` actions as skipped: nothing can be sent before the call has a summary. */
export function recordStartActions(actions: readonly TelephonyAction[], log: TelephonyEventLog): void {
  for (const action of actions) {
    if (action.invokeOn === 'start')
      log.record('action_skipped', `${action.name} on start: nothing to send before the call has a summary`);
  }
}

/** The summary page of a call's conversation on the server's own origin. */
export function summaryUrl(origin: string, conversationId: string): string {
  return `${origin}/meeting/#/${Buffer.from(JSON.stringify({ sessionId: conversationId })).toString('base64')}`;
}
