import { ValidationError } from '../errors/ValidationError.ts';

/** The parts of a `sip:`/`sips:` URI (RFC 3261 19.1) that a user agent needs. */
export interface SipUri {
  scheme: 'sip' | 'sips';
  user?: string;
  password?: string;
  /** Host name or address; an IPv6 address without its brackets. */
  host: string;
  port?: number;
  /** `;name=value` URI parameters, names lower-cased (`transport`, `lr`, ...). */
  params: Record<string, string>;
}

const URI =
  /^(sips?):(?:([^:@;?]*)(?::([^@;?]*))?@)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?((?:;[^;?]*)*)(\?.*)?$/i;

/**
 * Parses a SIP URI, with or without angle brackets or a display name around it
 * (`"Ann" <sip:ann@example.com>`). Throws ValidationError naming `subject` when it is not one.
 */
export function parseSipUri(text: string, subject = 'SIP URI'): SipUri {
  const inner = /<([^>]*)>/.exec(text)?.[1] ?? text.trim();
  const match = URI.exec(inner);
  const port = match?.[5] === undefined ? undefined : Number(match[5]);
  if (!match || (port !== undefined && (port < 1 || port > 65535))) {
    throw new ValidationError(subject, [
      { path: '', message: `expected sip:[user@]host[:port], got ${JSON.stringify(text)}` },
    ]);
  }
  const params: Record<string, string> = {};
  for (const part of (match[6] ?? '').split(';').slice(1)) {
    const eq = part.indexOf('=');
    params[(eq === -1 ? part : part.slice(0, eq)).toLowerCase()] = eq === -1 ? '' : part.slice(eq + 1);
  }
  const host = (match[4] as string).replace(/^\[|\]$/g, '');
  return {
    scheme: (match[1] as string).toLowerCase() as 'sip' | 'sips',
    ...(match[2] ? { user: decodeURIComponent(match[2]) } : {}),
    ...(match[3] !== undefined ? { password: decodeURIComponent(match[3]) } : {}),
    host,
    ...(port === undefined ? {} : { port }),
    params,
  };
}

/** Writes a SIP URI without its password (credentials never go on the wire in a URI). */
export function formatSipUri(uri: SipUri): string {
  const host = uri.host.includes(':') ? `[${uri.host}]` : uri.host;
  const user = uri.user === undefined ? '' : `${encodeURIComponent(uri.user).replace(/%2B/g, '+')}@`;
  const port = uri.port === undefined ? '' : `:${uri.port}`;
  const params = Object.entries(uri.params)
    .map(([k, v]) => (v === '' ? `;${k}` : `;${k}=${v}`))
    .join('');
  return `${uri.scheme}:${user}${host}${port}${params}`;
}
