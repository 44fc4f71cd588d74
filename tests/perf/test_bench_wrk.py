"""bench/wrk.py: how wrk's text report is read. Only answered requests count towards the
rate the targets compare, so a server that answers errors fast does not look fast."""

from __future__ import annotations

import math
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import wrk  # noqa: E402

# wrk 4.2's report with --latency, as the bench runs it: 10 of 1,000 requests failed
# (4 socket errors, 6 non-2xx answers).
REPORT = """Running 5s test @ http://127.0.0.1:8000
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.05ms  512.00us  13.04ms   90.00%
    Req/Sec   100.00     20.00   150.00     70.00%
  Latency Distribution
     50%  850.00us
     75%    1.20ms
     90%    1.50ms
     99%    1.30s
  1000 requests in 5.00s, 1.00MB read
  Socket errors: connect 1, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 6
Requests/sec:    200.00
Transfer/sec:    204.80KB
"""


def test_only_answered_requests_count_towards_the_rate():
    result = wrk._parse(REPORT)
    assert (result.requests, result.errors, result.answered) == (1000, 10, 990)
    assert result.rps == 198.0
    assert (result.p50_ms, result.p99_ms) == (0.85, 1300.0)


def test_a_clean_run_keeps_wrk_s_rate_and_a_report_without_requests_has_none():
    clean = "\n".join(line for line in REPORT.splitlines()
                      if not line.lstrip().startswith(("Socket errors", "Non-2xx")))
    result = wrk._parse(clean)
    assert (result.requests, result.errors, result.rps) == (1000, 0, 200.0)
    empty = wrk._parse("unable to connect to 127.0.0.1:8000 Connection refused\n")
    assert (empty.requests, empty.errors, empty.answered, empty.rps) == (0, 0, 0, 0.0)
    assert math.isnan(empty.p50_ms) and math.isnan(empty.p99_ms)
