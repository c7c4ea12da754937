"""Process-wide request metrics for a small web service.

The counters live in module globals that `record_request` and `reset` rebind
with `global` (HOT103): every rebinding tells an optimizing interpreter that the
module's globals changed, which slows global lookups in every function here.
`record_cache_lookup` shows the alternative: the counters sit in a dict, the
global name never changes, and hotlint has nothing to say about it.
"""
import bisect
import threading
import time
from typing import Iterable, NamedTuple

_lock = threading.Lock()
_started_at = time.monotonic()

_requests_total = 0
_errors_total = 0
_slowest_seconds = 0.0
_last_request_at = None
_latencies: list[float] = []

_cache_counters = {"hits": 0, "misses": 0}


class LogEntry(NamedTuple):
    path: str
    status: int
    seconds: float


def record_request(seconds: float, status: int) -> None:
    """Count one finished request; called from the request middleware."""
    global _requests_total, _errors_total, _slowest_seconds, _last_request_at
    with _lock:
        _requests_total += 1
        if status >= 500:
            _errors_total += 1
        if seconds > _slowest_seconds:
            _slowest_seconds = seconds
        _last_request_at = time.time()
        bisect.insort(_latencies, seconds)


def record_cache_lookup(hit: bool) -> None:
    with _lock:
        _cache_counters["hits" if hit else "misses"] += 1


def reset() -> None:
    """Start a new measurement window (used by the admin endpoint and tests)."""
    global _requests_total, _errors_total, _slowest_seconds, _latencies
    with _lock:
        _requests_total = 0
        _errors_total = 0
        _slowest_seconds = 0.0
        _latencies = []
        _cache_counters.update(hits=0, misses=0)


def percentile(fraction: float) -> float:
    with _lock:
        if not _latencies:
            return 0.0
        index = min(len(_latencies) - 1, int(fraction * len(_latencies)))
        return _latencies[index]


def snapshot() -> dict:
    with _lock:
        uptime = time.monotonic() - _started_at
        lookups = _cache_counters["hits"] + _cache_counters["misses"]
        return {
            "uptime_seconds": round(uptime, 1),
            "requests_total": _requests_total,
            "errors_total": _errors_total,
            "error_ratio": _errors_total / _requests_total if _requests_total else 0.0,
            "slowest_seconds": _slowest_seconds,
            "last_request_at": _last_request_at,
            "cache_hit_ratio": _cache_counters["hits"] / lookups if lookups else 0.0,
        }


def replay(entries: Iterable[LogEntry]) -> dict:
    """Rebuild the metrics from an access log, e.g. after a restart."""
    reset()
    for entry in entries:
        record_request(entry.seconds, entry.status)
    return snapshot()


if __name__ == "__main__":
    log = [LogEntry("/", 200, 0.012), LogEntry("/login", 500, 0.250), LogEntry("/", 304, 0.004)]
    print(replay(log))
    print("p50:", percentile(0.5))
