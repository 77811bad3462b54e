# Burst scenarios of bench/run.sh (sourced by it; not run on its own): verification at the speed
# of real terminals. The service runs the MtApi5 gateway with K installs of the terminal simulator
# (tests/Mt5TerminalSimulator), whose every login takes T; then a burst of registrations well
# beyond K arrives at once.
#   S7  BENCH_BURST_SIZE registrations at once, synchronous: those the queue can serve within
#       Mt5:QueueTimeoutSeconds get 201, the overflow 503 queue_full at once. Measured: verified
#       registrations per second against the ideal K / T, p50/p99 of the 201s, and of the 503s.
#   S8  BENCH_BURST_ASYNC_SIZE registrations at once with `Prefer: respond-async`: every one gets a
#       202 at once, then each job is polled until it ends. Every tenth sends a wrong password, so
#       "the right outcome" is 201 for the others and 400 credentials_rejected for those. Measured:
#       the 202s' latency, every job's outcome, and the time from the first job created to the last
#       finished against the ideal (jobs / K × T).
# After each: no simulator process may be left running, and no start-up file (ini, preset) left.
#
# Knobs: BENCH_BURST_INSTALLS=4 (K), BENCH_BURST_LOGIN_MS=2000 (T), BENCH_BURST_SIZE=200,
# BENCH_BURST_ASYNC_SIZE=100, BENCH_BURST_POLL_TIMEOUT=600 (s: S8 gives up on unfinished jobs).

BURST_INSTALLS=${BENCH_BURST_INSTALLS:-4}
BURST_LOGIN_MS=${BENCH_BURST_LOGIN_MS:-2000}
BURST_SIZE=${BENCH_BURST_SIZE:-200}
BURST_ASYNC_SIZE=${BENCH_BURST_ASYNC_SIZE:-100}
BURST_POLL_TIMEOUT=${BENCH_BURST_POLL_TIMEOUT:-600}
SIMULATOR_DIR="$WORK_DIR/simulator"
# curl runs at most this many transfers at once (its own ceiling is 300).
(( BURST_SIZE <= 300 && BURST_ASYNC_SIZE <= 300 )) || die "BENCH_BURST_SIZE and BENCH_BURST_ASYNC_SIZE are at most 300"

build_simulator() {
  if [[ ${BENCH_SKIP_BUILD:-0} == 1 && -x $SIMULATOR_DIR/Mt5TerminalSimulator ]]; then
    return
  fi
  log "publishing the terminal simulator to $SIMULATOR_DIR"
  dotnet publish "$WORK_DIR/build/tests/Mt5TerminalSimulator/Mt5TerminalSimulator.csproj" -c Release -o "$SIMULATOR_DIR" \
    --nologo -v quiet >"$RUN_DIR/build-simulator.log" 2>&1 || { tail -n 30 "$RUN_DIR/build-simulator.log" >&2; die "the simulator build failed"; }
}

# make_installs DIR: K installs, each its own folder holding a copy of the simulator. Sets INSTALL_PATHS.
make_installs() {
  local root=$1 i
  INSTALL_PATHS=()
  for (( i = 1; i <= BURST_INSTALLS; i++ )); do
    mkdir -p "$root/terminal-$i"
    cp "$SIMULATOR_DIR"/Mt5TerminalSimulator* "$root/terminal-$i/"
    INSTALL_PATHS+=("$root/terminal-$i/Mt5TerminalSimulator")
  done
}

# write_simulated_accounts FILE FIRST COUNT: the simulator's accounts, each login taking T.
write_simulated_accounts() {
  jq -n --argjson first "$2" --argjson count "$3" --argjson delay "$BURST_LOGIN_MS" '
    [range($first; $first + $count) | { login: ., password: "BenchPassword", server: "Bench-Demo",
      symbols: ["EURUSD", "GBPUSD"], behaviour: "ok", delay_ms: $delay, company: "Bench Broker Ltd.",
      currency: "USD", trade_mode: "demo", trade_allowed: true }]' >"$1"
}

# burst_requests CONFIG OUTDIR FIRST COUNT [HEADER]: a curl config of COUNT registrations (logins
# FIRST...), each writing its body to OUTDIR/<n>.json; every tenth has a wrong password when
# BURST_WRONG_EVERY=10.
burst_requests() {
  local config=$1 out=$2 first=$3 count=$4 header=${5:-} i body password
  : >"$config"
  for (( i = 0; i < count; i++ )); do
    password=BenchPassword
    if [[ -n ${BURST_WRONG_EVERY:-} ]] && (( i % BURST_WRONG_EVERY == BURST_WRONG_EVERY - 1 )); then password=WrongPassword; fi
    body=$(register_body $(( first + i )))
    body=${body/BenchPassword/$password}
    (( i > 0 )) && echo 'next' >>"$config"
    printf 'url = "%s/api/v1/accounts"\nheader = "Content-Type: application/json"\n' "$BASE_URL" >>"$config"
    [[ -n $header ]] && printf 'header = "%s"\n' "$header" >>"$config"
    printf 'data = "%s"\noutput = "%s/%d.json"\nwrite-out = "%d %%{http_code} %%{time_total} %%{time_pretransfer} %%header{location}\\n"\n' \
      "${body//\"/\\\"}" "$out" "$i" "$i" >>"$config"
  done
}

# fire CONFIG COUNT OUT: sends every request of CONFIG at once; one "<n> <status> <seconds> <seconds before
# the request was sent> <location>" line each in OUT.
fire() {
  curl -s --no-progress-meter --parallel --parallel-immediate --parallel-max "$2" --max-time 300 -K "$1" >"$3" 2>"$3.err" || true
}

# Leaks after the service stopped: simulator processes from the installs, files in the work folder, presets.
check_leaks() {
  local installs=$1 id=$2 processes files
  processes=$(pgrep -f "$installs/" 2>/dev/null | wc -l || true)
  files=$( { find "$SERVICE_DATA/mt5-work" -type f 2>/dev/null; find "$installs" -path '*/MQL5/Presets/*' -type f 2>/dev/null; } | wc -l)
  LEAKED_PROCESSES[$id]=$processes
  LEFTOVER_FILES[$id]=$files
  (( processes == 0 )) || NOTES+=("S$id: $processes simulator processes still running after the service stopped")
  (( files == 0 )) || NOTES+=("S$id: $files start-up files left behind")
}

declare -A LEAKED_PROCESSES LEFTOVER_FILES BURST_JSON

# burst_scenario ID ASYNC(0|1)
burst_scenario() {
  local id=$1 async=$2 size
  size=$([[ $async == 1 ]] && echo "$BURST_ASYNC_SIZE" || echo "$BURST_SIZE")
  local dir="$RUN_DIR/s$id"
  mkdir -p "$dir/warmup" "$dir/burst"
  make_installs "$dir/installs"
  next_login_base
  local first=$(( LOGIN_BASE + 1 ))
  write_simulated_accounts "$dir/accounts.json" "$first" $(( size + BURST_INSTALLS ))
  local settings=(Mt5__Gateway=MtApi5 "Mt5__TerminalEnvironment__MT5SIM_ACCOUNTS=$dir/accounts.json"
    Mt5__InheritEnvironment__0=DOTNET_ROOT "DOTNET_ROOT=${DOTNET_ROOT:-$(dirname "$(readlink -f "$(command -v dotnet)")")}"
    Verifications__MaxQueuedPerClient=10000)
  local i
  for i in "${!INSTALL_PATHS[@]}"; do settings+=("Mt5__Terminals__${i}__Path=${INSTALL_PATHS[$i]}"); done
  log "S$id: $([[ $async == 1 ]] && echo 'async ' || echo '')burst of $size registrations, $BURST_INSTALLS installs, login $BURST_LOGIN_MS ms"
  start_service "s$id" 0 "${settings[@]}"
  wait_ready
  start_poller "$RUN_DIR/s$id.rss"

  # Warm-up: one login per install, so the queue's estimate has a recent verification time, as on a
  # service that has been running.
  burst_requests "$dir/warmup.curl" "$dir/warmup" "$first" "$BURST_INSTALLS"
  fire "$dir/warmup.curl" "$BURST_INSTALLS" "$dir/warmup.out"
  local warm_ok
  warm_ok=$(awk '$2 == 201' "$dir/warmup.out" | wc -l)
  (( warm_ok == BURST_INSTALLS )) || die "S$id warm-up: $warm_ok of $BURST_INSTALLS registrations gave 201 (log: $SERVICE_LOG)"

  local cpu_before cpu_after header=""
  [[ $async == 1 ]] && header="Prefer: respond-async"
  BURST_WRONG_EVERY=$([[ $async == 1 ]] && echo 10 || echo "") burst_requests "$dir/burst.curl" "$dir/burst" $(( first + BURST_INSTALLS )) "$size" "$header"
  cpu_snapshot; cpu_before=$CPU_SNAPSHOT
  fire "$dir/burst.curl" "$size" "$dir/burst.out"
  if [[ $async == 1 ]]; then poll_jobs "$dir"; fi
  cpu_snapshot; cpu_after=$CPU_SNAPSHOT
  stop_poller
  local peak_kb samples
  read -r peak_kb samples <"$RUN_DIR/s$id.rss"
  stop_service
  check_leaks "$dir/installs" "$id"

  local summary
  summary=$(python3 "$BENCH_DIR/burst_summary.py" "$dir" "$async" "$BURST_INSTALLS" "$BURST_LOGIN_MS" "$size")
  echo "$summary" >"$dir/summary.json"
  local cpu_service cpu_wrk cpu_other
  read -r cpu_service cpu_wrk cpu_other < <(cpu_usage "$cpu_before" "$cpu_after")
  NAME[$id]=$([[ $async == 1 ]] && echo "burst async (K=$BURST_INSTALLS)" || echo "burst sync (K=$BURST_INSTALLS)")
  CONNS[$id]=$size
  RPS[$id]=$(jq -r '.verified_per_s' <<<"$summary")
  P50[$id]=$(jq -r '.accepted_p50_ms' <<<"$summary")
  P99[$id]=$(jq -r '.accepted_p99_ms' <<<"$summary")
  NON2XX[$id]=$(jq -r '.non2xx' <<<"$summary")
  SOCKERR[$id]=$(jq -r '.transport_errors' <<<"$summary")
  RSS_MB[$id]=$(calc "$peak_kb / 1024" 1)
  CPU_SVC[$id]=$cpu_service
  CPU_OTHER[$id]=$cpu_other
  BURST_JSON[$id]=$summary
  local problem
  while read -r problem; do [[ -n $problem ]] && NOTES+=("S$id: $problem"); done < <(jq -r '.problems[]' <<<"$summary")
  SCENARIO_JSON+=("$(jq -n --argjson s "$summary" --arg name "${NAME[$id]}" --argjson id "$id" --argjson peak_kb "$peak_kb" \
    --argjson leaked "${LEAKED_PROCESSES[$id]}" --argjson files "${LEFTOVER_FILES[$id]}" \
    --argjson cpu_service "$cpu_service" --argjson cpu_other "$cpu_other" '{
      id: $id, name: $name, kind: "burst", peak_rss_mb: ($peak_kb / 102.4 | round / 10),
      cpu_cores_used: { service: $cpu_service, other_processes: $cpu_other },
      leaked_processes: $leaked, leftover_files: $files, burst: $s }')")
  log "S$id: $(jq -c 'del(.problems)' <<<"$summary")"
  sleep 1
}

# Polls every job of the async burst until it ends (or BURST_POLL_TIMEOUT), keeping the last view of each in DIR/jobs/<n>.json.
poll_jobs() {
  local dir=$1 deadline=$(( $(date +%s) + BURST_POLL_TIMEOUT ))
  mkdir -p "$dir/jobs"
  while :; do
    local config="$dir/poll.curl" pending=0 n status location
    : >"$config"
    while read -r n status _ _ location; do
      [[ $status == 202 && -n $location ]] || continue
      if [[ -f $dir/jobs/$n.json ]] && jq -e '.status == "succeeded" or .status == "failed"' "$dir/jobs/$n.json" >/dev/null 2>&1; then continue; fi
      (( pending > 0 )) && echo 'next' >>"$config"
      printf 'url = "%s%s"\noutput = "%s/jobs/%s.json"\n' "$BASE_URL" "${location%$'\r'}" "$dir" "$n" >>"$config"
      pending=$(( pending + 1 ))
    done <"$dir/burst.out"
    (( pending > 0 )) || return 0
    (( $(date +%s) < deadline )) || { NOTES+=("async burst: $pending jobs unfinished after $BURST_POLL_TIMEOUT s"); return 0; }
    sleep 1
    curl -s --no-progress-meter --parallel --parallel-max 16 --max-time 30 -K "$config" >/dev/null 2>&1 || true
  done
}
