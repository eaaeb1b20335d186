-- Load test of POST /ask with wrk: each wrk thread posts, in turn, a looked-up figure,
-- a computed growth rate, a quoted passage and a refusal. wrk counts any status other
-- than 2xx or 3xx under "Non-2xx or 3xx responses".
--
--   ./target/release/lanzhou-qa serve --addr 127.0.0.1:8090 --index /tmp/bench-index &
--   wrk -t2 -c16 -d10s --latency -s benches/wrk-ask.lua http://127.0.0.1:8090/ask
--   wrk -t2 -c16 -d10s --latency -s benches/wrk-ask.lua http://127.0.0.1:8090/ask -- session

local questions = {
  "What was the added value of primary industry in 2018?",
  "What is the CAGR of tertiary industry added value from 1949 to 2018?",
  "What does Lanzhou focus on in the cultivation of emerging businesses?",
  "What was Lanzhou's unemployment rate in 2018?",
}

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

-- Without arguments each request is a one-off question, so the server keeps a new
-- conversation for each; with `-- session` each question is asked in a conversation of its
-- own (wrk-1 to wrk-4), so the server's conversation store does not grow.
local requests = {}

function init(args)
  local in_session = args[1] == "session"
  -- The questions hold no quote or backslash, so they go into JSON as they are.
  for i, question in ipairs(questions) do
    local body = '{"question": "' .. question .. '"'
    if in_session then
      body = body .. ', "session": "wrk-' .. i .. '"'
    end
    requests[i] = wrk.format(nil, nil, nil, body .. "}")
  end
end

local next_request = 0

function request()
  next_request = next_request % #requests + 1
  return requests[next_request]
end
