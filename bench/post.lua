-- wrk script: POST /payments of 1.00 to the bench families, round robin per thread.
local families = {}
for line in io.lines(os.getenv("ODPAY_BENCH_FAMILIES")) do
  families[#families + 1] = line
end
local auth = "ODFHIR " .. os.getenv("ODPAY_BENCH_KEY")
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
  counter = counter + 1
  local pat = families[((counter * 7 + id * 131) % #families) + 1]
  return wrk.format("POST", "/api/v1/payments",
    { ["Authorization"] = auth, ["Content-Type"] = "application/json" },
    '{"PayAmt":"1.00","PatNum":' .. pat .. '}')
end

function response(status, headers, body)
  if status ~= 201 then
    failures = failures + 1
  end
end

function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do
    failed = failed + thread:get("failures")
  end
  io.write(string.format("BENCH requests=%d seconds=%.3f p50_ms=%.2f p99_ms=%.2f non201=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, failed))
end
