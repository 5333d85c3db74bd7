import type { IncomingMessage } from 'node:http';
import { AuthenticationError } from '../errors/AuthenticationError.ts';
import { ConnectionError } from '../errors/ConnectionError.ts';
import type { ParleyError } from '../errors/ParleyError.ts';

/**
 * The typed failure of a refused WebSocket upgrade, once the answer's body has arrived (the first
 * 2 KiB are read, 300 characters quoted): 401 or 403 is an AuthenticationError, any other status a
 * ConnectionError carrying it (retryable for 5xx). `where` names the socket in the message.
 */
export function refusedUpgradeError(response: IncomingMessage, where: string): Promise<ParleyError> {
  const status = response.statusCode ?? 0;
  const body: Buffer[] = [];
  let size = 0;
  response.on('data', (part: Buffer) => {
    if (size < 2048) body.push(part);
    size += part.length;
  });
  return new Promise((resolve) =>
    response.on('end', () => {
      const text = Buffer.concat(body).toString('utf8').slice(0, 300).trim();
      const detail = `${where} refused the WebSocket upgrade with HTTP ${status}${text ? `: ${text}` : ''}`;
      resolve(
        status === 401 || status === 403
          ? new AuthenticationError(detail, { status })
          : new ConnectionError(detail, { status, retryable: status >= 500 }),
      );
    }),
  );
}
