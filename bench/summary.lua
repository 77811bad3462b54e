-- Shared by the bench's wrk scripts (loaded with dofile): prints ONE machine-readable line at the
-- end of a wrk run, which bench/run.sh parses:
--
--   BENCH_RESULT {"requests":..,"duration_us":..,"rps":..,"latency_us":{"p50":..,"p99":..,..},
--                 "non2xx":..,"errors":{"connect":..,"read":..,"write":..,"timeout":..}}
--
-- Latencies are in microseconds, from wrk's own histogram (latency:percentile(p)). "non2xx" is
-- wrk's summary.errors.status: responses with a status of 400 or more, the same number wrk prints
-- as "Non-2xx or 3xx responses". Used alone (wrk -s summary.lua URL) it keeps wrk's static request.

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  local function pct(p) return latency:percentile(p) end
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"duration_us":%d,"rps":%.2f,"bytes":%d,'
      .. '"latency_us":{"mean":%.1f,"stdev":%.1f,"min":%d,"max":%d,'
      .. '"p50":%d,"p75":%d,"p90":%d,"p99":%d,"p999":%d},'
      .. '"non2xx":%d,"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d}}\n',
    summary.requests, summary.duration, seconds > 0 and summary.requests / seconds or 0, summary.bytes,
    latency.mean, latency.stdev, latency.min, latency.max,
    pct(50), pct(75), pct(90), pct(99), pct(99.9),
    e.status, e.connect, e.read, e.write, e.timeout))
end
