/**
 * `parley/errors`: every error class Parley raises. Branch on `code`, which is stable; `instanceof`
 * works across copies of the package. Also part of the root entry, `parley`.
 */
export { AbortError } from './AbortError.ts';
export { AudioSourceError } from './AudioSourceError.ts';
export { AuthenticationError } from './AuthenticationError.ts';
export { BufferOverflowError } from './BufferOverflowError.ts';
export { ConfigError } from './ConfigError.ts';
export { ConflictError } from './ConflictError.ts';
export { ConnectionError } from './ConnectionError.ts';
export { DependencyMissingError } from './DependencyMissingError.ts';
export { HttpError } from './HttpError.ts';
export { JobFailedError } from './JobFailedError.ts';
export { NotFoundError } from './NotFoundError.ts';
export { ParleyError, type ParleyErrorOptions } from './ParleyError.ts';
export { PayloadTooLargeError } from './PayloadTooLargeError.ts';
export { ProtocolError } from './ProtocolError.ts';
export { RateLimitError } from './RateLimitError.ts';
export { RecognizerError } from './RecognizerError.ts';
export { RemoteRecognizerError } from './RemoteRecognizerError.ts';
export { SipError } from './SipError.ts';
export { TimeoutError } from './TimeoutError.ts';
export { UnsupportedMediaError } from './UnsupportedMediaError.ts';
export { ValidationError, type ValidationIssue } from './ValidationError.ts';
export { WebSocketClosedError } from './WebSocketClosedError.ts';
