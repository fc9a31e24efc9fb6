#!/usr/bin/env bash
# Builds one connector's worker image from docker/Dockerfile with buildah, then checks it:
# it runs as a non-root user, holds that connector's package and no other, and its entrypoint
# starts a worker that consumes the connector's queue (against PostgreSQL and Redis on this
# machine and an SQS emulator started here on loopback) and drains on SIGTERM.
#
#   npm run image:build -- stripe                  # or: bash scripts/build-image.sh stripe
#   npm run image:build -- stripe --with http      # routes that call http's actions need it inside
#   options: --node-image REF   Node LTS base (default node:22-bookworm-slim; a local base is
#                               built when no container registry can be reached)
#            --tag NAME         image name (default localhost/hub-worker-<connector>:dev)
#            --no-run           skip the start-up check (no PostgreSQL/Redis here)
# Not part of `npm test`: a cold build takes minutes. Exits non-zero when a check fails.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DEFAULT_NODE_IMAGE=docker.io/library/node:22-bookworm-slim

usage() { sed -n '6,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

connector='' with=() node_image='' tag='' run_check=1
while [ $# -gt 0 ]; do
  case "$1" in
    --with) with+=("${2:?--with needs a connector id}"); shift 2 ;;
    --node-image) node_image=${2:?}; shift 2 ;;
    --tag) tag=${2:?}; shift 2 ;;
    --no-run) run_check=0; shift ;;
    -h|--help) usage ;;
    -*) echo "unknown option $1" >&2; usage ;;
    *) [ -z "$connector" ] || usage; connector=$1; shift ;;
  esac
done
[ -n "$connector" ] || usage
for id in "$connector" "${with[@]}"; do
  [ -f "$REPO/connectors/$id/package.json" ] || { echo "no connector package at connectors/$id" >&2; exit 2; }
done
tag=${tag:-localhost/hub-worker-$connector:dev}

log() { printf '\n== %s\n' "$*" >&2; }

need_tool() { # command, Debian package
  command -v "$1" >/dev/null && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing $2 (Debian package)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y "$2" >/dev/null || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y "$2" >/dev/null; }
  else
    echo "$1 is missing: install the Debian package $2" >&2; exit 1
  fi
}
need_tool buildah buildah

image_exists() { buildah inspect --type image "$1" >/dev/null 2>&1; }

# A Node base for registries we cannot reach: Debian of the host's own release (debootstrap,
# from the host's apt mirror) plus the host's Node.js and npm, which were built for that release,
# and a `node` user with uid 1000 as in the official node images.
build_local_base() {
  local name=$1 codename mirror node_bin npm_dir ctr mnt ca_bundle
  need_tool debootstrap debootstrap
  codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
  mirror=${DEBIAN_MIRROR:-$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n1)}
  node_bin=$(readlink -f "$(command -v node)")
  npm_dir=$(cd "$(dirname "$(readlink -f "$(command -v npm)")")/.." && pwd)
  log "building local base $name: debootstrap $codename + Node $(node -v) from this host"
  ctr=$(buildah from scratch)
  mnt=$(buildah mount "$ctr")
  debootstrap --variant=minbase "$codename" "$mnt" ${mirror:+"$mirror"} >/tmp/hub-image-debootstrap.log 2>&1 \
    || { echo "debootstrap failed; see /tmp/hub-image-debootstrap.log" >&2; exit 1; }
  install -D -m 0755 "$node_bin" "$mnt/usr/local/bin/node"
  mkdir -p "$mnt/usr/local/lib/node_modules"
  cp -a "$npm_dir" "$mnt/usr/local/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$mnt/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$mnt/usr/local/bin/npx"
  chroot "$mnt" groupadd --gid 1000 node
  chroot "$mnt" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
  rm -rf "$mnt"/var/cache/apt/archives/*.deb "$mnt"/var/lib/apt/lists/* "$mnt"/tmp/*
  # The host's trusted CAs (a TLS-inspecting proxy's among them) so that npm inside reaches the
  # registry as it does here; a stand-in base trusts what its host trusts.
  ca_bundle=${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}
  ca_env=()
  if [ -f "$ca_bundle" ]; then
    install -D -m 0644 "$ca_bundle" "$mnt/etc/ssl/certs/ca-certificates.crt"
    ca_env=(--env NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt)
  fi
  buildah umount "$ctr" >/dev/null
  buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "${ca_env[@]}" \
    --env NODE_VERSION="$(node -v | tr -d v)" --cmd node --label io.hub.local-base=true "$ctr"
  buildah commit --quiet --rm "$ctr" "$name" >/dev/null
}

if [ -z "$node_image" ]; then
  node_image=$DEFAULT_NODE_IMAGE
  if ! image_exists "$node_image"; then
    log "pulling $node_image"
    if ! timeout 90 buildah pull --quiet "$node_image" >/dev/null 2>/tmp/hub-image-pull.log; then
      echo "no container registry reachable ($(tail -n1 /tmp/hub-image-pull.log | cut -c1-160)); using a local base" >&2
      node_image=localhost/hub-node-base:$(. /etc/os-release && echo "$VERSION_CODENAME")-node$(node -v | tr -d v)
      image_exists "$node_image" || build_local_base "$node_image"
    fi
  fi
fi

# Some hosts (cgroup v1/hybrid, as on this project's machines) cannot run OCI containers; buildah's
# chroot isolation still runs RUN steps and the checks there. BUILDAH_ISOLATION chooses explicitly.
if [ -z "${BUILDAH_ISOLATION:-}" ]; then
  probe=$(buildah from --quiet "$node_image")
  if ! buildah run "$probe" -- true >/dev/null 2>&1; then
    export BUILDAH_ISOLATION=chroot
    echo "OCI runtime unusable here; buildah uses chroot isolation" >&2
  fi
  buildah rm "$probe" >/dev/null
fi

log "building $tag (connector $connector${with[*]:+, with ${with[*]}}) on $node_image"
build_start=$SECONDS
buildah bud --layers --quiet --network host -f "$REPO/docker/Dockerfile" --target worker \
  --build-arg NODE_IMAGE="$node_image" --build-arg CONNECTOR="$connector" --build-arg WITH_CONNECTORS="${with[*]}" \
  -t "$tag" "$REPO" >/dev/null
echo "built in $((SECONDS - build_start)) s" >&2

# ---- checks -------------------------------------------------------------------------------
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok:   $*"; }

ctr=$(buildah from --quiet "$tag")
cleanup() {
  [ -n "${sqs_pid:-}" ] && kill "$sqs_pid" 2>/dev/null
  buildah rm "$ctr" >/dev/null 2>&1 || true
}
trap cleanup EXIT

inspect_json=$(buildah inspect --type image "$tag")
config() { node -e 'const v = JSON.parse(process.argv[1]).OCIv1.config[process.argv[2]]; console.log(typeof v === "string" ? v : JSON.stringify(v ?? null))' "$inspect_json" "$1"; }
user=$(config User)
entrypoint=$(config Entrypoint)
cmd=$(config Cmd)
size=$(buildah images --format '{{.Size}}' "$tag" | head -n1)
uid_inside=$(buildah run "$ctr" -- id -u 2>/dev/null || echo '?')

echo
echo "image       $tag"
echo "base        $node_image"
echo "size        $size"
echo "user        Config.User=${user:-<unset>}, id -u inside: $uid_inside"
echo "entrypoint  $entrypoint"
echo "cmd         $cmd"

case "$user" in ''|0|0:*|root|root:*) fail "image runs as root (Config.User '${user}')" ;; *) ok "Config.User is not root" ;; esac
[[ "$uid_inside" =~ ^[0-9]+$ ]] && [ "$uid_inside" != 0 ] && ok "id -u inside is $uid_inside" || fail "id -u inside is '$uid_inside'"

mnt=$(buildah mount "$ctr")
expected=$(for id in "$connector" "${with[@]}"; do node -p "require('$REPO/connectors/$id/package.json').name"; done | sort -u)
# A connector package: one under connectors/, or any installed package whose package.json has
# the "hub" field that the catalog's discovery looks for.
inside=$(for pkg in "$mnt"/app/connectors/*/package.json "$mnt"/app/node_modules/*/package.json "$mnt"/app/node_modules/@*/*/package.json; do
  [ -f "$pkg" ] || continue
  node -e 'const p = require(process.argv[1]); if (p.hub || process.argv[1].includes("/app/connectors/")) console.log(p.name)' "$pkg"
done | sort -u)
echo "connectors  $(echo $inside)"
[ "$inside" = "$expected" ] && ok "connector packages are exactly: $(echo $expected)" || fail "connector packages inside: '$(echo $inside)', expected '$(echo $expected)'"
[ -f "$mnt/app/apps/cli/dist/main.js" ] && ok "hub CLI is built" || fail "apps/cli/dist/main.js is missing"
buildah umount "$ctr" >/dev/null

# The first `node` process below a pid (the container's PID 1 behind buildah's own processes).
node_descendant() {
  local queue=("$1") pid child
  while [ ${#queue[@]} -gt 0 ]; do
    pid=${queue[0]}; queue=("${queue[@]:1}")
    for child in $(cat /proc/"$pid"/task/*/children 2>/dev/null); do
      [ "$(cat /proc/"$child"/comm 2>/dev/null)" = node ] && { echo "$child"; return; }
      queue+=("$child")
    done
  done
}

# Start the image's own entrypoint (as its own user) against this machine's services, wait for
# the worker to say it consumes, then SIGTERM it and expect a clean drain.
if [ "$run_check" = 1 ]; then
  sqs_out=$(mktemp)
  (cd "$REPO" && exec node -e "
    import('fauxqs').then(async ({ startFauxqs }) => {
      const s = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false });
      console.log(s.port);
    });") >"$sqs_out" 2>&1 &
  sqs_pid=$!
  for _ in $(seq 1 100); do grep -qE '^[0-9]+$' "$sqs_out" && break; sleep 0.1; done
  sqs_port=$(head -n1 "$sqs_out")
  [[ "$sqs_port" =~ ^[0-9]+$ ]] || { fail "SQS emulator did not start: $(cat "$sqs_out")"; sqs_port=''; }
  if [ -n "$sqs_port" ]; then
    run_log=$(mktemp)
    mapfile -t entry < <(node -e 'for (const a of [...(JSON.parse(process.argv[1]) ?? []), ...(JSON.parse(process.argv[2]) ?? [])]) console.log(a)' "$entrypoint" "$cmd")
    buildah run --network host \
      --env DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/hub}" \
      --env REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}" \
      --env SQS_ENDPOINT="http://127.0.0.1:$sqs_port" \
      --env HUB_QUEUE_PREFIX="image-check-$$-" --env HUB_METRICS_PORT=0 --env HUB_RECEIVE_WAIT_S=1 \
      "$ctr" -- "${entry[@]}" >"$run_log" 2>&1 &
    run_pid=$!
    started=0
    for _ in $(seq 1 600); do
      grep -q 'worker consuming' "$run_log" && { started=1; break; }
      kill -0 "$run_pid" 2>/dev/null || break
      sleep 0.1
    done
    if [ "$started" = 1 ]; then
      ok "entrypoint started a worker: $(grep -o '"connectors":\[[^]]*\]' "$run_log" | head -n1)"
      # `buildah run` does not pass SIGTERM on (it kills its child), so signal the container's
      # node process itself, as a container runtime does on `stop`.
      node_pid=$(node_descendant "$run_pid")
      if [ -n "$node_pid" ]; then kill -TERM "$node_pid"; else fail "no node process under buildah run"; kill -TERM "$run_pid"; fi
      if wait "$run_pid"; then ok "worker drained on SIGTERM and exited 0"; else fail "worker exited $? after SIGTERM"; fi
    else
      kill -KILL "$run_pid" 2>/dev/null || true
      wait "$run_pid" 2>/dev/null || true
      fail "the worker did not report 'worker consuming'; its output:"
      sed 's/^/      /' "$run_log" | tail -n 30
    fi
    rm -f "$run_log"
  fi
  rm -f "$sqs_out"
fi

echo
if [ "$failures" -gt 0 ]; then echo "$failures check(s) failed"; exit 1; fi
echo "all checks passed"
