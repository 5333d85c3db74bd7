import { createHmac } from 'node:crypto';

/**
 * The headers that sign one webhook delivery, in the Standard Webhooks form: `webhook-id` (the
 * delivery id, the same on every retry), `webhook-timestamp` (seconds since the epoch, of this
 * attempt) and `webhook-signature`: `v1,` and the base64 HMAC-SHA256, keyed by the app's webhook
 * signing key, of `<id>.<timestamp>.<body>`. A receiver recomputes it over the raw body, compares
 * in constant time, and refuses timestamps more than a few minutes away from its clock.
 */
export function signWebhook(
  key: Buffer,
  id: string,
  body: string,
  timestampSeconds = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const timestamp = String(timestampSeconds);
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
}
