/* eslint-disable no-console -- a command-line program talks on the console */
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import { Pool } from 'undici';

/**
 * What each way of talking to ThoughtSpot costs the gateway: CPU per call and calls a second, with
 * undici's dispatch API and a handler like the gateway's, against a local upstream in a process of
 * its own (its CPU is not counted). The ways, run in turn in every round on the same machine:
 *
 *   http-keepalive   HTTP/1.1, connections reused (what the gateway did before issue 13)
 *   http-percall     HTTP/1.1, one request per connection (`reset: true`: Connection: close)
 *   https-keepalive  the same two over TLS, undici's TLS session cache on (abbreviated handshakes)
 *   https-percall
 *   https-h2         HTTP/2 negotiated by ALPN (`allowH2`), one stream at a time per connection
 *   https-h2-mux     the same, up to 100 streams at once per connection (`pipelining: 100`)
 *
 * Usage: npx tsc -p tsconfig.bench.json && node dist-bench/upstream-transport.js [seconds] [rounds]
 * [concurrency]. Needs openssl, for a throw-away certificate in a temporary folder.
 */

const SECONDS = Number(process.argv[2] ?? 5);
const ROUNDS = Number(process.argv[3] ?? 5);
const CONCURRENCY = Number(process.argv[4] ?? 16);

// The upstream: one server that answers every request like GET /session, with two cookies.
const UPSTREAM = `
const fs = require('node:fs');
const [kind, dir] = process.argv.slice(1);
const body = JSON.stringify({ userGUID: '59481331-ee53-42be-a548-bd87be6ddd4a', userName: 'analyst',
  userDisplayName: 'Analyst', currentOrgId: 0, privileges: ['USERDATAUPLOADING', 'DATADOWNLOADING'] });
const answer = (req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body),
      'set-cookie': ['JSESSIONID=a1b2c3d4e5f6; Path=/; HttpOnly', 'clientId=f0e1d2c3; Path=/; Secure'] });
    res.end(body);
  });
};
const tls = kind === 'http' ? undefined : { key: fs.readFileSync(dir + '/key.pem'), cert: fs.readFileSync(dir + '/cert.pem') };
const server = kind === 'http' ? require('node:http').createServer({ keepAlive: true }, answer)
  : kind === 'https' ? require('node:https').createServer(tls, answer)
  : require('node:http2').createSecureServer({ ...tls, allowHTTP1: true }, answer);
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log('listening ' + server.address().port));
`;

interface Variant {
  name: string;
  server: 'http' | 'https' | 'h2';
  reset: boolean;
  allowH2: boolean;
  pipelining: number;
}

const VARIANTS: Variant[] = [
  { name: 'http-keepalive', server: 'http', reset: false, allowH2: false, pipelining: 1 },
  { name: 'http-percall', server: 'http', reset: true, allowH2: false, pipelining: 1 },
  { name: 'https-keepalive', server: 'https', reset: false, allowH2: false, pipelining: 1 },
  { name: 'https-percall', server: 'https', reset: true, allowH2: false, pipelining: 1 },
  { name: 'https-h2', server: 'h2', reset: false, allowH2: true, pipelining: 1 },
  { name: 'https-h2-mux', server: 'h2', reset: false, allowH2: true, pipelining: 100 },
];

function startUpstream(kind: string, dir: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['-e', UPSTREAM, kind, dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => {
      const port = Number(/listening (\d+)/.exec(chunk.toString())?.[1]);
      if (Number.isInteger(port)) resolve({ child, port });
      else reject(new Error(`upstream said ${chunk.toString()}`));
    });
    child.once('exit', (code) => reject(new Error(`upstream exited ${code}`)));
  });
}

/** One call as the gateway makes it: dispatch with a handler that collects the body. */
function callOnce(pool: Pool, reset: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let status = 0;
    const handler: Dispatcher.DispatchHandler = {
      // Its presence tells undici this is a handler of the controller API, as the gateway's is.
      onRequestStart() {},
      onResponseStart(_c, statusCode) {
        status = statusCode;
      },
      onResponseData(_c, chunk) {
        chunks.push(chunk);
      },
      onResponseEnd() {
        JSON.parse(Buffer.concat(chunks).toString('utf8'));
        if (status === 200) resolve();
        else reject(new Error(`status ${status}`));
      },
      onResponseError(_c, error) {
        reject(error);
      },
    };
    pool.dispatch(
      {
        method: 'GET',
        path: '/tspublic/rest/v2/session',
        headers: { accept: 'application/json', authorization: 'Bearer x'.repeat(20) },
        reset,
      },
      handler,
    );
  });
}

function timeWaitSockets(): number {
  try {
    return execFileSync('ss', ['-tanH', 'state', 'time-wait'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean).length;
  } catch {
    return -1;
  }
}

async function measure(variant: Variant, port: number, ca: Buffer) {
  const scheme = variant.server === 'http' ? 'http' : 'https';
  const pool = new Pool(`${scheme}://127.0.0.1:${port}`, {
    connections: 64,
    pipelining: variant.pipelining,
    allowH2: variant.allowH2,
    connect: { ca, servername: 'localhost' },
  });
  // Warm-up: connections open, TLS sessions cached, code optimised.
  const end = async (until: number) => {
    let calls = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < until) {
          await callOnce(pool, variant.reset);
          calls++;
        }
      }),
    );
    return calls;
  };
  await end(performance.now() + 1000);
  const before = process.cpuUsage();
  const start = performance.now();
  const calls = await end(start + SECONDS * 1000);
  const elapsed = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(before);
  await pool.close();
  return {
    cpuMsPerCall: (cpu.user + cpu.system) / 1000 / calls,
    rps: calls / elapsed,
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'upstream-bench-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const ca = readFileSync(join(dir, 'cert.pem'));
    const results = new Map<string, { cpu: number[]; rps: number[] }>();
    for (let round = 1; round <= ROUNDS; round++) {
      for (const variant of VARIANTS) {
        const { child, port } = await startUpstream(variant.server, dir);
        try {
          const r = await measure(variant, port, ca);
          const entry = results.get(variant.name) ?? { cpu: [], rps: [] };
          entry.cpu.push(r.cpuMsPerCall);
          entry.rps.push(r.rps);
          results.set(variant.name, entry);
          console.log(
            `round ${round} ${variant.name.padEnd(16)} ${r.cpuMsPerCall.toFixed(3)} CPU ms/call  ${r.rps.toFixed(0)} calls/s  TIME_WAIT ${timeWaitSockets()}`,
          );
        } finally {
          child.kill();
        }
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    console.log(
      `\nmedians over ${ROUNDS} rounds of ${SECONDS} s, ${CONCURRENCY} concurrent calls:`,
    );
    for (const [name, { cpu, rps }] of results)
      console.log(
        `${name.padEnd(16)} ${median(cpu).toFixed(3)} CPU ms/call  ${median(rps).toFixed(0)} calls/s`,
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
