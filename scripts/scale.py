#!/usr/bin/env python3
"""The scaling benchmark: for each corpus size N, writes N articles (scripts/gen_corpus.py),
builds the index with the release binary, starts the server on a loopback port, and
measures what the cost of a question and of serving does as the corpus grows. Prints one
Markdown table row per N (median of --runs where it says so).

    scripts/scale.sh                       # builds the release binary, then runs this
    python3 scripts/scale.py --sizes 1 100 1000 10000 --work /tmp/lanzhou-scale

Columns:
- facts: the fact table's rows, as `index` reports them.
- index build: wall time of `lanzhou-qa index` from an empty index folder; its peak RSS.
- start: from starting `lanzhou-qa serve` (index present) to the first 200 from /healthz,
  median of --runs starts; RSS idle: the server's resident memory right after that.
- p50 / p99: sequential POST /ask over one kept-alive connection of "What was X's
  tertiary industry added value in YEAR?", X and YEAR one article's (--questions of them,
  a different article each time, after 20 warm-up questions); `answered` counts replies
  whose answer holds the figure the article states.
- rps: `wrk -t2 -c16 -d10s` over the same questions (benches/wrk-scale.lua), requests a
  second; without wrk, 16 Python threads for 10 seconds (marked "py").

Only loopback addresses are used; every server started is stopped.
"""
import argparse
import http.client
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def questions_of(tsv):
    out = []
    with open(tsv, encoding="utf-8") as f:
        for line in f:
            place, year, tertiary = line.rstrip("\n").split("\t")
            out.append((f"What was {place}'s tertiary industry added value in {year}?", tertiary))
    return out


def run_timed(argv, env=None):
    """Runs argv to completion; returns (seconds, peak RSS in MB, stdout)."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(argv)} failed: {err.decode(errors='replace')}")
    return elapsed, usage.ru_maxrss / 1024, out.decode()


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def healthy(port):
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
        conn.request("GET", "/healthz")
        ok = conn.getresponse().status == 200
        conn.close()
        return ok
    except OSError:
        return False


class Server:
    """`lanzhou-qa serve` on a loopback port, started and timed until /healthz answers."""

    def __init__(self, binary, corpus, index, port):
        env = dict(os.environ, RUST_LOG="warn")
        self.port = port
        started = time.perf_counter()
        self.proc = subprocess.Popen(
            [binary, "serve", "--addr", f"127.0.0.1:{port}", "--corpus", corpus, "--index", index],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        deadline = started + 600
        while not healthy(port):
            if self.proc.poll() is not None or time.perf_counter() > deadline:
                self.stop()
                sys.exit("the server did not start")
            time.sleep(0.005)
        self.start_seconds = time.perf_counter() - started

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def ask(conn, question):
    body = json.dumps({"question": question})
    started = time.perf_counter()
    conn.request("POST", "/ask", body, {"Content-Type": "application/json"})
    response = conn.getresponse()
    data = response.read()
    return time.perf_counter() - started, response.status, data


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def latency(port, questions, count, rng):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for _ in range(20):
        ask(conn, rng.choice(questions)[0])
    times, answered = [], 0
    picked = [rng.choice(questions) for _ in range(count)]
    for q, figure in picked:
        seconds, status, data = ask(conn, q)
        if status != 200:
            sys.exit(f"POST /ask answered {status}: {data[:200]!r}")
        times.append(seconds)
        reply = json.loads(data)
        if reply.get("answered") and figure in reply.get("answer", ""):
            answered += 1
    conn.close()
    return percentile(times, 50), percentile(times, 99), answered


def throughput(port, tsv, seconds):
    if shutil.which("wrk"):
        script = os.path.join(ROOT, "benches", "wrk-scale.lua")
        out = subprocess.run(
            ["wrk", "-t2", "-c16", f"-d{seconds}s", "-s", script, f"http://127.0.0.1:{port}/ask",
             "--", tsv], capture_output=True, text=True, check=True).stdout
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        return f"{rps:,.0f}" + (f" ({bad.group(1)} non-2xx)" if bad else "")
    import threading

    questions = questions_of(tsv)
    counts = []
    stop_at = time.perf_counter() + seconds

    def client(seed):
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        n = 0
        while time.perf_counter() < stop_at:
            ask(conn, rng.choice(questions)[0])
            n += 1
        counts.append(n)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return f"{sum(counts) / seconds:,.0f} py"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 100, 1000, 10000])
    parser.add_argument("--work", default="/tmp/lanzhou-scale")
    parser.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "lanzhou-qa"))
    parser.add_argument("--port", type=int, default=18710)
    parser.add_argument("--runs", type=int, default=3, help="starts to take the median of")
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--seconds", type=int, default=10, help="of the throughput run")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    rng = random.Random(10)
    print("| articles | facts | index build (peak RSS) | start, index present | RSS idle "
          "| figure question p50 / p99 (answered) | wrk -t2 -c16 rps |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for n in args.sizes:
        corpus = os.path.join(args.work, f"corpus-{n}")
        tsv = corpus + ".questions.tsv"
        index = os.path.join(args.work, f"index-{n}")
        if not os.path.exists(tsv):
            subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "gen_corpus.py"),
                            "--count", str(n), "--out", corpus], check=True)
            shutil.copy(os.path.join(ROOT, "corpus", "lexicon.toml"), corpus)
        shutil.rmtree(index, ignore_errors=True)
        build_s, build_rss, out = run_timed(
            [args.binary, "index", "--corpus", corpus, "--index", index])
        facts = re.search(r"(\d+) facts", out).group(1)
        starts, idle = [], []
        for _ in range(args.runs):
            server = Server(args.binary, corpus, index, args.port)
            starts.append(server.start_seconds)
            time.sleep(0.2)
            idle.append(rss_mb(server.proc.pid))
            server.stop()
        server = Server(args.binary, corpus, index, args.port)
        try:
            questions = questions_of(tsv)
            p50, p99, answered = latency(args.port, questions, args.questions, rng)
            rps = throughput(args.port, tsv, args.seconds)
        finally:
            server.stop()
        print(f"| {n:,} | {int(facts):,} | {build_s:.2f} s ({build_rss:.0f} MB) "
              f"| {statistics.median(starts):.2f} s | {statistics.median(idle):.0f} MB "
              f"| {p50 * 1000:.2f} / {p99 * 1000:.2f} ms ({answered}/{args.questions}) | {rps} |",
              flush=True)


if __name__ == "__main__":
    main()
