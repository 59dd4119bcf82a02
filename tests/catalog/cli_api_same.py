#!/usr/bin/env python3
"""The CLI and the API give the same bytes (driven by tests/catalog/cli_api_same.sh).

Logs in to a running `fremdrift serve` as an analyst, reads /api/v1/measurements, checks that it
names exactly the measurements `fremdrift measure --help` lists, and runs every aggregate
measurement through `fremdrift measure <id> ... --format csv` and through
/api/v1/measurements/<id>?...&format=csv with the same parameters: the defaults, then each choice
of each choice parameter, a flag set, and a narrowed request (one municipality, several area
levels). The bodies must be byte-identical. A measurement that cannot be run, or whose default
request gives no rows on the simulated data, fails; so does a required parameter without a value
below. Variants that the analyst may not read (403: a part of another data level) are listed,
not compared. Nothing here names a column. An analyst has no citizen access, so the API gives
the figures as they are published (small numbers not shown, `serve --min-persons`, default 5):
the CLI is run with `--min-persons 5`.

Usage: cli_api_same.py FREMDRIFT BASE_URL USERNAME PASSWORD INPUTS_JSON SAMPLE_VALUES_JSON
  INPUTS_JSON: {"store": PATH, "population": PATH, "db": URL} for the CLI's input options (the
  server was started with the same).
  SAMPLE_VALUES_JSON: values for required parameters and narrowed requests, by parameter name.
"""
import http.cookiejar
import json
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

fremdrift, base, username, password, inputs_json, samples_json = sys.argv[1:7]
inputs = json.loads(inputs_json)
samples = json.loads(samples_json)
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
failures = []
passed = 0


def fail(what):
    failures.append(what)
    print(f"FAIL {what}", flush=True)


def http(path, body=None):
    """(status, bytes) of a GET, or a POST of JSON `body`."""
    req = urllib.request.Request(base + path)
    if body is not None:
        req.data = json.dumps(body).encode()
        req.add_header("Content-Type", "application/json")
    try:
        with opener.open(req, timeout=300) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


status, body = http("/api/v1/login", {"username": username, "password": password})
if status != 200:
    print(f"FAIL login: HTTP {status} {body[:200]!r}")
    sys.exit(1)
status, body = http("/api/v1/measurements")
if status != 200:
    print(f"FAIL /api/v1/measurements: HTTP {status} {body[:200]!r}")
    sys.exit(1)
listing = json.loads(body)["measurements"]
api_ids = [m["id"] for m in listing]

# The subcommands `fremdrift measure --help` lists (CLI11: "Subcommands:" then "  id  help").
helped = subprocess.run([fremdrift, "measure", "--help"], capture_output=True, text=True)
cli_ids, in_list = [], False
for line in helped.stdout.splitlines():
    if line.strip().startswith("Subcommands:"):
        in_list = True
        continue
    if in_list:
        if not line.strip():
            break
        if line.startswith("  ") and not line.startswith("    "):
            cli_ids.append(line.split()[0])
if not cli_ids:
    fail(f"`fremdrift measure --help` lists no measurements: {helped.stdout[:300]!r}")
for i in sorted(set(cli_ids) - set(api_ids)):
    fail(f"{i}: in `fremdrift measure --help` but not in /api/v1/measurements")
for i in sorted(set(api_ids) - set(cli_ids)):
    fail(f"{i}: in /api/v1/measurements but not in `fremdrift measure --help`")
if len(api_ids) != len(set(api_ids)):
    fail(f"/api/v1/measurements lists an id twice: {api_ids}")
print(f"listed by both: {len(set(api_ids) & set(cli_ids))} measurements: {' '.join(api_ids)}")


def option(name):
    return "--" + name.replace("_", "-")


def cli_args(m, params):
    args = [fremdrift, "--quiet", "measure", m["id"]]
    for inp in m["inputs"]:
        if inp["name"] in inputs:
            args += [option(inp["name"]), inputs[inp["name"]]]
        elif inp["required"]:
            fail(f"{m['id']}: the test has no value for the required input --{inp['name']}")
            return None
    for spec in m["params"]:
        if spec["name"] not in params:
            continue
        if spec["type"] == "flag":
            if params[spec["name"]] == "true":
                args.append(option(spec["name"]))
        else:
            args += [option(spec["name"]), params[spec["name"]]]
    return args + ["--format", "csv", "--min-persons", "5"]


def same_refusal(m, api_body, cli_stderr):
    """True when the API's error message is the CLI's (`--as-of: x` there is `as_of: x` here)."""
    try:
        api_message = json.loads(api_body)["error"]["message"]
    except (ValueError, KeyError, TypeError):
        return False
    cli_message = cli_stderr.decode(errors="replace").strip().removeprefix("fremdrift: ")
    for spec in m["params"]:
        if cli_message.startswith(option(spec["name"]) + ":"):
            cli_message = spec["name"] + cli_message[len(option(spec["name"])):]
    return api_message == cli_message


def compare(m, params, must_have_rows):
    """Runs `m` both ways with `params` and compares the CSV bytes. A variant (must_have_rows
    false) that both refuse with the same message counts as the same behaviour; a 403 is a part
    the analyst may not read (another data level) and is not compared."""
    global passed
    label = m["id"] + ("?" + urllib.parse.urlencode(params) if params else "")
    query = urllib.parse.urlencode({**params, "format": "csv"})
    status, api = http(f"/api/v1/measurements/{m['id']}?{query}")
    if status == 403:
        print(f"     {label}: not aggregate for this part (403), not compared")
        return
    args = cli_args(m, params)
    if args is None:
        return
    cli = subprocess.run(args, capture_output=True)
    if status != 200 and not must_have_rows and cli.returncode != 0:
        if same_refusal(m, api, cli.stderr):
            print(f"ok   {label}: both refuse: {json.loads(api)['error']['message'][:120]}")
        else:
            fail(f"{label}: refused differently: API HTTP {status} {api[:200]!r}, CLI exit "
                 f"{cli.returncode} {cli.stderr[:200]!r}")
        return
    if status != 200:
        fail(f"{label}: the API answers HTTP {status}: {api[:300]!r}")
        return
    if cli.returncode != 0:
        fail(f"{label}: `{' '.join(args[1:])}` exits {cli.returncode}: {cli.stderr[:300]!r}")
        return
    if cli.stdout != api:
        cli_lines, api_lines = cli.stdout.split(b"\n"), api.split(b"\n")
        first = next((i for i, (a, b) in enumerate(zip(cli_lines, api_lines)) if a != b),
                     min(len(cli_lines), len(api_lines)))
        fail(f"{label}: CLI and API CSV differ ({len(cli.stdout)} and {len(api)} bytes; "
             f"first difference on line {first + 1}: CLI "
             f"{cli_lines[first][:160] if first < len(cli_lines) else b'<end>'!r}, API "
             f"{api_lines[first][:160] if first < len(api_lines) else b'<end>'!r})")
        return
    rows = api.count(b"\n") - 1
    if must_have_rows and rows < 1:
        fail(f"{label}: no rows on the simulated data, so nothing was compared")
        return
    passed += 1
    print(f"ok   {label}: {rows} rows, {len(api)} bytes identical")


aggregate = [m for m in listing if m["level"] == "aggregate"]
if not aggregate:
    fail("no aggregate measurement is listed")
for m in listing:
    if m["level"] != "aggregate":
        # Not aggregate by default: its aggregate parts (those the analyst may read) are compared.
        print(f"     {m['id']}: level {m['level']} by default; its other parts:")
        for spec in m["params"]:
            if spec["type"] == "choice":
                for choice in spec["choices"]:
                    if choice != spec["default"]:
                        compare(m, {spec["name"]: choice}, must_have_rows=False)
for m in aggregate:
    if not m["available"]:
        fail(f"{m['id']}: listed as not available on a server with every input")
        continue
    base_params = {}
    missing = False
    for spec in m["params"]:
        if spec["required"]:
            if spec["name"] not in samples:
                fail(f"{m['id']}: no sample value for the required parameter {spec['name']}")
                missing = True
            else:
                base_params[spec["name"]] = samples[spec["name"]]
    if missing:
        continue
    compare(m, base_params, must_have_rows=True)
    for spec in m["params"]:
        if spec["type"] == "choice":
            for choice in spec["choices"]:
                if choice != spec["default"]:
                    compare(m, {**base_params, spec["name"]: choice}, must_have_rows=False)
        elif spec["type"] == "flag":
            compare(m, {**base_params, spec["name"]: "true"}, must_have_rows=False)
    narrowed = dict(base_params)
    for spec in m["params"]:
        if spec["name"] in samples and spec["name"] not in narrowed and spec["type"] != "flag":
            narrowed[spec["name"]] = samples[spec["name"]]
    if narrowed != base_params:
        compare(m, narrowed, must_have_rows=False)

print(f"cli_api_same: {passed} passed, {len(failures)} failed")
sys.exit(1 if failures or passed == 0 else 0)
