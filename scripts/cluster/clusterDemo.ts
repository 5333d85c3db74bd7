/*
 * `npm run demo:cluster -- <dir>`: a local PostgreSQL (Debian's `postgresql` package) initialised
 * in <dir>/postgres, and two `parley serve` nodes on it sharing <dir>/media, on ports 8080 and
 * 8081 (PARLEY_DEMO_PORT moves them; 0 takes any free ports). It sends a few text jobs through both nodes and shows which
 * node ran each and that every conversation reads the same from the other node, then runs until
 * Ctrl-C, which stops the nodes (draining them) and PostgreSQL. Running it again reuses <dir>.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { startLocalPostgres } from '../postgres/LocalPostgres.ts';
import { requestJson } from './requestJson.ts';
import { type ServeNode, startServeNode } from './startServeNode.ts';

const target = process.argv[2];
if (target === undefined || target.startsWith('-')) {
  process.stderr.write(
    'usage: npm run demo:cluster -- <dir>   (a directory of your choosing, e.g. /srv/parley-demo)\n',
  );
  process.exit(2);
}
const dir = resolve(target);
const firstPort = Number(process.env.PARLEY_DEMO_PORT ?? 8080);
mkdirSync(join(dir, 'media'), { recursive: true });

// One app and one server key for the deployment (every node must hold the same key), kept
// beside it so a second run signs in the same way.
const credentialsFile = join(dir, 'credentials.json');
if (!existsSync(credentialsFile)) {
  const fresh = {
    appId: randomBytes(32).toString('hex'),
    appSecret: randomBytes(64).toString('hex'),
    serverKey: randomBytes(32).toString('hex'),
  };
  writeFileSync(credentialsFile, `${JSON.stringify(fresh, null, 2)}\n`, { mode: 0o600 });
}
const credentials = JSON.parse(readFileSync(credentialsFile, 'utf8')) as {
  appId: string;
  appSecret: string;
  serverKey?: string;
};
// A directory from before nodes shared a key gets one now.
if (credentials.serverKey === undefined) {
  credentials.serverKey = randomBytes(32).toString('hex');
  writeFileSync(credentialsFile, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
}

const postgres = await startLocalPostgres({ dir: join(dir, 'postgres') });
const nodes: ServeNode[] = [];
let stopping: Promise<void> | undefined;
const stopAll = () => {
  stopping ??= (async () => {
    await Promise.allSettled(nodes.map((node) => node.stop()));
    await postgres.stop();
  })();
  return stopping;
};
process.on('SIGINT', () => void stopAll().then(() => process.exit(0)));
process.on('SIGTERM', () => void stopAll().then(() => process.exit(0)));

try {
  const admin = new pg.Client({ connectionString: postgres.url() });
  await admin.connect();
  const { rowCount } = await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'parley'`);
  if (rowCount === 0) await admin.query('CREATE DATABASE parley');
  await admin.end();
  const database = postgres.url('parley');
  console.log(`PostgreSQL ${database} (cluster in ${postgres.dir})`);

  for (const [index, nodeId] of ['node-1', 'node-2'].entries()) {
    nodes.push(
      await startServeNode({
        nodeId,
        port: firstPort === 0 ? 0 : firstPort + index,
        dataDir: join(dir, nodeId),
        database,
        mediaDir: join(dir, 'media'),
        env: {
          PARLEY_APP_ID: credentials.appId,
          PARLEY_APP_SECRET: credentials.appSecret,
          PARLEY_SERVER_KEY: credentials.serverKey,
        },
        logFile: join(dir, `${nodeId}.log`),
      }),
    );
    console.log(`${nodeId}: ${nodes[index]!.url} (log in ${join(dir, `${nodeId}.log`)})`);
  }
  await showScaleOut(nodes);
  const read = (key: string) => `$(node -p "require('${credentialsFile}').${key}")`;
  console.log(`
Both nodes serve one deployment. Try it:
  export PARLEY_APP_ID=${read('appId')} PARLEY_APP_SECRET=${read('appSecret')}
  PARLEY_BASE_URL=${nodes[0]!.url} ./bin/parley conversations list
  PARLEY_BASE_URL=${nodes[1]!.url} ./bin/parley conversations list   # the same list
Ctrl-C stops both nodes and PostgreSQL; the data stays in ${dir}.`);
} catch (error) {
  await stopAll();
  throw error;
}

/** Text jobs sent alternately to each node: who ran each, and each conversation read from the other node. */
async function showScaleOut(nodes: ServeNode[]): Promise<void> {
  const token = await requestJson(nodes[0]!.url, 'POST', '/oauth2/token:generate', {
    type: 'application',
    ...credentials,
  }).then((body) => body.accessToken as string);
  const jobs = await Promise.all(
    Array.from({ length: 6 }, async (_, i) => {
      const via = nodes[i % nodes.length]!;
      const body = await requestJson(
        via.url,
        'POST',
        '/v1/process/text',
        {
          name: `demo ${i + 1}`,
          messages: [
            {
              payload: { content: `Ana, please send the renewal quote by Friday (${i + 1}).` },
              from: { name: 'Ben' },
            },
            { payload: { content: 'Sure, I will send it tomorrow morning.' }, from: { name: 'Ana' } },
          ],
        },
        token,
      );
      return { via, jobId: body.jobId as string, conversationId: body.conversationId as string };
    }),
  );
  console.log('\njob  submitted to  ran on   messages read from the other node');
  for (const job of jobs) {
    const other = nodes.find((node) => node !== job.via)!;
    for (;;) {
      const status = (await requestJson(other.url, 'GET', `/v1/job/${job.jobId}`, undefined, token)).status;
      if (status === 'completed' || status === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const ranOn = nodes.find((node) =>
      readFileSync(join(dir, `${node.nodeId}.log`), 'utf8')
        .split('\n')
        .some((line) => line.includes('"job.started"') && line.includes(job.jobId)),
    );
    const messages = await requestJson(
      other.url,
      'GET',
      `/v1/conversations/${job.conversationId}/messages`,
      undefined,
      token,
    );
    console.log(
      `${job.jobId.slice(0, 4)} ${job.via.nodeId.padEnd(13)} ${(ranOn?.nodeId ?? '?').padEnd(8)} ${(messages.messages as unknown[]).length} (${other.nodeId})`,
    );
  }
}
