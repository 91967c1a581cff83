import type { ApiName } from './options';
import { API_NAMES } from './options';
import { createFloor } from './floor';

/**
 * `node dist-bench/floor-process.js <upstream URL> <api>`: the floor (floor.ts) in a process of its
 * own. Connection reuse as the gateway's: UPSTREAM_HTTP1_KEEP_ALIVE=true reuses, anything else not.
 */

const [upstream, api] = process.argv.slice(2);
if (upstream === undefined || !API_NAMES.includes(api as ApiName)) {
  process.stderr.write(`usage: floor-process.js <upstream URL> <${API_NAMES.join('|')}>\n`);
  process.exit(2);
}
createFloor(upstream, api as ApiName, process.env.UPSTREAM_HTTP1_KEEP_ALIVE === 'true')
  .then(async (floor) => {
    const url = await floor.listen();
    process.stdout.write(`floor listening on ${url}\n`);
    process.once('SIGTERM', () => {
      void floor.close().finally(() => process.exit(0));
    });
  })
  .catch((error: unknown) => {
    process.stderr.write(`floor: cannot start: ${String(error)}\n`);
    process.exit(1);
  });
