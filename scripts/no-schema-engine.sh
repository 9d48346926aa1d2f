#!/usr/bin/env bash
# Placeholder schema engine for `prisma generate`, which never calls it: keeps the CLI from trying
# to download the native engine (no network here). Migrations are authored with
# ../shared/tools/prisma-offline-engine (see README) and applied at start by server/db/migrate.ts.
echo "no schema engine here: set PRISMA_SCHEMA_ENGINE_BINARY to the offline engine shim" >&2
exit 1
