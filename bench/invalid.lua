-- wrk script: POST /api/v1/accounts with bodies the service refuses with a 422, cycling through the
-- files given (bench/run.sh writes S6's: the costliest invalid bodies within the 64 KiB body limit).
--
--   wrk -t2 -c64 -d15s -s bench/invalid.lua http://127.0.0.1:5391 -- <body.json> [<body.json> ...]
--
-- The requests are formatted once, in init(); each thread starts at its own body. Every response is
-- expected to be a 422, so wrk's non-2xx count (printed by summary.lua) equals its request count.

local script_dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(script_dir .. "summary.lua")

local threads_set_up = 0
function setup(thread)
  thread:set("thread_index", threads_set_up)
  threads_set_up = threads_set_up + 1
end

local requests = {}
local counter = 0

function init(args)
  wrk.headers["Content-Type"] = "application/json"
  for _, path in ipairs(args) do
    local file = assert(io.open(path, "rb"))
    requests[#requests + 1] = wrk.format("POST", "/api/v1/accounts", nil, file:read("*a"))
    file:close()
  end
  if #requests == 0 then
    error("invalid.lua needs at least one body file: wrk ... -s invalid.lua URL -- <body.json> ...")
  end
  counter = thread_index
end

function request()
  counter = counter + 1
  return requests[counter % #requests + 1]
end
