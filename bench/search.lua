-- wrk script for bench/search.sh: each request searches the next query of the mix file given
-- after `--` (one query a line), cycling, each thread from its own place in the mix.
local queries = {}
local next_query = 1

local function encode(text)
  return (text:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then queries[#queries + 1] = "/search?q=" .. encode(line) end
  end
  next_query = math.random(#queries)
end

function request()
  local path = queries[next_query]
  next_query = next_query % #queries + 1
  return wrk.format("GET", path)
end
