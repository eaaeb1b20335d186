#!/usr/bin/env python3
"""Slow and idle clients against a running lanzhou-qa server, on loopback only.

Opens SLOW connections that send a request head one byte a second, BODIES connections
that send a complete head and then a body one byte a second, and IDLE connections that
send nothing; records when the server closes each; meanwhile probes GET /healthz on a
fresh connection every 50 ms and reports its latency. Ends by itself after --seconds.

    python3 scripts/slowloris.py --url http://127.0.0.1:8090 --each 200 --seconds 30
"""
import argparse
import asyncio
import statistics
import time
from urllib.parse import urlparse


async def hold(kind, host, port, start, closed, head_timeout):
    try:
        reader, writer = await asyncio.open_connection(host, port)
    except OSError:
        closed[kind].append(None)
        return
    if kind == "slow":
        payload = b"GET /healthz HTTP/1.1\r\nHost: %s\r\nX-Slow: " % host.encode() + b"a" * 10_000
    elif kind == "body":
        head = (
            "POST /ask HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n"
            "Content-Length: 1000\r\n\r\n" % host
        ).encode()
        writer.write(head)
        payload = b'{"question": "' + b"a" * 980
    else:
        payload = b""
    opened = time.monotonic()

    async def drip():
        for byte in payload:
            writer.write(bytes([byte]))
            try:
                await writer.drain()
            except OSError:
                return
            await asyncio.sleep(1)
        await asyncio.sleep(3600)

    dripping = asyncio.ensure_future(drip())
    try:
        while True:
            data = await reader.read(4096)
            if not data:
                break
    except OSError:
        pass
    closed[kind].append(time.monotonic() - opened)
    dripping.cancel()
    writer.close()


async def probe(host, port):
    started = time.monotonic()
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(b"GET /healthz HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n" % host.encode())
    await writer.drain()
    data = await reader.read()
    writer.close()
    elapsed = time.monotonic() - started
    return elapsed, data.startswith(b"HTTP/1.1 200")


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8090")
    parser.add_argument("--each", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--head-timeout", type=float, default=10)
    args = parser.parse_args()
    url = urlparse(args.url)
    host, port = url.hostname, url.port or 80
    assert host in ("127.0.0.1", "localhost", "::1"), "loopback only"
    start = time.monotonic()
    closed = {"slow": [], "body": [], "idle": []}
    tasks = [
        asyncio.ensure_future(hold(kind, host, port, start, closed, args.head_timeout))
        for kind in closed
        for _ in range(args.each)
    ]
    latencies, failures = [], 0
    while time.monotonic() - start < args.seconds:
        try:
            elapsed, ok = await asyncio.wait_for(probe(host, port), 5)
            latencies.append(elapsed)
            failures += not ok
        except (OSError, asyncio.TimeoutError):
            failures += 1
        await asyncio.sleep(0.05)
    for task in tasks:
        task.cancel()
    for kind, times in closed.items():
        done = [t for t in times if t is not None]
        print(
            f"{kind:5}: {len(done)}/{args.each} closed by the server within {args.seconds:.0f} s; "
            f"slowest after {max(done) if done else float('nan'):.1f} s"
        )
    ms = [t * 1000 for t in latencies]
    print(
        f"/healthz: {len(ms)} probes, {failures} failed; p50 {statistics.median(ms):.2f} ms, "
        f"p99 {percentile(ms, 99):.2f} ms, max {max(ms):.2f} ms"
    )


asyncio.run(main())
