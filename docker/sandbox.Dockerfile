# syntax=docker/dockerfile:1
# The Vonage sandbox (Verify, Messages, Meetings, Conversations, Client SDK real time), for the compose demo.
# Build from the repository root: docker build -f docker/sandbox.Dockerfile .
FROM node:24-bookworm-slim AS build
WORKDIR /app
# Every workspace's package.json: npm ci checks the whole lockfile (docker/docker.test.mjs keeps this list complete).
COPY package.json package-lock.json ./
COPY api/package.json api/package.json
COPY dashboard/package.json dashboard/package.json
COPY sandbox/package.json sandbox/package.json
COPY e2e/package.json e2e/package.json
COPY bench/package.json bench/package.json
COPY client/package.json client/package.json
RUN npm ci --workspace sandbox --include-workspace-root=false --no-audit --no-fund
COPY sandbox sandbox
RUN npm run build -w sandbox && npm prune --omit=dev --workspace sandbox --include-workspace-root=false

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production SANDBOX_PORT=3100 SANDBOX_HOST=0.0.0.0
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules node_modules
COPY --from=build --chown=node:node /app/sandbox/package.json sandbox/package.json
COPY --from=build --chown=node:node /app/sandbox/dist sandbox/dist
COPY --from=build --chown=node:node /app/package.json package.json
USER node
WORKDIR /app/sandbox
EXPOSE 3100
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.SANDBOX_PORT+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/main.js"]
