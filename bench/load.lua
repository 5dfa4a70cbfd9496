-- wrk script for run_post.py and profile_post.py (see README.md).
--   ODPAY_BENCH_KEY       DeveloperKey/CustomerKey
--   ODPAY_BENCH_FAMILIES  file of guarantor PatNums, one a line: POST /api/v1/payments of
--                         1.00 to them, round robin per thread
--   ODPAY_BENCH_GET       a path instead, e.g. /api/v1/payments?Limit=100: GET it
-- Prints one line "BENCH key=value ..." when done; any status but 201 (POST) or 200 (GET)
-- counts as a failure.
local auth = "ODFHIR " .. os.getenv("ODPAY_BENCH_KEY")
local get_path = os.getenv("ODPAY_BENCH_GET")
local families = {}
if not get_path then
  for line in io.lines(os.getenv("ODPAY_BENCH_FAMILIES")) do
    families[#families + 1] = line
  end
end
local expected = get_path and 200 or 201
local counter = 0
local next_id = 0
local threads = {}

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  failures = 0
end

function request()
  if get_path then
    return wrk.format("GET", get_path, { ["Authorization"] = auth })
  end
  counter = counter + 1
  local pat = families[((counter * 7 + id * 131) % #families) + 1]
  return wrk.format("POST", "/api/v1/payments",
    { ["Authorization"] = auth, ["Content-Type"] = "application/json" },
    '{"PayAmt":"1.00","PatNum":' .. pat .. '}')
end

function response(status, headers, body)
  if status ~= expected then
    failures = failures + 1
  end
end

function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do
    failed = failed + thread:get("failures")
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d seconds=%.3f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f " ..
    "mean_ms=%.2f failures=%d socket_errors=%d timeouts=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    latency.mean / 1000, failed, e.connect + e.read + e.write, e.timeout))
end
