-- wrk script: POST /orders with a realistic body; prints one RESULT line (throughput, p50/p99/p99.9, errors).
local counter = 0
request = function()
  counter = counter + 1
  local body = string.format('{"customer_id": "wrk-%d", "total_amount": 99.90, "items": [{"sku": "SKU-%d", "quantity": 1}, {"sku": "SKU-%d", "quantity": 2}]}',
      counter, 1 + counter % 100, 1 + (counter + 37) % 100)
  return wrk.format("POST", "/orders", {["Content-Type"] = "application/json"}, body)
end

local errors = 0
response = function(status, headers, body)
  if status ~= 201 then errors = errors + 1 end
end

done = function(summary, latency, requests)
  local failed = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT|closed|requests=%d|seconds=%.1f|throughput=%.0f|p50_ms=%.2f|p99_ms=%.2f|p999_ms=%.2f|errors=%d\n",
      summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, failed))
end
