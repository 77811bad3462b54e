-- wrk script: GET /api/v1/accounts/{id}, cycling through the ids first..last.
--
--   wrk -t2 -c64 -d15s -s bench/get.lua http://127.0.0.1:5391 -- <first_id> <last_id>
--
-- Each thread formats its requests once, then walks the ids round-robin from its own starting point
-- (so the threads do not read the same row at the same moment). Every id must exist: a 404 is
-- counted as non-2xx.

local script_dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(script_dir .. "summary.lua")

local threads_set_up = 0
function setup(thread)
  thread:set("thread_index", threads_set_up)
  threads_set_up = threads_set_up + 1
end

local requests_by_id = {}
local count = 0
local position = 0

function init(args)
  local first, last = tonumber(args[1] or ""), tonumber(args[2] or "")
  if first == nil or last == nil or last < first then
    error("get.lua needs an id range: wrk ... -s get.lua URL -- <first_id> <last_id>")
  end
  for id = first, last do
    count = count + 1
    requests_by_id[count] = wrk.format("GET", string.format("/api/v1/accounts/%d", id))
  end
  position = (thread_index * 7919) % count
end

function request()
  position = position % count + 1
  return requests_by_id[position]
end
