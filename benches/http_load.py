#!/usr/bin/env python3
"""Times candidate searches through the HTTP API, one request at a time, as a case worker
would send them: `GET /api/v1/vacancies/{id}/matches?limit=20` for every stored vacancy.

    PASSGENAU_TOKEN=pg_… python3 benches/http_load.py [BASE_URL] [ROUNDS]

BASE_URL defaults to http://127.0.0.1:8080, ROUNDS to 2 (the first warms up and is not
counted). The token needs a role that may read matches (staff or admin). Answers 429 are
waited out as `Retry-After` says and not counted. Standard library only.
"""

import json
import os
import sys
import time
import urllib.error
import urllib.request


def main() -> None:
    base = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080").rstrip("/")
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    token = os.environ.get("PASSGENAU_TOKEN")
    if not token:
        sys.exit("set PASSGENAU_TOKEN to a staff or admin token")

    def get(path: str) -> tuple[float, dict]:
        while True:
            req = urllib.request.Request(
                base + "/api/v1" + path, headers={"Authorization": "Bearer " + token}
            )
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(req) as answer:
                    body = answer.read()
                return (time.perf_counter() - started) * 1000.0, json.loads(body)
            except urllib.error.HTTPError as e:
                if e.code != 429:
                    raise
                time.sleep(float(e.headers.get("Retry-After", "1")))

    ids, after = [], None
    while True:
        _, page = get("/vacancies?limit=100" + (f"&after={after}" if after else ""))
        ids += [v["id"] for v in page["items"]]
        after = page.get("next_after")
        if not after:
            break
    if not ids:
        sys.exit("no vacancies stored")

    times, considered = [], 0
    for r in range(rounds):
        for vid in ids:
            ms, body = get(f"/vacancies/{vid}/matches?limit=20")
            if r > 0 or rounds == 1:
                times.append(ms)
                considered += body.get("considered", 0)
    times.sort()

    def pct(q: float) -> float:
        return times[round((len(times) - 1) * q)]

    print(
        f"{len(times)} searches over HTTP (top 20, {len(ids)} vacancies): "
        f"p50 {pct(0.5):.1f} ms, p90 {pct(0.9):.1f} ms, p99 {pct(0.99):.1f} ms, "
        f"max {times[-1]:.1f} ms; mean considered {considered // len(times)}"
    )


if __name__ == "__main__":
    main()
