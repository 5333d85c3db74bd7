import { createHash, randomBytes } from 'node:crypto';
import { SipError } from '../errors/SipError.ts';

/** A `WWW-Authenticate` / `Proxy-Authenticate` Digest challenge (RFC 3261 22.4, RFC 2617). */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque?: string;
  algorithm: 'MD5' | 'MD5-sess';
  /** The qop values offered; Parley answers `auth` when it is among them. */
  qop: string[];
  stale: boolean;
}

/** Username and password for digest authentication. */
export interface SipCredentials {
  username: string;
  password: string;
}

/**
 * Parses a Digest challenge. Throws SipError (with the challenge's status) when the scheme is not
 * Digest, realm or nonce is missing, or the algorithm is not MD5/MD5-sess.
 */
export function parseDigestChallenge(header: string, status: number): DigestChallenge {
  const scheme = /^\s*(\S+)\s+/.exec(header)?.[1];
  if (scheme?.toLowerCase() !== 'digest')
    throw new SipError(`Unsupported authentication scheme ${JSON.stringify(scheme ?? header)}`, status);
  const fields = new Map<string, string>();
  const pattern = /([A-Za-z-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
  for (const m of header.slice(header.indexOf(scheme) + scheme.length).matchAll(pattern)) {
    fields.set((m[1] as string).toLowerCase(), m[2] ?? m[3] ?? '');
  }
  const realm = fields.get('realm');
  const nonce = fields.get('nonce');
  if (realm === undefined || nonce === undefined)
    throw new SipError('Digest challenge lacks realm or nonce', status);
  const algorithm = (fields.get('algorithm') ?? 'MD5').toUpperCase();
  if (algorithm !== 'MD5' && algorithm !== 'MD5-SESS')
    throw new SipError(`Digest algorithm ${algorithm} is not supported (MD5 only)`, status);
  const opaque = fields.get('opaque');
  return {
    realm,
    nonce,
    ...(opaque === undefined ? {} : { opaque }),
    algorithm: algorithm === 'MD5' ? 'MD5' : 'MD5-sess',
    qop: (fields.get('qop') ?? '')
      .split(',')
      .map((q) => q.trim().toLowerCase())
      .filter(Boolean),
    stale: (fields.get('stale') ?? '').toLowerCase() === 'true',
  };
}

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

/** Options of {@link digestAuthorization}. */
export interface DigestAnswerOptions {
  challenge: DigestChallenge;
  credentials: SipCredentials;
  method: string;
  uri: string;
  /** Nonce count (default 1). */
  nonceCount?: number;
  /** Client nonce (default: random). */
  cnonce?: string;
}

/**
 * The `Authorization` / `Proxy-Authorization` value answering a Digest challenge: MD5 or MD5-sess,
 * with `qop=auth` when the server offers it (RFC 2617 3.2.2), without qop otherwise.
 */
export function digestAuthorization(options: DigestAnswerOptions): string {
  const { challenge, credentials, method, uri } = options;
  const cnonce = options.cnonce ?? randomBytes(8).toString('hex');
  const nc = (options.nonceCount ?? 1).toString(16).padStart(8, '0');
  let ha1 = md5(`${credentials.username}:${challenge.realm}:${credentials.password}`);
  if (challenge.algorithm === 'MD5-sess') ha1 = md5(`${ha1}:${challenge.nonce}:${cnonce}`);
  const ha2 = md5(`${method}:${uri}`);
  const qopAuth = challenge.qop.includes('auth');
  const response = qopAuth
    ? md5(`${ha1}:${challenge.nonce}:${nc}:${cnonce}:auth:${ha2}`)
    : md5(`${ha1}:${challenge.nonce}:${ha2}`);
  const quote = (value: string): string => `"${value.replace(/["\\]/g, '\\$&')}"`;
  const parts = [
    `username=${quote(credentials.username)}`,
    `realm=${quote(challenge.realm)}`,
    `nonce=${quote(challenge.nonce)}`,
    `uri=${quote(uri)}`,
    `response=${quote(response)}`,
    `algorithm=${challenge.algorithm}`,
  ];
  if (challenge.opaque !== undefined) parts.push(`opaque=${quote(challenge.opaque)}`);
  if (qopAuth || challenge.algorithm === 'MD5-sess') parts.push(`cnonce=${quote(cnonce)}`);
  if (qopAuth) parts.push('qop=auth', `nc=${nc}`);
  return `Digest ${parts.join(', ')}`;
}
