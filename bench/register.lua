-- wrk script: POST /api/v1/accounts with a login that is unique for every request of the run.
--
--   wrk -t2 -c64 -d15s -s bench/register.lua http://127.0.0.1:5391 -- <login_base>
--
-- login = login_base + counter * MAX_THREADS + thread_index + 1, so the threads interleave and never
-- collide, and every login is > login_base >= 0. bench/run.sh gives each wrk invocation (warm-up,
-- measurement, each scenario) its own login_base, 10^8 apart, on top of a run-specific offset, so
-- logins are unique across the whole run too.
--
-- The body is the README's example, with the bench's wildcard Sandbox account: server Bench-Demo,
-- password BenchPassword, allowed_symbols ["EURUSD"] (see run.sh for the service's configuration).
-- Non-2xx responses are counted by wrk itself (summary.errors.status) and printed by summary.lua.

local script_dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(script_dir .. "summary.lua")

local MAX_THREADS = 16
local BODY = '{"name":"Live Trading Account","broker":"MetaQuotes","login":%s,'
  .. '"password":"BenchPassword","server":"Bench-Demo","is_live":false,'
  .. '"allowed_symbols":["EURUSD"],"max_lot_size":0.1,"risk_pct":0.01,'
  .. '"auto_trade_enabled":true,"account_type":"USD"}'

-- setup() runs in wrk's main Lua state, once per thread, before that thread's init().
local threads_set_up = 0
function setup(thread)
  thread:set("thread_index", threads_set_up)
  threads_set_up = threads_set_up + 1
end

local login_base
local counter = 0

function init(args)
  login_base = tonumber(args[1] or "")
  if login_base == nil or login_base < 0 then
    error("register.lua needs a login base >= 0: wrk ... -s register.lua URL -- <login_base>")
  end
  if thread_index >= MAX_THREADS then
    error("register.lua supports at most " .. MAX_THREADS .. " wrk threads")
  end
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  local login = login_base + counter * MAX_THREADS + thread_index + 1
  counter = counter + 1
  -- %.0f: logins stay below 2^53, where a Lua number is still an exact integer.
  return wrk.format("POST", "/api/v1/accounts", nil, string.format(BODY, string.format("%.0f", login)))
end
