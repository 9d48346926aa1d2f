#!/usr/bin/env bash
# Fails when prisma/schema and prisma/migrations disagree (needs the offline schema engine shim,
# see README "Changing the data model"). Uses a scratch database on DATABASE_URL's server.
set -euo pipefail
cd "$(dirname "$0")/.."
shim="${PRISMA_SCHEMA_ENGINE_BINARY:-scripts/prisma-offline-engine/schema-engine-shim.mjs}"
if [ ! -f "$shim" ]; then
  echo "[drift] offline schema engine not found at $shim; set PRISMA_SCHEMA_ENGINE_BINARY" >&2
  exit 1
fi
export PRISMA_SCHEMA_ENGINE_BINARY="$(realpath "$shim")"
export DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test}"
npx --no-install prisma migrate diff --from-migrations prisma/migrations --to-schema prisma/schema --exit-code
