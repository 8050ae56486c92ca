# syntax=docker/dockerfile:1
# TableTalk API: build with the whole workspace, run with production dependencies only, as a non-root user.
# Build from the repository root: docker build -f docker/api.Dockerfile .
FROM node:24-bookworm-slim AS build
WORKDIR /app
# Every workspace's package.json: npm ci checks the whole lockfile (docker/docker.test.mjs keeps this list complete).
COPY package.json package-lock.json nest-cli.json ./
COPY api/package.json api/package.json
COPY dashboard/package.json dashboard/package.json
COPY sandbox/package.json sandbox/package.json
COPY e2e/package.json e2e/package.json
COPY bench/package.json bench/package.json
COPY client/package.json client/package.json
RUN npm ci --workspace api --include-workspace-root=false --no-audit --no-fund
COPY api api
RUN npm run build -w api && npm prune --omit=dev --workspace api --include-workspace-root=false

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules node_modules
COPY --from=build --chown=node:node /app/api/package.json api/package.json
COPY --from=build --chown=node:node /app/api/dist api/dist
COPY --from=build --chown=node:node /app/package.json package.json
USER node
WORKDIR /app/api
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/api/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/main.js"]
