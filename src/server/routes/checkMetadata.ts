import { ValidationError } from '../../errors/ValidationError.ts';
import type { ServerLimits } from '../ServerContext.ts';

/**
 * Refuses conversation metadata over the server's caps (number of keys, size as JSON), so a
 * conversation row stays small and a list filter stays cheap.
 * @throws ValidationError naming `metadata` and the cap.
 */
export function checkMetadata(
  limits: Pick<ServerLimits, 'metadataKeys' | 'metadataBytes'>,
  metadata: Record<string, string>,
  subject: string,
): void {
  const keys = Object.keys(metadata).length;
  if (keys > limits.metadataKeys)
    throw new ValidationError(subject, [
      { path: 'metadata', message: `has ${keys} keys; at most ${limits.metadataKeys} are kept` },
    ]);
  const bytes = Buffer.byteLength(JSON.stringify(metadata));
  if (bytes > limits.metadataBytes)
    throw new ValidationError(subject, [
      { path: 'metadata', message: `is ${bytes} bytes as JSON; at most ${limits.metadataBytes} are kept` },
    ]);
}
