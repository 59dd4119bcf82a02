#!/usr/bin/env python3
"""A local stand-in for api.jobindsats.dk (API v2) over HTTPS, for tests/official/live_fetch.sh.

Answers POST /v2/data/{table}/json like the real API as public code shows it: with the right key
in the Authorization header, the saved response of that table (fixtures folder); with any other
key, the key refusal {"Forkert nøgle eller nøglen er udløbet.":""}. A request whose body does not
ask for areas "*" and one of the expected period lists gets a broken document, so the client's check of it shows.
Each request is logged (one JSON line: path, whether the key matched, the body), never the key.

Usage: fake_jobindsats.py CERT KEY FIXTURES_DIR GOOD_KEY PORT_FILE LOG_FILE
"""
import http.server
import json
import os
import ssl
import sys

cert, key, fixtures, good_key, port_file, log_file = sys.argv[1:7]
EXPECTED = {
    "y07a02": ([["2019M01", "2019M02"], [f"2019M{m:02d}" for m in range(1, 13)]],
               "y07a02_2019-03.json"),
    "y30r21": ([["2023QMAT04"]], "y30r21_2024-04.json"),
}


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length).decode("utf-8", "replace")
        key_ok = self.headers.get("Authorization", "") == good_key
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        with open(log_file, "a", encoding="utf-8") as log:
            log.write(json.dumps({"path": self.path, "key_ok": key_ok, "body": body},
                                 ensure_ascii=False) + "\n")
        parts = self.path.strip("/").split("/")
        if len(parts) != 4 or parts[:2] != ["v2", "data"] or parts[3] != "json":
            return self.answer(404, '{"error":"not found"}')
        if not key_ok:
            return self.answer(200, '{"Forkert nøgle eller nøglen er udløbet.":""}')
        table = parts[2]
        if table not in EXPECTED:
            return self.answer(404, '{"error":"no such table"}')
        periods, fixture = EXPECTED[table]
        if not isinstance(body, dict) or body.get("area") != "*" or body.get("period") not in periods:
            return self.answer(200, '[{"Variables": [')
        with open(os.path.join(fixtures, fixture), encoding="utf-8") as f:
            return self.answer(200, f.read())


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
server.socket = context.wrap_socket(server.socket, server_side=True)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
