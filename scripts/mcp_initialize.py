#!/usr/bin/env python3
"""Many MCP `initialize` requests against a running lanzhou-qa server, on loopback only,
printing the server's resident memory as they go. Each initialize opens an MCP session
that the client never uses again, as a careless or hostile client would.

    python3 scripts/mcp_initialize.py --url http://127.0.0.1:8090 --pid PID --count 100000
"""
import argparse
import http.client
import threading
import time
from urllib.parse import urlparse

BODY = (
    b'{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",'
    b'"capabilities":{},"clientInfo":{"name":"flood","version":"1"}}}'
)
HEADERS = {
    "Content-Type": "application/json",
    "Accept": "application/json, text/event-stream",
}


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8090")
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--every", type=int, default=10_000)
    args = parser.parse_args()
    url = urlparse(args.url)
    assert url.hostname in ("127.0.0.1", "localhost", "::1"), "loopback only"
    lock = threading.Lock()
    state = {"sent": 0, "ok": 0, "other": {}}

    def worker():
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        while True:
            with lock:
                if state["sent"] >= args.count:
                    return
                state["sent"] += 1
            try:
                connection.request("POST", "/mcp", BODY, HEADERS)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
                status = "error"
            with lock:
                if status == 200:
                    state["ok"] += 1
                else:
                    state["other"][status] = state["other"].get(status, 0) + 1

    print(f"{'initializes':>11}  {'RSS MB':>7}")
    print(f"{0:>11}  {rss_mb(args.pid):>7.1f}")
    threads = [threading.Thread(target=worker) for _ in range(args.threads)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    next_report = args.every
    while any(t.is_alive() for t in threads):
        time.sleep(0.2)
        with lock:
            done = state["ok"] + sum(state["other"].values())
        while done >= next_report:
            print(f"{next_report:>11}  {rss_mb(args.pid):>7.1f}", flush=True)
            next_report += args.every
    elapsed = time.monotonic() - started
    print(
        f"{state['ok']} of {args.count} answered 200 in {elapsed:.1f} s; others: {state['other']}; "
        f"RSS after: {rss_mb(args.pid):.1f} MB"
    )


main()
