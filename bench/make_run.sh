#!/usr/bin/env bash
# How long `make run` takes from a fresh clone to a served login page (new .venv, new
# node_modules, new SQLite database, the demo built). Uses the package registries like a new
# user's machine. Last line: {"seconds_to_first_page", "demo_logins_printed"}.
#
#   bench/make_run.sh [PORT]
set -euo pipefail
port=${1:-8765}
here=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d)
trap 'kill -- -$pid 2>/dev/null || true; rm -rf "$scratch"' EXIT

git clone --quiet "$here" "$scratch/langso"
cd "$scratch/langso"
start=$(date +%s.%N)
set -m
make run PORT="$port" >"$scratch/run.log" 2>&1 &
pid=$!
set +m
until curl -fs -o /dev/null "http://127.0.0.1:$port/accounts/login/"; do
  if ! kill -0 "$pid" 2>/dev/null; then cat "$scratch/run.log"; exit 1; fi
  sleep 0.5
done
end=$(date +%s.%N)
logins=$(grep -c "tinh.sonla\|thanhvien" "$scratch/run.log" || true)
echo "make run: first page after $(echo "$end - $start" | bc) s"
printf '{"seconds_to_first_page": %.1f, "demo_logins_printed": %s}\n' "$(echo "$end - $start" | bc)" "$logins"
