# syntax=docker/dockerfile:1
# HEAN: one image with the dashboard (Next, built here) and the custom server (server/main.ts, run
# with tsx). Embedded PGlite data lives in the /app/data volume; set DATABASE_URL to use PostgreSQL
# instead (docker-compose.yml does).
#
#   docker build -t hean .
#   docker run -p 3000:3000 -v hean-data:/app/data hean

FROM node:20-bookworm-slim AS base
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 \
    CHECKPOINT_DISABLE=1 \
    PRISMA_HIDE_UPDATE_MESSAGE=1

# --- deps: every dependency, dev ones included (the build needs them) -----------------------------
FROM base AS deps
COPY package.json package-lock.json ./
# npm ci runs the postinstall (prisma generate), which reads these.
COPY prisma.config.ts ./
COPY prisma ./prisma
COPY scripts/prisma-generate.mjs ./scripts/prisma-generate.mjs
RUN npm ci --no-audit --no-fund

# --- build: Prisma client, Next production build, then drop dev dependencies -----------------------
FROM deps AS build
COPY . .
RUN node scripts/prisma-generate.mjs
RUN NODE_ENV=production npx --no-install next build
RUN npm prune --omit=dev --no-audit --no-fund && rm -rf .next/cache

# --- runtime ------------------------------------------------------------------------------------
FROM base AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    PGLITE_DATA_DIR=/app/data/pglite
COPY --from=build /app ./
# The app's files stay owned by root; the server may write only its data and Next's cache.
RUN mkdir -p /app/data /app/.next/cache \
    && chown -R node:node /app/data /app/.next/cache
USER node
EXPOSE 3000
VOLUME ["/app/data"]
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1 (no npm/npx wrapper), so `docker stop`'s SIGTERM reaches the server's
# shutdown handler directly. `--import tsx` is what `tsx server/main.ts` does, in one process.
CMD ["node", "--import", "tsx", "server/main.ts"]
