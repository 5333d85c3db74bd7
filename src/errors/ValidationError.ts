import { ParleyError, type ParleyErrorOptions } from './ParleyError.ts';

/** One thing wrong with an input, at a path such as `messages[2].payload.content`. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/**
 * Input does not have the shape the contract asks for. The message names every offending path,
 * so a person can fix the input without reading the schema.
 */
export class ValidationError extends ParleyError {
  static override readonly code = 'PARLEY_ERR_VALIDATION';
  /** What was invalid (`start_request`, `DTMF keys`, ...), as the message names it. */
  readonly subject: string;
  readonly issues: readonly ValidationIssue[];

  constructor(subject: string, issues: readonly ValidationIssue[], options: ParleyErrorOptions = {}) {
    const listed = issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ');
    super(ValidationError.code, `Invalid ${subject}: ${listed}`, { status: 400, ...options });
    this.subject = subject;
    this.issues = issues;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues };
  }
}
