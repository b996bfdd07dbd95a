#!/usr/bin/env python3
"""The mixed load of the web interface's daily use against a running server: CLIENTS clients,
each sending one request at a time for SECONDS seconds, 60 % candidate searches
(`GET /vacancies/{id}/matches?limit=20`), 20 % reads (`GET /candidates/{id}`), 20 % writes
(`PUT /candidates/by-ref/{ref}` of a changed profile). Reports throughput, p50/p99 latency per
kind, and every answer that was not a success. A benchmark, not a test.

    PASSGENAU_AUTH__RATE_LIMIT_PER_MINUTE=1000000 cargo run --release -- serve --demo &
    source data/demo-tokens.env
    PASSGENAU_TOKEN=$STAFF_TOKEN python3 benches/mixed_load.py [BASE_URL] [CLIENTS] [SECONDS]

BASE_URL defaults to http://127.0.0.1:8080, CLIENTS to 64, SECONDS to 30. The quota is
raised for the run so that the figures measure the service, not the rate limit. Sends only
to the address given (loopback by default); stops by itself. Standard library only.
"""

import http.client
import json
import os
import random
import sys
import threading
import time
import urllib.parse


def main() -> None:
    base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
    clients = int(sys.argv[2]) if len(sys.argv) > 2 else 64
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 30.0
    token = os.environ.get("PASSGENAU_TOKEN")
    if not token:
        sys.exit("set PASSGENAU_TOKEN to a staff or admin token")
    url = urllib.parse.urlsplit(base)
    headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}

    def connect() -> http.client.HTTPConnection:
        return http.client.HTTPConnection(url.hostname, url.port or 80, timeout=60)

    def call(conn, method, path, body=None):
        conn.request(method, "/api/v1" + path, body=body, headers=headers)
        answer = conn.getresponse()
        data = answer.read()
        return answer.status, data

    def ids(conn, what):
        out, after = [], None
        while True:
            status, data = call(conn, "GET", f"/{what}?limit=200" + (f"&after={after}" if after else ""))
            if status != 200:
                sys.exit(f"listing {what} answered {status}")
            page = json.loads(data)
            out += [r["id"] for r in page["items"]]
            after = page.get("next_after")
            if not after or len(out) >= 2000:
                return out

    conn = connect()
    vacancies = ids(conn, "vacancies")
    candidates = ids(conn, "candidates")
    if not vacancies or not candidates:
        sys.exit("no vacancies or candidates stored: start the server with --demo")
    # Profiles to write back changed: the stored ones, under references of the load run.
    _, data = call(conn, "GET", f"/candidates/{candidates[0]}")
    profile = json.loads(data)
    for key in ("id", "version", "created_at", "updated_at", "warnings"):
        profile.pop(key, None)
    conn.close()

    stop = time.monotonic() + seconds
    lock = threading.Lock()
    times = {"search": [], "read": [], "write": []}
    failures = {}

    def client(n: int) -> None:
        rng = random.Random(n)
        conn = connect()
        mine = dict(profile)
        k = 0
        while time.monotonic() < stop:
            roll = rng.random()
            if roll < 0.6:
                kind, method, path, body = "search", "GET", f"/vacancies/{rng.choice(vacancies)}/matches?limit=20", None
            elif roll < 0.8:
                kind, method, path, body = "read", "GET", f"/candidates/{rng.choice(candidates)}", None
            else:
                ref = f"LOAD-{n}-{k % 20}"
                mine["external_ref"] = ref
                mine["max_commute_km"] = 10 + k % 40
                kind, method, path, body = "write", "PUT", f"/candidates/by-ref/{ref}", json.dumps(mine)
                k += 1
            started = time.perf_counter()
            try:
                status, _ = call(conn, method, path, body)
            except (OSError, http.client.HTTPException) as e:
                conn.close()
                conn = connect()
                status = type(e).__name__
            ms = (time.perf_counter() - started) * 1000.0
            with lock:
                if isinstance(status, int) and 200 <= status < 300:
                    times[kind].append(ms)
                else:
                    failures[(kind, status)] = failures.get((kind, status), 0) + 1
        conn.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began

    def pct(xs, p):
        return xs[min(len(xs) - 1, int(len(xs) * p))] if xs else float("nan")

    total = sum(len(v) for v in times.values())
    print(f"{clients} clients, {elapsed:.1f} s: {total} answered, {total / elapsed:.1f} requests/s")
    everything = sorted(x for v in times.values() for x in v)
    print(f"  all     p50 {pct(everything, 0.5):8.1f} ms   p99 {pct(everything, 0.99):8.1f} ms")
    for kind, xs in times.items():
        xs.sort()
        print(f"  {kind:<7} p50 {pct(xs, 0.5):8.1f} ms   p99 {pct(xs, 0.99):8.1f} ms   n={len(xs)}")
    for (kind, status), n in sorted(failures.items(), key=str):
        print(f"  failed: {kind} {status} x{n}")


if __name__ == "__main__":
    main()
