import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { NotFoundError } from '../../../src/errors/NotFoundError.ts';
import { ValidationError } from '../../../src/errors/ValidationError.ts';
import { silentLogger } from '../../../src/server/Logger.ts';
import type { SqliteStore } from '../../../src/server/store/SqliteStore.ts';
import { WebSocketGateway, type WebSocketRoute } from '../../../src/server/streaming/WebSocketGateway.ts';
import { storeWithApp } from '../support/storeWithApp.ts';
import { tempDataDir } from '../support/testServer.ts';
import { LiveTestClient } from './liveTestClient.ts';

const data = tempDataDir();
let store: SqliteStore;
let http: Server;
let gateway: WebSocketGateway;
let base: string;
let token: string;
const opened: string[] = [];

/** Routes that answer by their id: `pass` is left to the next route, `missing` and `bad` refused. */
const routes: WebSocketRoute[] = [
  {
    prefix: '/a/',
    accept: ({ id, appId }) => {
      if (id === 'pass') return undefined;
      if (id === 'missing') throw new NotFoundError(`No ${id}`);
      if (id === 'bad') throw new ValidationError('id', [{ path: '', message: 'is bad' }]);
      return (ws) => {
        opened.push(`first:${id}:${appId.slice(0, 4)}`);
        ws.on('message', (m) => ws.send(`echo ${m.toString().length}`));
      };
    },
  },
  {
    prefix: '/a/',
    accept: async ({ id }) => (id === 'pass' ? (ws) => ws.send('second') : undefined),
  },
  {
    prefix: '/boom/',
    accept: () => {
      throw new Error('not a refusal');
    },
  },
];

beforeAll(async () => {
  const app = await storeWithApp(data.dir);
  store = app.store;
  token = app.token;
  const tokens = app.tokens;
  gateway = new WebSocketGateway({ tokens, logger: silentLogger }).add(...routes);
  http = createServer((_req, res) => res.end());
  http.on('upgrade', gateway.handleUpgrade);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  base = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await gateway?.close();
  await new Promise((resolve) => http?.close(resolve));
  await store?.close();
  data.remove();
});

const refusal = (path: string, options: WebSocket.ClientOptions & { protocols?: string[] } = {}) =>
  LiveTestClient.open(`${base}${path}`, options).then(
    (client) => {
      client.ws.close();
      return 101;
    },
    (error: { status?: number }) => error.status,
  );

describe('WebSocketGateway', () => {
  it('refuses in order: unknown path, undecodable id, no token, then what the routes say', async () => {
    const auth = `access_token=${token}`;
    expect(await refusal(`/elsewhere/x?${auth}`)).toBe(404);
    expect(await refusal(`/a/?${auth}`)).toBe(404);
    expect(await refusal(`/a/x/y?${auth}`)).toBe(404);
    expect(await refusal(`/a/%E0%A4%A?${auth}`)).toBe(400);
    expect(await refusal('/a/missing')).toBe(401);
    expect(await refusal('/a/x?access_token=forged')).toBe(401);
    expect(await refusal(`/a/missing?${auth}`)).toBe(404);
    expect(await refusal(`/a/bad?${auth}`)).toBe(400);
    expect(await refusal(`/boom/x?${auth}`)).toBe(500);
  });

  it('asks the routes of a path in order, and echoes the subprotocol that carried the token', async () => {
    const second = await LiveTestClient.open(`${base}/a/pass`, { protocols: [token] });
    expect(second.ws.protocol).toBe(token);
    await second.next((f) => f.text === 'second');
    second.ws.close();
    const first = await LiveTestClient.open(`${base}/a/caf%C3%A9`, {
      headers: { authorization: `Bearer ${token}` },
      protocols: ['chat'],
    });
    expect(first.ws.protocol).toBe('chat');
    expect(opened.at(-1)).toMatch(/^first:café:/);
    first.ws.close();
  });

  it('closes a socket that sends a frame over 1 MiB (1009), on every path', async () => {
    const client = await LiveTestClient.open(`${base}/a/big?access_token=${token}`);
    client.ws.send(Buffer.alloc(1024 * 1024));
    await client.next((f) => f.text === `echo ${1024 * 1024}`);
    client.ws.send(Buffer.alloc(1024 * 1024 + 1));
    expect(await client.closed).toBe(1009);
  });

  it('refuses upgrades with 503 once it stops accepting, and ends open sockets on close', async () => {
    const client = await LiveTestClient.open(`${base}/a/open?access_token=${token}`);
    gateway.stopAccepting();
    expect(await refusal(`/a/late?access_token=${token}`)).toBe(503);
    await gateway.close();
    expect(await client.closed).toBe(1006);
  });
});
