-- wrk script: log in once per thread (the session cookie is reused), then cycle through the API
-- calls the dashboard makes for Herning (657).
local cookie = nil
local paths = {
  "/api/v1/me",
  "/api/v1/reference",
  "/api/v1/measurements",
  -- The Nøgletal page: shares for the municipality, its RAR area and the country (the shown period
  -- and a year before), the committee's sentences for the last month, and the full-time persons.
  "/api/v1/measurements/andel?from=2019-01&to=2020-12&area=kommune,rar,land&kommune=657",
  "/api/v1/measurements/andel?from=2018-01&to=2020-12&area=kommune,rar,land&kommune=657",
  "/api/v1/measurements/sammenligning?from=2020-12&to=2020-12&kommune=657",
  "/api/v1/measurements/fuldtidspersoner?from=2019-01&to=2020-12&area=kommune,rar,land&kommune=657",
}
if os.getenv("FREMDRIFT_LOAD_CASES") == "1" then
  table.insert(paths, "/api/v1/measurements/fsm2?kommune=657")
  table.insert(paths, "/api/v1/measurements/fsm2-udbetaling?kommune=657")
  table.insert(paths, "/api/v1/measurements/haandholdt?del=indikatorer&kommune=657")
  table.insert(paths, "/api/v1/measurements/haandholdt?del=sagsstamme&kommune=657")
end
local i = 0

function request()
  if not cookie then
    return wrk.format("POST", "/api/v1/login", {["Content-Type"] = "application/json"},
                      '{"username":"load","password":"load-test-password"}')
  end
  i = i % #paths + 1
  -- As the browser asks: large tables come back gzip-compressed.
  return wrk.format("GET", paths[i], {["Cookie"] = cookie, ["Accept-Encoding"] = "gzip, deflate, br"})
end

function response(status, headers, body)
  if not cookie and status == 200 then
    local set = headers["Set-Cookie"]
    if set then cookie = set:match("^([^;]+)") end
  end
end
