# syntax=docker/dockerfile:1
# Palabre in a container: built in one stage, run from production dependencies only, as a non-root user.
#   docker build -t palabre .
#   docker run -p 3000:3000 -e SECRET=… -e ADMIN_TOKEN=… -v palabre-data:/data palabre
# CI cannot pull base images, so `.ci/run` proves the same steps on the machine itself
# (scripts/smoke-production.mjs copies exactly what the runtime stage copies). Keep the two in step.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm run build:client

# Production dependencies, with a compiler at hand: janode (MEDIA_MODE=sfu) is optional and its Unix-socket
# transport builds a native module; without python3, make and g++ npm skips it silently and SFU mode cannot start.
# The compiler stays in this stage; the runtime gets the installed node_modules only.
FROM node:20-bookworm-slim AS deps
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/client/app/dist ./client/app/dist
RUN mkdir -p /data && chown node:node /data && chmod 700 /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# Ready, not merely alive: 503 while the store (Redis) is unreachable or the process is stopping.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/readyz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1's command: SIGTERM reaches the server, which drains within SHUTDOWN_TIMEOUT_MS (8 s),
# below Docker's 10 s before SIGKILL.
STOPSIGNAL SIGTERM
CMD ["node", "dist/server/main.js"]
