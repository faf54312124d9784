# kesu in a container: `kesu schedule` loads the inbox on its crons, republishes after loads and serves the
# site, with the data dir (inbox, warehouse, snapshot, site) on a volume. No browser or font package is
# installed: `kesu report --pdf` uses the headless chromium and the Noto Sans SC font that come with the
# npm dependencies (@sparticuz/chromium, @fontsource/noto-sans-sc). See README "Deployment".
#
#   docker build -t kesu .
#   docker run -d --name kesu -p 3000:3000 -v kesu-data:/data -e KESU_HMAC_KEY=... kesu

# Dependencies only, without the dev tools (TypeScript runs through tsx, a runtime dependency).
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    OBSERVABLE_TELEMETRY_DISABLE=true \
    KESU_DATA_DIR=/data \
    KESU_TIMEZONE=Asia/Shanghai
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json observablehq.config.ts tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY pipelines ./pipelines
COPY reports ./reports
COPY docs ./docs
# A user of its own; it owns the data dir and nothing else (the site build's state lives in the data dir).
RUN groupadd --system kesu && useradd --system --gid kesu --home-dir /data --shell /usr/sbin/nologin kesu \
    && mkdir -p /data && chown kesu:kesu /data
USER kesu
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=60s --timeout=5s CMD node -e "fetch('http://127.0.0.1:3000/').then(r => process.exit(r.ok || r.status === 404 ? 0 : 1), () => process.exit(1))"
CMD ["node", "bin/kesu.js", "schedule", "--data-dir", "/data", "--out", "/data/dist", "--serve", "--host", "0.0.0.0", "--port", "3000"]
