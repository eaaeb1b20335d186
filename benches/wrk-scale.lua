-- Load test of POST /ask for the scaling benchmark (scripts/scale.py): each request asks
-- a figure question naming one article's city, cycling through the articles of a
-- questions file that scripts/gen_corpus.py writes (place, year, figure; tab-separated).
--
--   wrk -t2 -c16 -d10s -s benches/wrk-scale.lua http://127.0.0.1:18710/ask -- /tmp/lanzhou-scale/corpus-1000.questions.tsv

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local requests = {}
local next_request = 0

function init(args)
  for line in io.lines(args[1]) do
    local place, year = line:match("^([^\t]+)\t([^\t]+)\t")
    if place then
      local question = "What was " .. place .. "'s tertiary industry added value in " .. year .. "?"
      requests[#requests + 1] = wrk.format(nil, nil, nil, '{"question": "' .. question .. '"}')
    end
    if #requests >= 1000 then
      break
    end
  end
  -- Each thread starts at a different place in the list.
  next_request = math.random(#requests) - 1
end

function request()
  next_request = next_request % #requests + 1
  return requests[next_request]
end
