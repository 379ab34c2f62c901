"""Find by number, the payments export and the feed under a rate limit, side by side.

Three figures, each against an in-process sandbox (``campfire_pay.sandbox``) on 127.0.0.1:

- **requests to resolve 25,000 numbers** with ``campfire.invoices.find_by_number``: counted by
  the sandbox (1,000 of the numbers exist, the rest match nothing; the count does not depend on
  how many match). Target: 3 (⌈25,000 / 10,000⌉).
- **peak memory of ``campfire-pay payments export``** writing 100,000 payments, against
  10,000: the child process's peak resident set (``VmHWM`` of ``/proc/self/status``, which,
  unlike ``ru_maxrss``, does not count the parent's memory at the fork), the CSV going to
  /dev/null.
  Target: under 150 MB, and flat (the 100,000 run within 1.25x of the 10,000 one).
- **export rate under a 40/s rate limit**: the feed read page by page (50 payments a page) by
  ``campfire.invoices.payment_pages`` from a sandbox that allows 40 requests a second (429 with
  ``Retry-After`` beyond it); pages per second as a share of the limit, timed from the 41st
  page (the bucket holds 40 requests at the start). Target: at least 0.9.

    python scripts/bench_resources.py [--numbers 25000] [--payments 100000] [--rate-pages 400]

It takes about a minute on the development machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

from campfire_pay import Campfire
from campfire_pay.sandbox import Sandbox

ROOT = Path(__file__).resolve().parent.parent
CLI = Path(sys.executable).with_name("campfire-pay")
RATE_LIMIT = 40.0
START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def requests_to_resolve(numbers: int) -> tuple[int, float, int]:
    """(requests sent, seconds, numbers found) for ``find_by_number`` of ``numbers`` numbers."""
    with Sandbox() as sb:
        for i in range(1_000):
            sb.add_invoice("10.00", number=f"INV-{i:06d}")
        asked = [f"INV-{i:06d}" for i in range(numbers)]
        with Campfire(sb.api_key, base_url=sb.base_url) as campfire:
            before = sb.state.requests_seen
            started = time.perf_counter()
            found = campfire.invoices.find_by_number(asked)
            seconds = time.perf_counter() - started
            return (
                sb.state.requests_seen - before,
                seconds,
                sum(v is not None for v in found.values()),
            )


def _seed_payments(sb: Sandbox, count: int) -> None:
    per_invoice = 1_000
    for start in range(0, count, per_invoice):
        doc = sb.add_invoice("1000000.00")
        for i in range(start, min(start + per_invoice, count)):
            sb.record_payment(doc, "1.00", at=START + dt.timedelta(seconds=i))


def export_peak_memory(count: int) -> tuple[float, float]:
    """(peak MB of the export process, seconds) for ``count`` payments."""
    with Sandbox() as sb:
        _seed_payments(sb, count)
        env = {**os.environ, "CAMPFIRE_API_KEY": sb.api_key, "CAMPFIRE_BASE_URL": sb.base_url}
        script = (
            "import sys\n"
            "from campfire_pay.cli._app import app\n"
            "try:\n"
            "    app(['payments', 'export', '--kind', 'invoice'], standalone_mode=False)\n"
            "finally:\n"
            "    status = open('/proc/self/status').read().split('VmHWM:')[1].split()[0]\n"
            "    print(status, file=sys.stderr)\n"
        )
        started = time.perf_counter()
        with open(os.devnull, "w") as sink:
            done = subprocess.run(
                [sys.executable, "-c", script],
                env=env,
                stdout=sink,
                stderr=subprocess.PIPE,
                text=True,
                check=True,
                timeout=600,
            )
        seconds = time.perf_counter() - started
        peak_kb = int(done.stderr.strip().splitlines()[-1])
        return peak_kb / 1024, seconds


def rate_share(pages: int, page_size: int = 50) -> tuple[float, float, int]:
    """(share of the limit, pages per second, 429s) reading ``pages`` feed pages.

    The sandbox's bucket starts full (a second's worth, 40 requests, at once): the clock starts
    after the first 40 pages, so that the figure is the steady rate, not one the burst flatters.
    """
    burst = int(RATE_LIMIT)
    with Sandbox(rate_limit=RATE_LIMIT) as sb:
        _seed_payments(sb, pages * page_size)
        with Campfire(sb.api_key, base_url=sb.base_url, max_retries=10, deadline=600) as campfire:
            throttled_before = sb.network.throttled
            started = 0.0
            read = 0
            for read, _page in enumerate(campfire.invoices.payment_pages(page_size=page_size), 1):
                if read == burst:
                    started = time.perf_counter()
            seconds = time.perf_counter() - started
        assert read == pages, (read, pages)
        rate = (pages - burst) / seconds
        return rate / RATE_LIMIT, rate, sb.network.throttled - throttled_before


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--numbers", type=int, default=25_000)
    parser.add_argument("--payments", type=int, default=100_000)
    parser.add_argument("--rate-pages", type=int, default=400)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    requests, find_seconds, found = requests_to_resolve(args.numbers)
    small_mb, small_s = export_peak_memory(args.payments // 10)
    large_mb, large_s = export_peak_memory(args.payments)
    share, rate, throttled = rate_share(args.rate_pages)
    print(f"load average at start: {load:.1f}")
    print("| measure | figure | target |")
    print("| --- | --- | --- |")
    print(
        f"| requests to resolve {args.numbers:,} numbers | {requests} ({find_seconds:.1f} s, {found:,} found) | 3 |"
    )
    print(
        f"| peak memory, export of {args.payments // 10:,} payments | {small_mb:.0f} MB ({small_s:.1f} s) | |"
    )
    print(
        f"| peak memory, export of {args.payments:,} payments | {large_mb:.0f} MB ({large_s:.1f} s) | < 150 MB |"
    )
    print(
        f"| memory, {args.payments:,} against {args.payments // 10:,} | {large_mb / small_mb:.2f}x | flat (<= 1.25x) |"
    )
    print(
        f"| feed pages under a {RATE_LIMIT:.0f}/s limit | {rate:.1f} pages/s = {share:.2f} of the limit ({throttled} answered 429) | >= 0.9 |"
    )
    met = requests <= 3 and large_mb < 150 and large_mb / small_mb <= 1.25 and share >= 0.9
    print(f"resources: {'all targets met' if met else 'a target missed'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
