import { ParleyError } from '../errors/ParleyError.ts';

/** Why something failed, on one line for stderr: the message, and a Parley error's stable code. */
export function failureReason(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
  return error instanceof ParleyError ? `${message} [${error.code}]` : message;
}
