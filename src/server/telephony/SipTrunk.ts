import { ConfigError } from '../../errors/ConfigError.ts';
import { ParleyError } from '../../errors/ParleyError.ts';
import type { SipCredentials } from '../../sip/digestAuthorization.ts';
import { parseSipUri } from '../../sip/SipUri.ts';

/** A SIP trunk that carries PSTN calls: where INVITEs go, the domain numbers are dialled in, credentials. */
export interface SipTrunk {
  /** Outbound proxy URI (`sip:host:port`), without credentials. */
  proxy: string;
  /** Host part of the dialled URIs (`sip:<number>@<domain>`). */
  domain: string;
  credentials?: SipCredentials;
}

/**
 * Reads a trunk from `PARLEY_SIP_TRUNK` form: `sip:[user[:password]@]host[:port]`. Throws
 * ConfigError naming the variable when it is not a SIP URI.
 */
export function parseSipTrunk(value: string, source = 'PARLEY_SIP_TRUNK'): SipTrunk {
  try {
    const uri = parseSipUri(value.trim(), source);
    const port = uri.port === undefined ? '' : `:${uri.port}`;
    const host = uri.host.includes(':') ? `[${uri.host}]` : uri.host;
    return {
      proxy: `${uri.scheme}:${host}${port}`,
      domain: host,
      ...(uri.user === undefined
        ? {}
        : { credentials: { username: uri.user, password: uri.password ?? '' } }),
    };
  } catch (error) {
    if (!(error instanceof ParleyError)) throw error;
    throw new ConfigError(`${source} must be a SIP URI such as sip:user:password@trunk.example.com:5060`, {
      cause: error,
    });
  }
}

/** The SIP URI that dials `phoneNumber` through `trunk`: E.164 with its `+`. */
export function pstnTargetUri(phoneNumber: string, trunk: SipTrunk): string {
  const digits = phoneNumber.replace(/^\+/, '');
  return `sip:+${digits}@${trunk.domain}`;
}
