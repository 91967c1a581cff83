import type { IncomingMessage, ServerResponse } from 'node:http';
import { HEALTH_PATHS } from '../config';
import type { GatewayMetrics } from '../observability/metrics';
import type { Readiness } from '../observability/readiness';
import type { RequestRecord } from '../observability/request-record';
import { sendRefusal } from '../error-responses';
import { refusals } from '../errors';

/**
 * The endpoints the platform calls rather than apps: liveness, readiness and metrics. They are
 * answered before CORS and GraphQL, so CSRF prevention and CORS never refuse a probe or a scrape
 * (and no CORS header lets a page on another origin read them); the handler has already set
 * Cache-Control: no-store and X-Request-Id.
 */

export interface OperationalRoutes {
  /** Answers the request if its path is one of these endpoints; true when it did. */
  serve(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    record: RequestRecord,
  ): Promise<boolean>;
}

export interface OperationalRoutesOptions {
  readiness: Readiness;
  /** Absent when METRICS_ENABLED=false: the path is then not found, like any other. */
  metrics?: { path: string; metrics: GatewayMetrics };
}

function sendJson(res: ServerResponse, status: number, body: object): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

export function createOperationalRoutes(options: OperationalRoutesOptions): OperationalRoutes {
  const { readiness, metrics } = options;
  const paths = new Set<string>([HEALTH_PATHS.live, HEALTH_PATHS.ready]);
  if (metrics) paths.add(metrics.path);

  return {
    async serve(req, res, path, record) {
      if (!paths.has(path)) return false;
      const method = req.method ?? 'GET';
      if (method !== 'GET' && method !== 'HEAD') {
        sendRefusal(res, refusals.methodNotAllowed(method, 'GET or HEAD', 'GET, HEAD'), record);
        return true;
      }
      if (path === HEALTH_PATHS.live) {
        // Liveness: the process serves HTTP. Nothing upstream, or a ThoughtSpot outage would
        // restart every replica.
        sendJson(res, 200, { status: 'ok' });
      } else if (path === HEALTH_PATHS.ready) {
        const result = await readiness.check();
        if (result.ready) sendJson(res, 200, { status: 'ready' });
        else sendJson(res, 503, { status: 'not ready', reason: result.reason });
      } else if (metrics) {
        const text = await metrics.metrics.render();
        res.statusCode = 200;
        res.setHeader('content-type', metrics.metrics.contentType);
        res.end(text);
      }
      return true;
    },
  };
}
