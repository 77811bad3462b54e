#!/usr/bin/env bash
# HTTP benchmark of AccountRegistry. One command, from the repository root:
#
#   bash bench/run.sh                   # BENCH_DURATION=15 s per scenario, about 3-4 minutes in all
#   BENCH_DURATION=10 bash bench/run.sh
#
# What it does (see bench/README.md for the details and caveats):
#   1. installs wrk, curl and jq with apt-get when they are missing;
#   2. copies the sources (src/, the Directory.*.props, global.json; no bin/ obj/ data/) to a work
#      directory and publishes them there in Release, so the build never touches the repository and
#      measures one consistent snapshot of the code;
#   3. measures cold start: process start -> first 201 of a register request (BENCH_COLDSTART_RUNS);
#   4. runs six scenarios, each on a freshly started service with a fresh SQLite directory, in
#      Production mode at its logging defaults (Information: one line per request): a warm-up (BENCH_WARMUP s), then wrk with 2 threads for
#      BENCH_DURATION s, while /proc/<pid>/status VmRSS is sampled every 100 ms;
#        S1 register, Sandbox latency 0 ms, 64 connections
#        S2 register, Sandbox latency 200 ms, 256 connections
#        S3 GET /api/v1/accounts/{id}, 1,000 stored accounts, ids cycling, 64 connections
#        S4 GET /api/v1/accounts?limit=1000, exactly 1,000 stored accounts, 1 connection (BENCH_LIST_CONNECTIONS)
#        S5 GET /health/live, 64 connections (the reference)
#        S6 register with invalid bodies, 64 connections: the costliest bodies the service refuses
#           with a 422, each within the 64 KiB body limit (every response is a 422, none is stored)
#        S7 a burst of BENCH_BURST_SIZE registrations at once against K installs of the terminal
#           simulator (MtApi5 gateway), each login taking T (bench/burst.sh): verified/s against K/T,
#           and how fast the overflow gets its 503
#        S8 the same burst with Prefer: respond-async: the 202s, every job's outcome, the total time
#   5. prints one table and the perf issue's target ratios, and writes bench/results/<timestamp>.json.
#
# Traffic goes to 127.0.0.1 only, and every wrk run is bounded by its duration. Every process the
# script starts is stopped when it ends, fails, or is interrupted (Ctrl+C).
#
# Knobs (environment variables):
#   BENCH_DURATION=15        seconds of each measured wrk run
#   BENCH_WARMUP=5           seconds of each scenario's warm-up (same load, not measured)
#   BENCH_PORT=5391          the service's port on 127.0.0.1 (must be free)
#   BENCH_THREADS=2          wrk threads
#   BENCH_COLDSTART_RUNS=3   cold-start measurements (the median is compared with the target)
#   BENCH_WRK_TIMEOUT=10s    wrk's per-request timeout (a timed-out request is an error, not a latency)
#   BENCH_SCENARIOS="1 2 3 4 5 6"  the scenarios to run, e.g. "S1 S6" (the S is optional)
#   BENCH_WORK_DIR=/tmp/accountregistry-bench  build snapshot, publish output, per-run logs
#   BENCH_BUILD_RETRIES=0    rebuild this many times (after BENCH_BUILD_RETRY_WAIT=60 s) when the
#                            build fails, e.g. because a source file was caught mid-edit
#   BENCH_SKIP_BUILD=1       reuse the last publish output in BENCH_WORK_DIR
#   BENCH_KEEP_DATA=1        keep the SQLite directories of the run (default: deleted at the end)
#   BENCH_LOG_LEVEL=Warning  a Serilog minimum level other than the production default (Information),
#                            e.g. to measure what the request log lines cost; unset by default
set -Eeuo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$BENCH_DIR/.." && pwd)

DURATION=${BENCH_DURATION:-15}
WARMUP=${BENCH_WARMUP:-5}
PORT=${BENCH_PORT:-5391}
THREADS=${BENCH_THREADS:-2}
COLDSTART_RUNS=${BENCH_COLDSTART_RUNS:-3}
WRK_TIMEOUT=${BENCH_WRK_TIMEOUT:-10s}
SCENARIOS=${BENCH_SCENARIOS:-1 2 3 4 5 6 7 8}
SCENARIOS=$(tr -s ', ' '  ' <<<"$SCENARIOS" | sed -E 's/(^| )[Ss]/\1/g')
WORK_DIR=${BENCH_WORK_DIR:-${TMPDIR:-/tmp}/accountregistry-bench}
BUILD_RETRIES=${BENCH_BUILD_RETRIES:-0}
BUILD_RETRY_WAIT=${BENCH_BUILD_RETRY_WAIT:-60}
START_TIMEOUT=${BENCH_START_TIMEOUT:-60}
# Empty: the production default (appsettings.json, Information), request log lines included.
LOG_LEVEL=${BENCH_LOG_LEVEL:-}
PRELOADED_ACCOUNTS=1000
# S4's target is a latency (1,000 accounts in under 20 ms): one client, so the figure is the
# endpoint's own time, not time queued behind other clients on two shared cores.
LIST_CONNECTIONS=${BENCH_LIST_CONNECTIONS:-1}

BASE_URL="http://127.0.0.1:$PORT"
PUBLISH_DIR="$WORK_DIR/publish"
SERVICE_DLL="$PUBLISH_DIR/AccountRegistry.WebApi.dll"
TIMESTAMP=$(date -u +%Y%m%dT%H%M%SZ)
RUN_DIR="$WORK_DIR/runs/$TIMESTAMP"
RESULTS_DIR="$BENCH_DIR/results"
RESULT_FILE="$RESULTS_DIR/$TIMESTAMP.json"

# Logins: a run-specific offset (10^9 * (epoch seconds mod 10^6), + 10^9 so it is never 0) plus a
# block of 10^8 per wrk invocation or preload. Everything stays below 2^53 (exact in wrk's Lua).
RUN_LOGIN_OFFSET=$(( ( $(date +%s) % 1000000 + 1 ) * 1000000000 ))
LOGIN_BLOCK=0
next_login_base() { LOGIN_BASE=$(( RUN_LOGIN_OFFSET + LOGIN_BLOCK * 100000000 )); LOGIN_BLOCK=$(( LOGIN_BLOCK + 1 )); }

# One AES-256 key per run; the bench never decrypts, it only has to be valid.
ENCRYPTION_KEY=$(head -c 32 /dev/urandom | base64 | tr -d '\n')

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 LC_ALL=C

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
calc() { awk "BEGIN { printf \"%.${2:-2}f\", $1 }"; }

# --- processes the script owns, stopped by cleanup() -------------------------------------------
SERVICE_PID=""
POLLER_PID=""
WRK_PID=""
DATA_DIRS=()

stop_poller() {
  if [[ -n $POLLER_PID ]]; then
    kill "$POLLER_PID" 2>/dev/null || true
    wait "$POLLER_PID" 2>/dev/null || true
    POLLER_PID=""
  fi
}

stop_service() {
  if [[ -n $SERVICE_PID ]]; then
    if kill -0 "$SERVICE_PID" 2>/dev/null; then
      kill -TERM "$SERVICE_PID" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$SERVICE_PID" 2>/dev/null || true
    fi
    wait "$SERVICE_PID" 2>/dev/null || true
    SERVICE_PID=""
  fi
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -n $WRK_PID ]]; then kill "$WRK_PID" 2>/dev/null || true; wait "$WRK_PID" 2>/dev/null || true; fi
  stop_poller
  stop_service
  if [[ ${BENCH_KEEP_DATA:-0} != 1 ]]; then
    for dir in "${DATA_DIRS[@]}"; do rm -rf "$dir"; done
  fi
  if (( status != 0 )); then log "stopped (exit $status); logs are in $RUN_DIR"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- tools ---------------------------------------------------------------------------------------
ensure_tools() {
  local missing=()
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v jq >/dev/null 2>&1 || missing+=(jq)
  command -v python3 >/dev/null 2>&1 || missing+=(python3)
  command -v pgrep >/dev/null 2>&1 || missing+=(procps)
  if (( ${#missing[@]} > 0 )); then
    log "installing ${missing[*]} with apt-get"
    local sudo=""
    if (( EUID != 0 )); then command -v sudo >/dev/null 2>&1 && sudo=sudo || die "need root (or sudo) to install ${missing[*]}"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (dotnet) is not on PATH"
}

# --- build ---------------------------------------------------------------------------------------
snapshot_sources() {
  local snap="$WORK_DIR/build"
  mkdir -p "$snap"
  # Drop the previous snapshot's sources but keep its bin/ and obj/, so the build stays incremental
  # and a file deleted in the repository does not linger in the snapshot.
  if [[ -d $snap/src ]]; then
    find "$snap/src" \( -name bin -o -name obj \) -prune -o -type f -print0 | xargs -0 rm -f
  fi
  local files=(src tests/Mt5TerminalSimulator)
  for f in Directory.Build.props Directory.Packages.props Directory.Build.targets global.json NuGet.config nuget.config; do
    [[ -e $REPO_DIR/$f ]] && files+=("$f")
  done
  tar -C "$REPO_DIR" -cf - --exclude=bin --exclude=obj --exclude=src/WebApi/data "${files[@]}" | tar -C "$snap" -xf -
}

build() {
  if [[ ${BENCH_SKIP_BUILD:-0} == 1 && -f $SERVICE_DLL ]]; then
    log "BENCH_SKIP_BUILD=1: reusing $PUBLISH_DIR"
    return
  fi
  local attempt=0
  while :; do
    log "snapshotting the sources and publishing Release to $PUBLISH_DIR"
    snapshot_sources
    if dotnet publish "$WORK_DIR/build/src/WebApi/AccountRegistry.WebApi.csproj" -c Release -o "$PUBLISH_DIR" \
        --nologo -v quiet >"$RUN_DIR/build.log" 2>&1; then
      return
    fi
    tail -n 30 "$RUN_DIR/build.log" >&2
    attempt=$(( attempt + 1 ))
    (( attempt <= BUILD_RETRIES )) || die "the Release build failed (full log: $RUN_DIR/build.log)"
    log "build failed (sources being edited?); retrying in $BUILD_RETRY_WAIT s ($attempt/$BUILD_RETRIES)"
    sleep "$BUILD_RETRY_WAIT"
  done
}

# --- the service ---------------------------------------------------------------------------------
# start_service NAME LATENCY_MS [NAME=VALUE...]: starts the published service on a fresh SQLite
# directory, with any further settings given as environment variables (they override the Sandbox
# defaults below). Sets SERVICE_PID, SERVICE_LOG, SERVICE_DATA and SERVICE_START_NS (taken just
# before the process is started).
start_service() {
  local name=$1 latency=$2
  shift 2
  if curl -s -o /dev/null --max-time 1 "$BASE_URL/" 2>/dev/null; then
    die "something already listens on 127.0.0.1:$PORT; set BENCH_PORT"
  fi
  local data
  data=$(mktemp -d "$RUN_DIR/data-$name-XXXX")
  DATA_DIRS+=("$data")
  SERVICE_DATA=$data
  SERVICE_LOG="$RUN_DIR/service-$name.log"
  SERVICE_START_NS=$(date +%s%N)
  (
    cd "$PUBLISH_DIR"   # the content root: appsettings.json is read from here
    unset ConnectionStrings__AccountRegistry ASPNETCORE_URLS
    if [[ -n $LOG_LEVEL ]]; then export Serilog__MinimumLevel__Default="$LOG_LEVEL"; fi
    export ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production \
      Database__Provider=Sqlite Database__DataDirectory="$data" \
      Encryption__Keys__bench="$ENCRYPTION_KEY" Encryption__ActiveKeyId=bench \
      Mt5__Gateway=Sandbox Mt5__Sandbox__Available=true Mt5__Sandbox__LatencyMs="$latency" \
      Mt5__Sandbox__Accounts__0__Server=Bench-Demo Mt5__Sandbox__Accounts__0__Password=BenchPassword \
      Mt5__Sandbox__Accounts__0__TradeMode=Demo Mt5__Sandbox__Accounts__0__Currency=USD \
      Mt5__Sandbox__Accounts__0__Symbols__0=EURUSD \
      RateLimiting__RegisterPerMinute=0 RateLimiting__ReadPerMinute=0 Mt5__MaxVerificationsPerClient=0 \
      Auth__AllowAnonymous=true
    exec env "$@" dotnet "$SERVICE_DLL" --urls "$BASE_URL"
  ) >"$SERVICE_LOG" 2>&1 &
  SERVICE_PID=$!
}

service_alive() { [[ -n $SERVICE_PID ]] && kill -0 "$SERVICE_PID" 2>/dev/null; }

service_died() {
  log "the service exited unexpectedly; last lines of $SERVICE_LOG:"
  tail -n 30 "$SERVICE_LOG" >&2 || true
  die "service crashed"
}

wait_ready() {
  local deadline=$(( $(date +%s) + START_TIMEOUT ))
  until [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE_URL/health/ready" || true) == 200 ]]; do
    service_alive || service_died
    (( $(date +%s) < deadline )) || die "the service was not ready within $START_TIMEOUT s (log: $SERVICE_LOG)"
    sleep 0.1
  done
}

register_body() {
  printf '{"name":"Live Trading Account","broker":"MetaQuotes","login":%s,"password":"BenchPassword","server":"Bench-Demo","is_live":false,"allowed_symbols":["EURUSD"],"max_lot_size":0.1,"risk_pct":0.01,"auto_trade_enabled":true,"account_type":"USD"}' "$1"
}

# S6's bodies, written to $1: the costliest bodies the service refuses with a 422, each within the
# 64 KiB body limit. Sets INVALID_BODIES. Each is checked once with curl: a 422 of at most 16 KiB.
#   list:   as many list items of the wrong type as fit, and a bound error on every other field
#   nested: every field, and every list item, nested 15 deep (the deepest the service reads is 16)
#   echoes: five fields of 128 escaped control characters (echoed back), and 200 repeated symbols
#           of 32 escaped characters (each quoted in its error): the longest 422 there is
BODY_LIMIT=65536
write_invalid_bodies() {
  local dir=$1
  jq -nj --argjson limit "$BODY_LIMIT" '
    ("{\"name\":\"\",\"broker\":\"\",\"login\":0,\"password\":\"\",\"server\":\"\",\"max_lot_size\":0,\"risk_pct\":5,"
      + "\"mt5_path\":\"" + "m" * 501 + "\",\"account_type\":\"EUR\",\"allowed_symbols\":[") as $head
    | $head + "1," * ((($limit - ($head | length) - 3) / 2) | floor) + "1]}"' >"$dir/invalid-list.json"
  jq -nj --argjson limit "$BODY_LIMIT" '
    ("[" * 15 + "]" * 15) as $value | ("[" * 14 + "]" * 14) as $item
    | ("{" + (["name", "broker", "login", "password", "server", "is_live", "max_lot_size", "risk_pct", "auto_trade_enabled",
        "mt5_path", "account_type"] | map("\"" + . + "\":" + $value) | join(",")) + ",\"allowed_symbols\":[") as $head
    | $head + ($item + ",") * ((($limit - ($head | length) - 2 - ($item | length)) / (($item | length) + 1)) | floor) + $item + "]}"' \
    >"$dir/invalid-nested.json"
  jq -nj '
    ("\"" + "\\u0001" * 128 + "\"") as $text | ("\"" + "\\u0378" * 32 + "\"") as $symbol
    | "{\"name\":" + $text + ",\"broker\":" + $text + ",\"login\":1,\"password\":\"p\",\"server\":" + $text
      + ",\"mt5_path\":" + $text + ",\"account_type\":" + $text + ",\"allowed_symbols\":[" + ([range(200)] | map($symbol) | join(",")) + "]}"' \
    >"$dir/invalid-echoes.json"
  INVALID_BODIES=("$dir/invalid-list.json" "$dir/invalid-nested.json" "$dir/invalid-echoes.json")
  local body size answer
  for body in "${INVALID_BODIES[@]}"; do
    size=$(stat -c %s "$body")
    (( size <= BODY_LIMIT )) || die "$body is $size bytes, past the $BODY_LIMIT-byte body limit"
    answer=$(curl -s -o /dev/null -w '%{http_code} %{size_download}' --max-time 30 -H 'Content-Type: application/json' \
      --data-binary @"$body" "$BASE_URL/api/v1/accounts" || true)
    [[ ${answer%% *} == 422 && ${answer##* } -le 16384 ]] || die "$body: expected a 422 of at most 16 KiB, got '$answer'"
    log "S6 body $(basename "$body"): $size bytes -> 422 of ${answer##* } bytes"
  done
}

# Registers PRELOADED_ACCOUNTS accounts (8 requests in flight), then checks that exactly that many
# are stored. Sets FIRST_ID and LAST_ID.
preload_accounts() {
  next_login_base
  local config="$RUN_DIR/preload-$1.curl" i body
  : >"$config"
  for (( i = 1; i <= PRELOADED_ACCOUNTS; i++ )); do
    body=$(register_body $(( LOGIN_BASE + i )))
    (( i > 1 )) && echo 'next' >>"$config"
    printf 'url = "%s/api/v1/accounts"\nheader = "Content-Type: application/json"\ndata = "%s"\noutput = "/dev/null"\nwrite-out = "%%{http_code}\\n"\n' \
      "$BASE_URL" "${body//\"/\\\"}" >>"$config"
  done
  local created
  created=$(curl -s --no-progress-meter --parallel --parallel-max 8 -K "$config" 2>"$RUN_DIR/preload-$1.err" \
    | grep -c '^201$' || true)
  (( created == PRELOADED_ACCOUNTS )) || die "preload: $created of $PRELOADED_ACCOUNTS registrations gave 201 (log: $SERVICE_LOG)"
  local listing
  listing=$(curl -s --max-time 30 "$BASE_URL/api/v1/accounts?limit=$PRELOADED_ACCOUNTS" | jq -c '[length, (map(.id) | min), (map(.id) | max)]')
  read -r STORED FIRST_ID LAST_ID < <(jq -r '@tsv' <<<"$listing")
  (( STORED == PRELOADED_ACCOUNTS )) || die "preload: $STORED accounts stored, expected $PRELOADED_ACCOUNTS"
  (( LAST_ID - FIRST_ID + 1 == STORED )) || die "preload: the ids $FIRST_ID..$LAST_ID are not contiguous"
  log "preloaded $STORED accounts (ids $FIRST_ID..$LAST_ID)"
}

# --- measurements --------------------------------------------------------------------------------
# Samples the service's VmRSS every 100 ms into $1 as "<peak kB> <samples>".
start_poller() {
  local out=$1 pid=$SERVICE_PID
  (
    trap 'exit 0' TERM
    peak=0 samples=0
    while [[ -r /proc/$pid/status ]]; do
      while read -r key value _; do
        if [[ $key == VmRSS: ]]; then
          samples=$(( samples + 1 ))
          (( value > peak )) && peak=$value
          break
        fi
      done </proc/"$pid"/status 2>/dev/null || true
      echo "$peak $samples" >"$out"
      sleep 0.1
    done
  ) &
  POLLER_PID=$!
}

vm_hwm_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$SERVICE_PID/status" 2>/dev/null || echo 0; }

# run_wrk OUT CONNECTIONS SECONDS URL SCRIPT [ARGS...]: a bounded wrk run; its output goes to OUT.
run_wrk() {
  local out=$1 connections=$2 seconds=$3 url=$4 script=$5
  shift 5
  local args=()
  (( $# > 0 )) && args=(-- "$@")
  wrk -t"$(( connections < THREADS ? connections : THREADS ))" -c"$connections" -d"${seconds}s" --timeout "$WRK_TIMEOUT" --latency \
    -s "$BENCH_DIR/$script" "$url" "${args[@]}" >"$out" 2>&1 &
  WRK_PID=$!
  local status=0
  wait "$WRK_PID" || status=$?
  WRK_PID=""
  (( status == 0 )) || { cat "$out" >&2; die "wrk failed (exit $status)"; }
  grep -q '^BENCH_RESULT ' "$out" || { cat "$out" >&2; die "wrk printed no BENCH_RESULT line"; }
}

wrk_result() { sed -n 's/^BENCH_RESULT //p' "$1"; }

# CPU accounting of the measured window, to tell a clean run from one that shared the 2 cores with
# other work: the service's CPU, wrk's (the shell's reaped children: only wrk ends in the window),
# and the whole machine's, all in clock ticks (USER_HZ) or seconds.
machine_busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }
service_cpu_ticks() { sed 's/^.*) //' "/proc/$SERVICE_PID/stat" | awk '{ print $12 + $13 }'; }
# Sets CPU_SNAPSHOT. `times` must run in this shell: a $(...) subshell starts with no children's time.
cpu_snapshot() {
  times >"$RUN_DIR/times"
  local children
  children=$(awk 'NR == 2 { t = 0; for (i = 1; i <= NF; i++) { split($i, m, "m"); sub("s", "", m[2]); t += m[1] * 60 + m[2] } print t }' "$RUN_DIR/times")
  CPU_SNAPSHOT="$(date +%s%N) $(machine_busy_ticks) $(service_cpu_ticks) $children"
}
# cpu_usage "BEFORE" "AFTER": prints "<service cores> <wrk cores> <other cores>" over the window.
cpu_usage() {
  local hz
  hz=$(getconf CLK_TCK)
  awk -v hz="$hz" -v a="$1" -v b="$2" 'BEGIN {
    split(a, x, " "); split(b, y, " "); secs = (y[1] - x[1]) / 1e9
    machine = (y[2] - x[2]) / hz / secs; service = (y[3] - x[3]) / hz / secs; wrk = (y[4] - x[4]) / secs
    other = machine - service - wrk; if (other < 0) other = 0
    printf "%.2f %.2f %.2f\n", service, wrk, other }'
}

count_log_levels() {   # "<WRN> <ERR+FTL>" lines in the service log since line $2
  local from=$2
  tail -n +"$(( from + 1 ))" "$1" | awk '/^\[[0-9:]+ WRN\]/ { w++ } /^\[[0-9:]+ (ERR|FTL)\]/ { e++ } END { printf "%d %d", w, e }'
}

NOTES=()
SCENARIO_JSON=()
declare -A RPS P50 P99 NON2XX SOCKERR RSS_MB CONNS NAME CPU_SVC CPU_OTHER

# scenario ID NAME LATENCY_MS CONNECTIONS KIND: one scenario on a fresh service.
scenario() {
  local id=$1 name=$2 latency=$3 connections=$4 kind=$5
  log "S$id: $name (Sandbox latency $latency ms, $connections connections, ${WARMUP}s warm-up + ${DURATION}s)"
  start_service "s$id" "$latency"
  wait_ready
  local url="$BASE_URL" script args_warm=() args_run=()
  case $kind in
    register)
      script=register.lua
      next_login_base; args_warm=("$LOGIN_BASE")
      next_login_base; args_run=("$LOGIN_BASE") ;;
    get)
      preload_accounts "s$id"
      script=get.lua; args_warm=("$FIRST_ID" "$LAST_ID"); args_run=("$FIRST_ID" "$LAST_ID") ;;
    list)
      preload_accounts "s$id"
      script=summary.lua; url="$BASE_URL/api/v1/accounts?limit=$PRELOADED_ACCOUNTS" ;;
    health)
      script=summary.lua; url="$BASE_URL/health/live" ;;
    invalid)
      write_invalid_bodies "$RUN_DIR"
      script=invalid.lua; args_warm=("${INVALID_BODIES[@]}"); args_run=("${INVALID_BODIES[@]}") ;;
  esac

  local rss_file="$RUN_DIR/s$id.rss" log_start
  log_start=$(wc -l <"$SERVICE_LOG")
  start_poller "$rss_file"
  run_wrk "$RUN_DIR/s$id-warmup.wrk" "$connections" "$WARMUP" "$url" "$script" "${args_warm[@]}"
  local cpu_before cpu_after
  cpu_snapshot; cpu_before=$CPU_SNAPSHOT
  run_wrk "$RUN_DIR/s$id.wrk" "$connections" "$DURATION" "$url" "$script" "${args_run[@]}"
  service_alive || service_died
  cpu_snapshot; cpu_after=$CPU_SNAPSHOT
  sed 's/^/    /' "$RUN_DIR/s$id.wrk" | grep -v '^    BENCH_RESULT' >&2
  service_alive || service_died
  stop_poller
  local hwm stored="null"
  hwm=$(vm_hwm_kb)
  if [[ $kind == register || $kind == invalid ]]; then
    stored=$(curl -s --max-time 60 -o /dev/null -D - "$BASE_URL/api/v1/accounts?limit=1" | tr -d '\r' | awk 'tolower($1) == "x-total-count:" { print $2 }')
  fi
  local levels
  levels=$(count_log_levels "$SERVICE_LOG" "$log_start")
  stop_service

  local result peak_kb samples
  result=$(wrk_result "$RUN_DIR/s$id.wrk")
  read -r peak_kb samples <"$rss_file"
  RPS[$id]=$(jq -r '.rps' <<<"$result")
  P50[$id]=$(jq -r '.latency_us.p50 / 1000' <<<"$result")
  P99[$id]=$(jq -r '.latency_us.p99 / 1000' <<<"$result")
  NON2XX[$id]=$(jq -r '.non2xx' <<<"$result")
  SOCKERR[$id]=$(jq -r '.errors | .connect + .read + .write + .timeout' <<<"$result")
  RSS_MB[$id]=$(calc "$peak_kb / 1024" 1)
  CONNS[$id]=$connections
  NAME[$id]=$name

  local warn err cpu_service cpu_wrk cpu_other
  read -r cpu_service cpu_wrk cpu_other < <(cpu_usage "$cpu_before" "$cpu_after")
  CPU_SVC[$id]=$cpu_service
  CPU_OTHER[$id]=$cpu_other
  if awk -v o="$cpu_other" 'BEGIN { exit !(o > 0.25) }'; then
    NOTES+=("S$id: other processes used $cpu_other cores during the measurement: the machine was not idle, numbers are unreliable")
  fi
  read -r warn err <<<"$levels"
  if [[ $kind == invalid ]]; then
    local requests
    requests=$(jq -r '.requests' <<<"$result")
    (( NON2XX[$id] == requests )) || NOTES+=("S$id: $(( requests - NON2XX[$id] )) of $requests invalid bodies were not refused")
    [[ $stored == 0 ]] || NOTES+=("S$id: $stored accounts stored from invalid bodies")
  else
    (( NON2XX[$id] == 0 )) || NOTES+=("S$id: ${NON2XX[$id]} non-2xx responses")
  fi
  (( SOCKERR[$id] == 0 )) || NOTES+=("S$id: socket errors $(jq -c '.errors' <<<"$result")")
  (( err == 0 )) || NOTES+=("S$id: $err ERR/FTL lines in the service log ($SERVICE_LOG)")
  (( warn == 0 )) || NOTES+=("S$id: $warn WRN lines in the service log during the load ($SERVICE_LOG)")

  SCENARIO_JSON+=("$(jq -n --argjson wrk "$result" --arg name "$name" --arg kind "$kind" \
    --argjson id "$id" --argjson latency "$latency" --argjson connections "$connections" \
    --argjson peak_kb "$peak_kb" --argjson samples "$samples" --argjson hwm "${hwm:-0}" \
    --argjson stored "$stored" --argjson warn "$warn" --argjson err "$err" \
    --argjson cpu_service "$cpu_service" --argjson cpu_wrk "$cpu_wrk" --argjson cpu_other "$cpu_other" '{
      id: $id, name: $name, kind: $kind, sandbox_latency_ms: $latency, connections: $connections,
      rps: $wrk.rps, p50_ms: ($wrk.latency_us.p50 / 1000), p99_ms: ($wrk.latency_us.p99 / 1000),
      non2xx: $wrk.non2xx, socket_errors: $wrk.errors,
      peak_rss_mb: ($peak_kb / 102.4 | round / 10), rss_samples: $samples,
      vm_hwm_mb_process_lifetime: ($hwm / 102.4 | round / 10),
      cpu_cores_used: { service: $cpu_service, wrk: $cpu_wrk, other_processes: $cpu_other },
      accounts_stored_after: $stored, service_log_warnings: $warn, service_log_errors: $err,
      wrk: $wrk }')")
  log "S$id: $(calc "${RPS[$id]}" 0) req/s, p50 $(calc "${P50[$id]}") ms, p99 $(calc "${P99[$id]}") ms, non-2xx ${NON2XX[$id]}, peak RSS ${RSS_MB[$id]} MB"
  sleep 1
}

# Cold start: process start -> first 201 of a register request, on a fresh SQLite directory.
COLD_MS=()
cold_start() {
  local run=$1
  next_login_base
  local body
  body=$(register_body $(( LOGIN_BASE + 1 )))
  start_service "cold$run" 0
  local deadline=$(( $(date +%s) + START_TIMEOUT )) code other=""
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H 'Content-Type: application/json' \
      --data "$body" "$BASE_URL/api/v1/accounts" || true)
    [[ $code == 201 ]] && break
    [[ $code != 000 ]] && other+=" $code"
    service_alive || service_died
    (( $(date +%s) < deadline )) || die "cold start: no 201 within $START_TIMEOUT s (log: $SERVICE_LOG)"
    sleep 0.02
  done
  local ms=$(( ( $(date +%s%N) - SERVICE_START_NS ) / 1000000 ))
  stop_service
  COLD_MS+=("$ms")
  [[ -z $other ]] || NOTES+=("cold start $run: statuses before the first 201:$other")
  log "cold start $run: $ms ms to the first 201"
}

# --- main ----------------------------------------------------------------------------------------
# shellcheck source=bench/burst.sh
source "$BENCH_DIR/burst.sh"
mkdir -p "$RUN_DIR" "$RESULTS_DIR"
ensure_tools
log "run $TIMESTAMP; logs in $RUN_DIR"
build
if [[ " $SCENARIOS " == *" 7 "* || " $SCENARIOS " == *" 8 "* ]]; then build_simulator; fi

GC_SERVER=$(jq -r '.runtimeOptions.configProperties | if has("System.GC.Server") then .["System.GC.Server"] | tostring else "default" end' \
  "$PUBLISH_DIR/AccountRegistry.WebApi.runtimeconfig.json" 2>/dev/null || echo unknown)
# The environment overrides runtimeconfig.json (DOTNET_gcServer=1 is how a many-core host turns it on).
if [[ -n ${DOTNET_gcServer:-} ]]; then GC_SERVER="$([[ $DOTNET_gcServer == 1 ]] && echo true || echo false) (DOTNET_gcServer)"; fi

for (( i = 1; i <= COLDSTART_RUNS; i++ )); do cold_start "$i"; done

for id in $SCENARIOS; do
  case $id in
    1) scenario 1 "register, MT5 0 ms" 0 64 register ;;
    2) scenario 2 "register, MT5 200 ms" 200 256 register ;;
    3) scenario 3 "GET account by id" 0 64 get ;;
    4) scenario 4 "GET list (1,000 accounts)" 0 "$LIST_CONNECTIONS" list ;;
    5) scenario 5 "GET /health/live" 0 64 health ;;
    6) scenario 6 "register, invalid (422)" 0 64 invalid ;;
    7) burst_scenario 7 0 ;;
    8) burst_scenario 8 1 ;;
    *) die "unknown scenario $id (BENCH_SCENARIOS takes 1 to 8)" ;;
  esac
done

# --- report --------------------------------------------------------------------------------------
COLD_MEDIAN=""
if (( ${#COLD_MS[@]} > 0 )); then
  COLD_MEDIAN=$(printf '%s\n' "${COLD_MS[@]}" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
fi

echo
echo "AccountRegistry benchmark $TIMESTAMP: wrk -t$THREADS, ${DURATION}s per scenario after ${WARMUP}s warm-up;"
echo "Release build, ASPNETCORE_ENVIRONMENT=Production, Serilog minimum level ${LOG_LEVEL:-Information (the default: a line per request)},"
echo "Mt5:Gateway=Sandbox, rate limits off, fresh SQLite per scenario, server GC: $GC_SERVER, $(nproc) cores shared with wrk."
echo "svc CPU / other: cores used by the service / by processes other than the service and wrk, during the measurement."
if [[ " $SCENARIOS " == *" 7 "* || " $SCENARIOS " == *" 8 "* ]]; then
  echo "S7/S8: MtApi5 gateway, $BURST_INSTALLS simulator installs, login $BURST_LOGIN_MS ms; req/s = verifications per second;"
  echo "  p50/p99 = of the 201s (S7) or the 202s (S8); conns = requests in the burst. Details: $RUN_DIR/s7|s8/summary.json."
fi
echo
printf '%-4s %-27s %5s %10s %9s %9s %8s %8s %9s %8s %6s\n' "" "scenario" "conns" "req/s" "p50 ms" "p99 ms" "non-2xx" "sockerr" "peak RSS" "svc CPU" "other"
for id in $SCENARIOS; do
  printf '%-4s %-27s %5s %10.1f %9.2f %9.2f %8s %8s %6s MB %8s %6s\n' "S$id" "${NAME[$id]}" "${CONNS[$id]}" \
    "${RPS[$id]}" "${P50[$id]}" "${P99[$id]}" "${NON2XX[$id]}" "${SOCKERR[$id]}" "${RSS_MB[$id]}" "${CPU_SVC[$id]}" "${CPU_OTHER[$id]}"
done
if [[ -n $COLD_MEDIAN ]]; then
  echo "cold start (process start -> first 201 of a register): median $COLD_MEDIAN ms of ${#COLD_MS[@]} (${COLD_MS[*]} ms)"
fi

# Targets of the perf issue: name, value, comparison, target, unit.
TARGETS=()
target() { TARGETS+=("$1|$2|$3|$4|$5"); }
has() { [[ -n ${RPS[$1]:-} ]]; }
if has 1 && has 5; then target "S1 req/s / S5 req/s" "$(calc "${RPS[1]} / ${RPS[5]}" 3)" ">=" 0.40 ""; fi
if has 2; then
  target "S2 req/s / 1280" "$(calc "${RPS[2]} / 1280" 3)" ">=" 0.90 ""
  target "S2 p99" "$(calc "${P99[2]}" 1)" "<" 300 "ms"
fi
if has 3 && has 5; then target "S3 req/s / S5 req/s" "$(calc "${RPS[3]} / ${RPS[5]}" 3)" ">=" 0.60 ""; fi
if has 4; then target "S4 p50" "$(calc "${P50[4]}" 2)" "<" 20 "ms"; fi
if has 7; then
  target "S7 verified/s / (K/T)" "$(jq -r '.throughput_vs_ideal' <<<"${BURST_JSON[7]}")" ">=" 0.90 ""
  target "S7 p99 of a 503" "$(jq -r '.refused_p99_ms // 0' <<<"${BURST_JSON[7]}")" "<" 50 "ms"
fi
if has 8; then
  target "S8 p99 of a 202" "$(jq -r '.accepted_p99_ms // 0' <<<"${BURST_JSON[8]}")" "<" 50 "ms"
  target "S8 jobs/s / (K/T)" "$(jq -r '.throughput_vs_ideal' <<<"${BURST_JSON[8]}")" ">=" 0.90 ""
fi
for id in 7 8; do
  if has $id; then
    target "S$id leaked processes + files" "$(( LEAKED_PROCESSES[$id] + LEFTOVER_FILES[$id] ))" "<" 1 ""
  fi
done
PEAK=0
for id in $SCENARIOS; do PEAK=$(awk -v a="$PEAK" -v b="${RSS_MB[$id]}" 'BEGIN { print (b > a) ? b : a }'); done
target "peak RSS (max of scenarios)" "$PEAK" "<" 200 "MB"
if [[ -n $COLD_MEDIAN ]]; then target "cold start (median)" "$(calc "$COLD_MEDIAN / 1000" 2)" "<" 3 "s"; fi

echo
printf '%-30s %10s %10s  %s\n' "target" "value" "target" "result"
TARGET_JSON=()
for t in "${TARGETS[@]}"; do
  IFS='|' read -r tname value op goal unit <<<"$t"
  pass=$(awk -v v="$value" -v g="$goal" -v op="$op" 'BEGIN { print ((op == ">=" && v >= g) || (op == "<" && v < g)) ? "true" : "false" }')
  printf '%-30s %10s %10s  %s\n' "$tname" "$value${unit:+ $unit}" "$op $goal${unit:+ $unit}" "$([[ $pass == true ]] && echo PASS || echo FAIL)"
  TARGET_JSON+=("$(jq -n --arg name "$tname" --argjson value "$value" --arg op "$op" --argjson target "$goal" \
    --arg unit "$unit" --argjson pass "$pass" '{name: $name, value: $value, op: $op, target: $target, unit: $unit, pass: $pass}')")
done

if (( ${#NOTES[@]} > 0 )); then
  echo
  echo "notes:"
  printf '  - %s\n' "${NOTES[@]}"
fi

GIT_COMMIT=$(git -C "$REPO_DIR" rev-parse HEAD 2>/dev/null || echo unknown)
GIT_DIRTY=$(git -C "$REPO_DIR" status --porcelain -- src 2>/dev/null | wc -l)
{
  printf '%s\n' "${SCENARIO_JSON[@]}" | jq -s . >"$RUN_DIR/scenarios.json"
  printf '%s\n' "${TARGET_JSON[@]}" | jq -s . >"$RUN_DIR/targets.json"
  printf '%s\n' "${NOTES[@]+"${NOTES[@]}"}" | jq -R . | jq -s 'map(select(length > 0))' >"$RUN_DIR/notes.json"
  jq -n --arg ts "$TIMESTAMP" --arg commit "$GIT_COMMIT" --argjson dirty "$GIT_DIRTY" \
    --argjson duration "$DURATION" --argjson warmup "$WARMUP" --argjson threads "$THREADS" \
    --argjson port "$PORT" --arg timeout "$WRK_TIMEOUT" --arg level "${LOG_LEVEL:-Information}" --arg gc "$GC_SERVER" \
    --arg dotnet "$(dotnet --version)" --arg wrk "$(wrk -v 2>&1 | head -n 1)" --arg kernel "$(uname -r)" \
    --argjson cores "$(nproc)" --arg logs "$RUN_DIR" \
    --argjson cold "$(printf '%s\n' "${COLD_MS[@]+"${COLD_MS[@]}"}" | jq -R 'select(length > 0) | tonumber' | jq -s .)" \
    --slurpfile scenarios "$RUN_DIR/scenarios.json" --slurpfile targets "$RUN_DIR/targets.json" \
    --slurpfile notes "$RUN_DIR/notes.json" '{
      timestamp: $ts,
      git: { commit: $commit, dirty_files_under_src: $dirty },
      config: { duration_s: $duration, warmup_s: $warmup, wrk_threads: $threads, port: $port,
        wrk_timeout: $timeout, environment: "Production", configuration: "Release",
        serilog_minimum_level: $level, server_gc: $gc, rate_limiting: "off (0)", mt5_gateway: "Sandbox" },
      machine: { cores: $cores, kernel: $kernel, dotnet_sdk: $dotnet, wrk: $wrk },
      cold_start_ms: $cold,
      cold_start_median_ms: (if ($cold | length) > 0 then ($cold | sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end) else null end),
      scenarios: $scenarios[0], targets: $targets[0], notes: $notes[0], logs: $logs }'
} >"$RESULT_FILE"
echo
echo "results: $RESULT_FILE (raw wrk output and service logs: $RUN_DIR)"
