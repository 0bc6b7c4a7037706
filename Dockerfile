# The station software as an image: `docker run ocpp-station run --csms wss://...` for one
# virtual station, `... fleet --count 2000 --shard 3/8 --csms ...` for one shard of a fleet
# (deploy/fleet-indexed-job.yaml runs the shards as a Kubernetes Indexed Job).

FROM node:20-bookworm-slim AS build
# better-sqlite3 compiles its native addon from source.
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
COPY scripts ./scripts
COPY schemas ./schemas
COPY device-model ./device-model
COPY src ./src
COPY test ./test
COPY bench ./bench
RUN npm ci --no-audit --no-fund && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/schemas ./schemas
COPY --from=build /app/device-model ./device-model
# Durable state (--data-dir) lives in a volume; the process runs unprivileged.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
# 8180: dashboard and control API; 9464: Prometheus /metrics of a fleet (--metrics-port).
EXPOSE 8180 9464
ENTRYPOINT ["node", "dist/src/cli/main.js"]
CMD ["run", "--data-dir", "/data/station", "--http", "8180"]
