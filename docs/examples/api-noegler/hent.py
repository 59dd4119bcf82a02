#!/usr/bin/env python3
"""Fetch one fremdrift measurement with an API token (Python, requests) and print it as CSV.

The token comes from the environment, never from the script: an administrator issues it
(`fremdrift token issue NAME --kommune 657`, or the admin API) and you keep it like a password.

    export FREMDRIFT_URL=https://fremdrift.kommune.dk
    export FREMDRIFT_TOKEN=fdt_...
    python3 hent.py fuldtidspersoner kommune=657 from=2019-01 area=kommune,rar,land

FREMDRIFT_CA may name a CA file (PEM) for a server whose certificate is not signed by a CA the
system trusts. A token reads aggregate measurements of its municipalities only (docs/security.md).
With pandas: pandas.DataFrame(rows) instead of the CSV writer.
"""
import csv
import os
import sys

import requests


def fetch(url, token, measurement, params):
    """The measurement's Table as a list of dicts (one per row)."""
    response = requests.get(
        f"{url.rstrip('/')}/api/v1/measurements/{measurement}",
        params=params,
        headers={"Authorization": f"Bearer {token}"},
        verify=os.environ.get("FREMDRIFT_CA", True),
        timeout=120,
    )
    if response.status_code != 200:
        # The server explains a refusal in its JSON error ({"error": {"code", "message"}}).
        try:
            message = response.json()["error"]["message"]
        except (ValueError, KeyError):
            message = response.text[:200]
        sys.exit(f"fremdrift svarede {response.status_code}: {message}")
    return response.json()["rows"]


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    url = os.environ.get("FREMDRIFT_URL", "http://127.0.0.1:8080")
    token = os.environ.get("FREMDRIFT_TOKEN")
    if not token:
        sys.exit("set FREMDRIFT_TOKEN to the API token (fdt_...)")
    params = dict(arg.split("=", 1) for arg in sys.argv[2:])
    rows = fetch(url, token, sys.argv[1], params)
    if rows:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0].keys()))
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    main()
