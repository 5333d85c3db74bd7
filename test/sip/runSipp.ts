import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A free UDP port on 127.0.0.1 (bound, read and released; good enough on loopback). */
export async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** A running sipp far end. */
export interface SippPeer {
  /** `sip:service@127.0.0.1:<port>` */
  uri: string;
  port: number;
  /** sipp's exit code once it ends (0: the scenario ran to its end). */
  exited: Promise<number | null>;
  /** Kills sipp if still running and removes its scenario directory. */
  stop(): Promise<void>;
}

/** Starts sipp as a UAS for one call with `scenarioXml` on loopback, SIP and media on free ports. */
export async function runSipp(scenarioXml: string, extraArgs: string[] = []): Promise<SippPeer> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-sipp-'));
  const file = join(dir, 'scenario.xml');
  writeFileSync(file, scenarioXml);
  const port = await freeUdpPort();
  const mediaPort = await freeUdpPort();
  const args = [
    '-sf',
    file,
    '-i',
    '127.0.0.1',
    '-mi',
    '127.0.0.1',
    '-p',
    String(port),
    '-mp',
    String(mediaPort),
  ];
  const child: ChildProcess = spawn(
    'sipp',
    [...args, '-m', '1', '-nostdin', '-timeout', '60s', ...extraArgs],
    {
      cwd: dir,
      stdio: 'ignore',
    },
  );
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
  // sipp is listening once it has bound; Parley's INVITE retransmissions cover the gap anyway.
  await new Promise((resolve) => setTimeout(resolve, 150));
  return {
    uri: `sip:service@127.0.0.1:${port}`,
    port,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
