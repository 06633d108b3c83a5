-- wrk script for POST /cds-services/precis-pgx-order-select at a fixed rate (open-loop pacing).
--
-- Environment: PRECIS_TOKENS (file of pre-signed client JWTs, one per line, each with its own jti),
-- PRECIS_BODY (the order-select request JSON), PRECIS_RATE (requests/s over all threads, default 500),
-- PRECIS_THREADS (must equal wrk -t).
--
-- Pacing: plain wrk is closed-loop (each connection sends as soon as its previous answer arrives). Here every thread
-- hands out send slots spaced 1/rate apart on a monotonic clock (LuaJIT ffi clock_gettime); delay() returns the wait
-- until the connection's slot. With more connections than requests in flight, the achieved rate is the target
-- rate, and wrk's latency (from the write of the request to the end of the response) is measured at that rate.
-- Latency is measured from the actual write, so a server stall that leaves no connection free would hide queueing
-- time (coordinated omission); done() therefore also prints the achieved rate, which must equal the target.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } precis_timespec;
  int clock_gettime(int clk_id, precis_timespec *tp);
]]
local ts = ffi.new("precis_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local tokens = {}
local next_token = 1
local interval_ms
local next_slot
local body
-- Per-thread counters: globals, so that done() can read them with thread:get().
ok, non200, nocard, outoftokens = 0, 0, 0, 0

local function read_all(path)
  local f = assert(io.open(path, "r"), "cannot open " .. tostring(path))
  local s = f:read("*a")
  f:close()
  return s
end

function init(args)
  local nthreads = tonumber(os.getenv("PRECIS_THREADS") or "1")
  local rate = tonumber(os.getenv("PRECIS_RATE") or "500")
  interval_ms = 1000.0 * nthreads / rate
  body = read_all(os.getenv("PRECIS_BODY"))
  -- Thread k takes every nthreads-th token, so no two threads send the same jti.
  local i = 0
  for line in io.lines(os.getenv("PRECIS_TOKENS")) do
    if i % nthreads == id then
      tokens[#tokens + 1] = line
    end
    i = i + 1
  end
  wrk.method = "POST"
end

function delay()
  local t = now_ms()
  if next_slot == nil or next_slot < t - 1000 then
    next_slot = t -- start, or the schedule fell more than 1 s behind: do not burst to catch up
  end
  local slot = next_slot
  next_slot = next_slot + interval_ms
  local wait = slot - t
  if wait < 0 then wait = 0 end
  return math.floor(wait)
end

function request()
  local token = tokens[next_token]
  if token == nil then
    outoftokens = outoftokens + 1
    token = tokens[#tokens] -- a reused jti: the server answers 401 and the run counts it as an error
  else
    next_token = next_token + 1
  end
  return wrk.format(nil, nil, { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end

function response(status, headers, resp)
  if status ~= 200 then
    non200 = non200 + 1
    if non200 <= 3 then io.stderr:write("HTTP " .. status .. ": " .. tostring(resp) .. "\n") end
  elseif not resp:find('"indicator":"warning"', 1, true) then
    nocard = nocard + 1
  else
    ok = ok + 1
  end
end

function done(summary, latency, requests)
  local non200_all, nocard_all, ok_all, out_all = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    non200_all = non200_all + t:get("non200")
    nocard_all = nocard_all + t:get("nocard")
    ok_all = ok_all + t:get("ok")
    out_all = out_all + t:get("outoftokens")
  end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f " ..
    "cards_ok=%d non200=%d no_card=%d socket_errors=%d out_of_tokens=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
    latency.max / 1000, ok_all, non200_all, nocard_all, e.connect + e.read + e.write + e.timeout, out_all))
end
