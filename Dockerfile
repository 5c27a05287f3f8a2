# syntax=docker/dockerfile:1.7
# Multi-stage: build once, then a runtime image with production dependencies only (runs as
# the unprivileged `node` user), and an nginx image serving the built dashboard.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY schema/package.json schema/
COPY core/package.json core/
COPY analytics/package.json analytics/
COPY ingest/package.json ingest/
COPY stream-processors/package.json stream-processors/
COPY api/package.json api/
COPY cli/package.json cli/
COPY bench/package.json bench/
COPY scripts/package.json scripts/
COPY dashboard/package.json dashboard/
COPY testkit/package.json testkit/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx tsc -b && npm run build -w @tickstream/dashboard --if-present \
  && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 8080 9464
ENTRYPOINT ["node", "cli/dist/main.js"]
CMD ["start"]

FROM nginxinc/nginx-unprivileged:1.27-alpine AS dashboard
COPY --from=build /app/dashboard/dist /usr/share/nginx/html
COPY <<'NGINX' /etc/nginx/conf.d/default.conf
server {
  listen 8080;
  root /usr/share/nginx/html;
  location / { try_files $uri /index.html; }
  location /graphql {
    proxy_pass http://api:8080;
    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection "upgrade";
    proxy_read_timeout 1h;
  }
  location /api/ { proxy_pass http://api:8080; }
}
NGINX
EXPOSE 8080
