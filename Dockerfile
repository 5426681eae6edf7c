# syntax=docker/dockerfile:1
# One image for every role: the command picks it (api, worker, consumers, vendor).

# --- builder: full dependency tree, compile, then drop dev dependencies ---
FROM node:20-bookworm-slim AS builder
WORKDIR /app

# Manifests first so the dependency layer is cached until they change.
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci

COPY . .
# dist/server (tsc), dist/workflow-bundle.js (prebuilt workflows), dist/web (Vite).
RUN npm run build && npm prune --omit=dev

# --- runtime: compiled output and production dependencies only ---
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    DRUMBEAT_RUNTIME=dist

# Files stay root-owned: the app reads them but never writes them.
COPY --from=builder /app/package.json ./
COPY --from=builder /app/node_modules ./node_modules
COPY --from=builder /app/bin ./bin
COPY --from=builder /app/dist ./dist

USER node
# api listens on PORT (3000); the vendor role on VENDOR_PORT (3100).
EXPOSE 3000 3100
ENTRYPOINT ["node", "bin/drumbeat.js"]
CMD ["api"]
