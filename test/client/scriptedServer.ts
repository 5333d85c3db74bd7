import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ClientOptions, createClient, type ParleyClient } from '../../src/client/createClient.ts';

/** A request as the scripted server saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  /** Whether the client went away before the server answered. */
  aborted: boolean;
}

/** Answers one request; return nothing to leave the request hanging (to test timeouts and aborts). */
export type Script = (req: SeenRequest, res: ServerResponse) => void | Promise<void>;

/**
 * A real HTTP server on 127.0.0.1 that misbehaves on purpose (stands in for Symbl's cloud): the
 * token endpoint issues JWTs; every other request goes to `script`. Requests are recorded.
 */
export interface ScriptedServer {
  url: string;
  seen: SeenRequest[];
  /** Token requests served so far. */
  tokensIssued: number;
  script: Script;
  /** Seconds the issued tokens live (default 3600). */
  tokenLifetime: number;
  client(options?: ClientOptions): ParleyClient;
  close(): Promise<void>;
}

/** A JWT with the given `exp` (unsigned: the client only decodes it). */
export function jwt(exp: number, sub = 'app'): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub, exp })}.c2ln`;
}

export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export async function startScriptedServer(
  script: Script = (_, res) => json(res, 200, {}),
): Promise<ScriptedServer> {
  const clients: ParleyClient[] = [];
  const state: ScriptedServer = {
    url: '',
    seen: [],
    tokensIssued: 0,
    script,
    tokenLifetime: 3600,
    client(options = {}) {
      const client = createClient({
        baseUrl: state.url,
        appId: 'a'.repeat(64),
        appSecret: 's'.repeat(128),
        env: {},
        retry: { minDelayMs: 5, maxDelayMs: 20 },
        ...options,
      });
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    const seen: SeenRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: Buffer.alloc(0),
      aborted: false,
    };
    res.on('close', () => {
      if (!res.writableEnded) seen.aborted = true;
    });
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.body = Buffer.concat(chunks);
      if (req.url === '/oauth2/token:generate') {
        state.tokensIssued++;
        const exp = Math.floor(Date.now() / 1000) + state.tokenLifetime;
        json(res, 200, {
          accessToken: jwt(exp, `token-${state.tokensIssued}`),
          expiresIn: state.tokenLifetime,
        });
        return;
      }
      state.seen.push(seen);
      void state.script(seen, res);
    });
    // Scripts that answer before reading the whole body (early errors, stalled uploads).
    (req as IncomingMessage & { seen?: SeenRequest }).seen = seen;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
