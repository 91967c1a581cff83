import { createProxy } from './proxy';

/** `node dist-bench/proxy-process.js <upstream URL>`: the baseline proxy in a process of its own. */

const upstream = process.argv[2];
if (upstream === undefined) {
  process.stderr.write('usage: proxy-process.js <upstream URL>\n');
  process.exit(2);
}
const proxy = createProxy(upstream);
proxy.listen().then(
  (url) => {
    process.stdout.write(`proxy listening on ${url}\n`);
    process.once('SIGTERM', () => {
      void proxy.close().finally(() => process.exit(0));
    });
  },
  (error: unknown) => {
    process.stderr.write(`proxy: cannot listen: ${String(error)}\n`);
    process.exit(1);
  },
);
