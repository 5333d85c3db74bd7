/**
 * `npm run bench:cluster`: what a second node buys. In one run, on this machine, three
 * deployments of `parley serve` processes: the single SQLite node (the baseline), one node on
 * PostgreSQL, and two nodes on one PostgreSQL database sharing a media directory. For each:
 * async text jobs per minute (CLUSTER_JOBS jobs of CLUSTER_MESSAGES messages, submitted
 * round-robin through the nodes, until every one completed) and `GET /messages` requests per
 * second (CLUSTER_READERS concurrent readers for CLUSTER_READ_SECONDS, round-robin), printed as
 * ratios to the SQLite node; and where the CPU time went in each phase (the nodes, PostgreSQL's
 * processes, this client). PostgreSQL runs with its default durability (fsync, synchronous
 * commit); SQLite with WAL and synchronous=NORMAL, as the server opens it. The deployments run
 * CLUSTER_ROUNDS times (default 2) in turn and each measure keeps its best round, so a burst of
 * other load on the machine hurts one round, not one deployment. Writes bench/cluster.results.md.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { requestJson } from '../scripts/cluster/requestJson.ts';
import { type ServeNode, startServeNode } from '../scripts/cluster/startServeNode.ts';
import { startLocalPostgres } from '../scripts/postgres/LocalPostgres.ts';

const JOBS = Number(process.env.CLUSTER_JOBS ?? 60);
const MESSAGES = Number(process.env.CLUSTER_MESSAGES ?? 20);
const READERS = Number(process.env.CLUSTER_READERS ?? 8);
const READ_SECONDS = Number(process.env.CLUSTER_READ_SECONDS ?? 10);
const ROUNDS = Number(process.env.CLUSTER_ROUNDS ?? 2);
/** Clock ticks per second of /proc/<pid>/stat's times (100 on Linux). */
const TICKS = 100;

interface Deployment {
  name: string;
  nodes: number;
  postgres: boolean;
}
const deployments: Deployment[] = [
  { name: 'SQLite, 1 node', nodes: 1, postgres: false },
  { name: 'PostgreSQL, 1 node', nodes: 1, postgres: true },
  { name: 'PostgreSQL, 2 nodes', nodes: 2, postgres: true },
];

/** CPU seconds spent in each part during one phase. */
interface CpuSplit {
  nodes: number;
  postgres: number;
  client: number;
}
interface Measure {
  jobsPerMinute: number;
  jobsCpu: CpuSplit;
  readsPerSecond: number;
  reads: number;
  readsCpu: CpuSplit;
}

const app = { appId: randomBytes(16).toString('hex'), appSecret: randomBytes(32).toString('hex') };
/** One server key for every node of a deployment (as operators give them PARLEY_SERVER_KEY). */
const serverKey = randomBytes(32).toString('hex');
const root = mkdtempSync(join(tmpdir(), 'parley-bench-cluster-'));
const loadBefore = loadavg()[0]!;
// A directory of its own: as root, the cluster's directory is handed to the postgres user.
const postgres = await startLocalPostgres({ dir: mkdtempSync(join(tmpdir(), 'parley-bench-pg-')) });
const results = new Map<string, Measure[]>();
const roundTrips: number[] = [];
try {
  roundTrips.push(await roundTripMs());
  for (let round = 0; round < ROUNDS; round++) {
    for (const [index, deployment] of deployments.entries()) {
      const measure = await runDeployment(deployment, `r${round}d${index}`);
      results.set(deployment.name, [...(results.get(deployment.name) ?? []), measure]);
      process.stderr.write(
        `round ${round + 1} ${deployment.name}: ${measure.jobsPerMinute.toFixed(0)} jobs/min, ${measure.readsPerSecond.toFixed(0)} reads/s (load ${loadavg()[0]!.toFixed(1)})\n`,
      );
    }
  }
  roundTrips.push(await roundTripMs());
} finally {
  await postgres.stop({ remove: true });
  rmSync(root, { recursive: true, force: true });
}
const loadAfter = loadavg()[0]!;

const best = new Map(
  [...results].map(([name, rounds]) => [
    name,
    {
      jobs: rounds.reduce((a, b) => (b.jobsPerMinute > a.jobsPerMinute ? b : a)),
      reads: rounds.reduce((a, b) => (b.readsPerSecond > a.readsPerSecond ? b : a)),
    },
  ]),
);
const baseline = best.get(deployments[0]!.name)!;
/** Server CPU (nodes and PostgreSQL) per unit of work, in ms: the least over the rounds. */
const serverMs = (rounds: Measure[], phase: 'jobs' | 'reads') =>
  Math.min(
    ...rounds.map((m) =>
      phase === 'jobs'
        ? ((m.jobsCpu.nodes + m.jobsCpu.postgres) / JOBS) * 1000
        : ((m.readsCpu.nodes + m.readsCpu.postgres) / m.reads) * 1000,
    ),
  );
const baseRounds = results.get(deployments[0]!.name)!;
const cpu = (split: CpuSplit) =>
  `${split.nodes.toFixed(1)} / ${split.postgres.toFixed(1)} / ${split.client.toFixed(1)}`;
const lines = [
  `# bench:cluster (${new Date().toISOString()})`,
  '',
  `Machine: ${cpus().length} cores, Node ${process.version}; load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after (other work shares the machine). ` +
    `${JOBS} text jobs of ${MESSAGES} messages each; ${READERS} readers for ${READ_SECONDS} s; best of ${ROUNDS} rounds. ` +
    `A PostgreSQL round trip (\`SELECT 1\`, median of 200) took ${roundTrips.map((ms) => `${ms.toFixed(2)} ms`).join(' before and ')} after.`,
  '',
  '| deployment | text jobs / min | ratio | CPU s nodes / PostgreSQL / client | GET /messages / s | ratio | CPU s nodes / PostgreSQL / client |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  ...deployments.map(({ name }) => {
    const { jobs, reads } = best.get(name)!;
    return `| ${name} | ${jobs.jobsPerMinute.toFixed(0)} | ${(jobs.jobsPerMinute / baseline.jobs.jobsPerMinute).toFixed(2)}x | ${cpu(jobs.jobsCpu)} | ${reads.readsPerSecond.toFixed(0)} | ${(reads.readsPerSecond / baseline.reads.readsPerSecond).toFixed(2)}x | ${cpu(reads.readsCpu)} |`;
  }),
  '',
  'Server CPU (nodes and PostgreSQL) per unit of work, the least over the rounds: less disturbed by other load than throughput.',
  '',
  '| deployment | CPU ms / text job | ratio | CPU ms / GET /messages | ratio |',
  '| --- | --- | --- | --- | --- |',
  ...deployments.map(({ name }) => {
    const rounds = results.get(name)!;
    const [job, read] = [serverMs(rounds, 'jobs'), serverMs(rounds, 'reads')];
    return `| ${name} | ${job.toFixed(0)} | ${(job / serverMs(baseRounds, 'jobs')).toFixed(2)}x | ${read.toFixed(2)} | ${(read / serverMs(baseRounds, 'reads')).toFixed(2)}x |`;
  }),
  '',
];
process.stdout.write(`${lines.join('\n')}\n`);
writeFileSync(new URL('cluster.results.md', import.meta.url), `${lines.join('\n')}\n`);

async function runDeployment(deployment: Deployment, tag: string): Promise<Measure> {
  const dir = join(root, tag);
  mkdirSync(join(dir, 'media'), { recursive: true });
  let database: string | undefined;
  if (deployment.postgres) {
    await admin(`CREATE DATABASE bench_${tag}`);
    database = postgres.url(`bench_${tag}`);
  }
  const nodes: ServeNode[] = [];
  try {
    for (let i = 0; i < deployment.nodes; i++) {
      nodes.push(
        await startServeNode({
          nodeId: `${tag}-node-${i + 1}`,
          dataDir: join(dir, `node-${i + 1}`),
          ...(database === undefined ? {} : { database, mediaDir: join(dir, 'media') }),
          // Every node of a deployment holds the same server key.
          env: { PARLEY_APP_ID: app.appId, PARLEY_APP_SECRET: app.appSecret, PARLEY_SERVER_KEY: serverKey },
          logFile: join(dir, `node-${i + 1}.log`),
        }),
      );
    }
    const token = (
      await requestJson(nodes[0]!.url, 'POST', '/oauth2/token:generate', { type: 'application', ...app })
    ).accessToken as string;
    const pids = () => [...nodes.map((node) => node.pid)];

    // Jobs: submitted round-robin (waiting out the per-app limit of unfinished jobs), then polled
    // until all are done.
    let cpuStart = cpuNow(pids());
    let started = performance.now();
    const pending = new Map<string, string>();
    const conversations: string[] = [];
    await Promise.all(
      Array.from({ length: JOBS }, async (_, i) => {
        const via = nodes[i % nodes.length]!.url;
        for (;;) {
          const response = await fetch(`${via}/v1/process/text`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify(textJob(i)),
          });
          const body = (await response.json()) as Record<string, string>;
          if (response.status === 201) {
            pending.set(body.jobId!, via);
            conversations.push(body.conversationId!);
            return;
          }
          if (response.status !== 429) throw new Error(`submit: ${response.status} ${JSON.stringify(body)}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }),
    );
    let poll = 0;
    while (pending.size > 0) {
      for (const jobId of [...pending.keys()]) {
        const via = nodes[poll++ % nodes.length]!.url;
        const { status } = await requestJson(via, 'GET', `/v1/job/${jobId}`, undefined, token);
        if (status === 'failed') throw new Error(`job ${jobId} failed`);
        if (status === 'completed') pending.delete(jobId);
      }
      if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const jobSeconds = (performance.now() - started) / 1000;
    const jobsCpu = cpuSince(cpuStart, pids());

    // Reads: READERS loops over the conversations and the nodes for READ_SECONDS.
    cpuStart = cpuNow(pids());
    started = performance.now();
    const until = started + READ_SECONDS * 1000;
    let reads = 0;
    await Promise.all(
      Array.from({ length: READERS }, async (_, reader) => {
        for (let i = reader; performance.now() < until; i += READERS) {
          const via = nodes[i % nodes.length]!.url;
          const conversationId = conversations[i % conversations.length]!;
          const body = await requestJson(
            via,
            'GET',
            `/v1/conversations/${conversationId}/messages`,
            undefined,
            token,
          );
          if ((body.messages as unknown[]).length === 0) throw new Error(`no messages in ${conversationId}`);
          reads++;
        }
      }),
    );
    const readSeconds = (performance.now() - started) / 1000;
    return {
      jobsPerMinute: (JOBS / jobSeconds) * 60,
      jobsCpu,
      readsPerSecond: reads / readSeconds,
      reads,
      readsCpu: cpuSince(cpuStart, pids()),
    };
  } finally {
    await Promise.allSettled(nodes.map((node) => node.stop()));
    if (database !== undefined) await admin(`DROP DATABASE IF EXISTS bench_${tag} WITH (FORCE)`);
  }
}

/** A meeting of MESSAGES lines between two people, varied per job so the NLP has work. */
function textJob(i: number): Record<string, unknown> {
  const lines = [
    'Can you send me the renewal quote by Friday?',
    'Sure, I will send the quote to Ana tomorrow morning.',
    'What discount did we agree on for the second year?',
    'We agreed on ten percent if they sign before the end of the quarter.',
    'I will schedule a follow-up call with their finance team next Tuesday.',
    'Please make sure legal reviews the contract changes first.',
  ];
  return {
    name: `bench ${i}`,
    messages: Array.from({ length: MESSAGES }, (_, m) => ({
      payload: { content: `${lines[(i + m) % lines.length]} (item ${m})`, contentType: 'text/plain' },
      from:
        m % 2 === 0 ? { name: 'Ben', userId: 'ben@example.com' } : { name: 'Ana', userId: 'ana@example.com' },
    })),
  };
}

/** Median time of a trivial query on one connection: what every store call pays at least. */
async function roundTripMs(): Promise<number> {
  const client = new pg.Client({ connectionString: postgres.url() });
  await client.connect();
  try {
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const started = performance.now();
      await client.query('SELECT 1');
      times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b)[100]!;
  } finally {
    await client.end();
  }
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgres.url() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

interface CpuSample {
  nodes: number;
  postgres: number;
  client: number;
}

/** User + system CPU seconds of one process (0 once it is gone). */
function processCpu(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch (error) {
    // Gone (a backend that ended): it counts nothing more.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

/** The postmaster of this run's PostgreSQL and its children (backends, writer, WAL, ...). */
function postgresPids(): number[] {
  const postmaster = Number(
    readFileSync(join(postgres.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0],
  );
  const children = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
      } catch {
        return false;
      }
    })
    .map(Number);
  return [postmaster, ...children];
}

/** CPU seconds so far, per process: backends come and go, so each is diffed on its own. */
function cpuNow(nodePids: number[]): Map<string, number> {
  const sample = new Map<string, number>();
  for (const pid of nodePids) sample.set(`node:${pid}`, processCpu(pid));
  for (const pid of postgresPids()) sample.set(`postgres:${pid}`, processCpu(pid));
  const own = process.cpuUsage();
  sample.set('client', (own.user + own.system) / 1e6);
  return sample;
}

function cpuSince(before: Map<string, number>, nodePids: number[]): CpuSample {
  const after = cpuNow(nodePids);
  const split: CpuSample = { nodes: 0, postgres: 0, client: 0 };
  for (const [key, seconds] of after) {
    const spent = seconds - (before.get(key) ?? 0);
    if (key === 'client') split.client += spent;
    else if (key.startsWith('node:')) split.nodes += spent;
    else split.postgres += spent;
  }
  return split;
}
