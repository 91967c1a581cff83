# The gateway's image: compiled with the dev dependencies, run with the production dependencies
# only, as the unprivileged `node` user. No Docker engine runs in CI: test/ops/dockerfile.test.ts
# reads this file and replays its stages in a temporary folder, then starts the CMD and runs the
# HEALTHCHECK. Keep the base image the same in every stage, pinned to an exact Node.js release.

# Production dependencies, installed from the lockfile alone (npm's cache stays in this stage).
FROM node:20.20.2-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# The compiled gateway (dist/), built with the dev dependencies.
FROM node:20.20.2-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build
# The emulator is for development and tests: production never starts it, and the image never has it.
RUN rm -rf dist/emulator

# What runs: production dependencies, dist/ and package.json (the gateway reads its name and version).
FROM node:20.20.2-bookworm-slim AS runtime
# The heap, sized for a 160 MB container (docs/performance.md, Memory): the old generation capped at
# 128 MB (what `npm run flood`'s hostile documents are bounded to), the young one at 4 MB semi-spaces
# (by default up to 16 MB each, which fill with garbage under load before a scavenge). Override with
# -e NODE_OPTIONS=... for a larger limit.
ENV NODE_ENV=production NODE_OPTIONS="--max-old-space-size=128 --max-semi-space-size=4"
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
USER node
EXPOSE 4000
# Liveness from inside the container, without curl (the slim image has none): node itself.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "require('http').get({host:'127.0.0.1',port:process.env.PORT||4000,path:'/healthz',timeout:4000},(r)=>process.exit(r.statusCode===200?0:1)).on('timeout',function(){this.destroy()}).on('error',()=>process.exit(1))"]
# Exec form: node is PID 1 and gets SIGTERM itself, for the graceful shutdown (SHUTDOWN_GRACE_MS).
CMD ["node", "dist/index.js"]
