import { createHmac } from 'node:crypto';

/**
 * An app's webhook signing key: HMAC-SHA256 keyed by the app secret over the text
 * `parley webhook signing key`. A receiver that holds the app secret derives it the same way; one
 * that should not hold the secret is given only this key (as `whsec_<base64 of the key>`, the
 * form Standard Webhooks libraries take). A new app secret means a new key.
 */
export function webhookSigningKey(appSecret: string): Buffer {
  return createHmac('sha256', appSecret).update('parley webhook signing key').digest();
}
