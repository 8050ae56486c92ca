# syntax=docker/dockerfile:1
# TableTalk dashboard: Angular production build served by nginx, which also proxies /api to the API.
# Build from the repository root: docker build -f docker/dashboard.Dockerfile .
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
RUN npm ci --workspace dashboard --include-workspace-root=false --no-audit --no-fund
COPY openapi.yaml openapi.yaml
COPY dashboard dashboard
RUN npm run build -w dashboard

FROM nginxinc/nginx-unprivileged:1.27-alpine AS runtime
COPY docker/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /app/dashboard/dist/dashboard/browser /usr/share/nginx/html
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD wget -qO- http://127.0.0.1:8080/ >/dev/null || exit 1
