#!/usr/bin/env bash
# Run N SeqLab replicas (`streamlit run` on ports BASE+1..BASE+N) behind nginx on PORT, with
# sticky sessions (deploy/nginx.conf), in the foreground; Ctrl-C stops them all.
# Usage: deploy/replicas.sh [N=2] [PORT=8080] [ADDRESS=127.0.0.1]
# Env: SEQLAB_BASE_PORT (default PORT+420, so 8501.. for PORT 8080), SEQLAB_RUN_DIR (logs,
# nginx's files and replicas.pids; default a new temporary folder).
# Each replica is a whole SeqLab process: budget about 1 GB of memory a replica (BENCHMARKS.md).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-2}
PORT=${2:-8080}
ADDRESS=${3:-127.0.0.1}
BASE=${SEQLAB_BASE_PORT:-$((PORT + 420))}
RUN_DIR=${SEQLAB_RUN_DIR:-$(mktemp -d -t seqlab-replicas.XXXXXX)}
PY=$(command -v python || command -v python3)
command -v nginx >/dev/null || { echo "nginx not found: apt-get install nginx" >&2; exit 1; }
mkdir -p "$RUN_DIR/logs" "$RUN_DIR/temp"

pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT
trap 'exit 0' INT TERM

servers=""
for i in $(seq 1 "$N"); do
  port=$((BASE + i))
  "$PY" -m streamlit run dashboard/app.py --server.headless=true --server.address=127.0.0.1 \
    --server.port="$port" --server.fileWatcherType=none --browser.gatherUsageStats=false \
    >"$RUN_DIR/logs/replica-$i.log" 2>&1 &
  pids+=($!)
  servers+="        server 127.0.0.1:$port;\n"
done

# This file's upstream list and listen address, rewritten for N replicas.
sed -e '/^        server 127\.0\.0\.1:[0-9]*;$/d' \
    -e "s|^        hash \$seqlab_key consistent;|&\n$servers|" \
    -e "s|listen 127\.0\.0\.1:8080;|listen $ADDRESS:$PORT;|" \
    deploy/nginx.conf >"$RUN_DIR/nginx.conf"
nginx -e "$RUN_DIR/logs/error.log" -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf" \
  -g "daemon off; pid $RUN_DIR/nginx.pid;" &
pids+=($!)
printf '%s\n' "${pids[@]}" >"$RUN_DIR/replicas.pids"  # the replicas', then nginx's

for i in $(seq 1 "$N"); do
  until curl -sf "http://127.0.0.1:$((BASE + i))/_stcore/health" >/dev/null; do
    kill -0 "${pids[$((i - 1))]}" 2>/dev/null || { cat "$RUN_DIR/logs/replica-$i.log" >&2; exit 1; }
    sleep 0.2
  done
done
echo "SeqLab: $N replicas behind http://$ADDRESS:$PORT (logs in $RUN_DIR/logs)"
wait -n
