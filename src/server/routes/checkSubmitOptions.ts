import { isIP } from 'node:net';
import { recognizerFor } from '../../engine/asr/RecognitionSettings.ts';
import { ValidationError } from '../../errors/ValidationError.ts';
import type { RecognizerBackend } from '../../model/asyncApi.ts';
import { canonicalHost, OutboundRefusal } from '../outbound/OutboundPolicy.ts';
import type { ServerContext } from '../ServerContext.ts';
import { checkMetadata } from './checkMetadata.ts';

/**
 * What a submission's options must satisfy beyond their schema, checked before any work: the
 * metadata within the server's caps, a recogniser this server has (a job asking for another would
 * only fail), and a `webhookUrl` whose host, when it is an address, is one the outbound policy lets
 * the server call (a name is checked when each delivery is made).
 * @throws ValidationError naming the option.
 */
export function checkSubmitOptions(
  server: ServerContext,
  options: {
    metadata?: Record<string, string> | undefined;
    webhookUrl?: string | undefined;
    recognizer?: RecognizerBackend | undefined;
  },
): void {
  if (options.metadata !== undefined) checkMetadata(server.limits, options.metadata, 'submission');
  recognizerFor(server.recognition, options.recognizer);
  if (options.webhookUrl === undefined) return;
  try {
    const host = canonicalHost(new URL(options.webhookUrl).hostname);
    if (isIP(host) !== 0) server.outbound.checkAddress(host);
  } catch (error) {
    if (!(error instanceof OutboundRefusal) && !(error instanceof TypeError)) throw error;
    throw new ValidationError('submission', [
      { path: 'webhookUrl', message: 'must be a public http(s) URL this server may call' },
    ]);
  }
}
