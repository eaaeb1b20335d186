#!/usr/bin/env python3
"""The cost of the worst questions against typical ones, over HTTP, against a running
lanzhou-qa server on loopback only.

1. Sequentially, --rounds times each: the four questions of benches/wrk-ask.lua
   (typical) and 999-character questions of random letter-words (worst known: every word
   is a spelling and prefix candidate). Prints the mean time of each kind and the ratio.
2. Under load: --clients threads sending worst questions for --seconds, while /healthz
   is probed every 20 ms on a fresh connection; prints their throughput, how many were
   shed with 503, and /healthz p50/p99.

    python3 scripts/question_cost.py --url http://127.0.0.1:8090
"""
import argparse
import http.client
import json
import random
import statistics
import threading
import time
from urllib.parse import urlparse

TYPICAL = [
    "What was the added value of primary industry in 2018?",
    "What is the CAGR of tertiary industry added value from 1949 to 2018?",
    "What does Lanzhou focus on in the cultivation of emerging businesses?",
    "What was Lanzhou's unemployment rate in 2018?",
]


def worst_questions(count, seed=11):
    rng = random.Random(seed)
    questions = []
    for _ in range(count):
        words = []
        while len(" ".join(words)) < 990:
            words.append("".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 10))))
        questions.append(" ".join(words)[:999])
    return questions


def ask(connection, question):
    body = json.dumps({"question": question})
    started = time.perf_counter()
    connection.request("POST", "/ask", body, {"Content-Type": "application/json"})
    response = connection.getresponse()
    response.read()
    return time.perf_counter() - started, response.status


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8090")
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    url = urlparse(args.url)
    assert url.hostname in ("127.0.0.1", "localhost", "::1"), "loopback only"
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    worst = worst_questions(args.rounds)
    for question in TYPICAL + worst[:10]:
        ask(connection, question)  # warm up
    typical = [ask(connection, TYPICAL[i % len(TYPICAL)])[0] for i in range(args.rounds)]
    hostile = [ask(connection, worst[i])[0] for i in range(args.rounds)]
    t, h = statistics.mean(typical) * 1000, statistics.mean(hostile) * 1000
    print(f"typical question: mean {t:.2f} ms, p99 {percentile(typical, 99) * 1000:.2f} ms")
    print(f"999-character random-word question: mean {h:.2f} ms, p99 {percentile(hostile, 99) * 1000:.2f} ms")
    print(f"worst / typical: {h / t:.1f}x")

    stop = time.monotonic() + args.seconds
    counts = {"ok": 0, "shed": 0, "other": 0}
    lock = threading.Lock()

    def flood(seed):
        questions = worst_questions(50, seed)
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        i = 0
        while time.monotonic() < stop:
            try:
                _, status = ask(conn, questions[i % len(questions)])
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
                status = "error"
            key = "ok" if status == 200 else "shed" if status == 503 else "other"
            with lock:
                counts[key] += 1
            i += 1

    threads = [threading.Thread(target=flood, args=(100 + n,)) for n in range(args.clients)]
    for thread in threads:
        thread.start()
    latencies, failures = [], 0
    while time.monotonic() < stop:
        started = time.perf_counter()
        try:
            probe = http.client.HTTPConnection(url.hostname, url.port, timeout=5)
            probe.request("GET", "/healthz")
            ok = probe.getresponse().status == 200
            probe.close()
        except (OSError, http.client.HTTPException):
            ok = False
        latencies.append(time.perf_counter() - started)
        failures += not ok
        time.sleep(0.02)
    for thread in threads:
        thread.join()
    ms = [x * 1000 for x in latencies]
    print(
        f"{args.clients} clients of worst questions for {args.seconds:.0f} s: "
        f"{counts['ok'] / args.seconds:.0f} answered/s, {counts['shed']} shed with 503, {counts['other']} other"
    )
    print(
        f"/healthz meanwhile: {len(ms)} probes, {failures} failed; p50 {statistics.median(ms):.2f} ms, "
        f"p99 {percentile(ms, 99):.2f} ms"
    )


main()
