"""Summarise a web server access log (common log format).

The same kind of work as the other examples, written the way hotlint would
suggest: imports and constant collections at module level, a slotted frozen
dataclass for the per-line records, the file read line by line, and the output
built from a list of parts. `scripts/hotlint check examples/access_log.py`
reports nothing.
"""
import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Iterator

LINE_PATTERN = re.compile(
    r'(?P<ip>\S+) \S+ \S+ \[(?P<time>[^\]]+)\] "(?P<method>[A-Z]+) (?P<path>\S+)[^"]*" '
    r"(?P<status>\d{3}) (?P<size>\d+|-)"
)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
ERROR_STATUS_MIN = 500


@dataclass(frozen=True, slots=True)
class Hit:
    ip: str
    method: str
    path: str
    status: int
    size: int


def parse_line(line: str) -> Hit | None:
    match = LINE_PATTERN.match(line)
    if match is None:
        return None
    size = match["size"]
    return Hit(
        ip=match["ip"],
        method=match["method"],
        path=match["path"],
        status=int(match["status"]),
        size=0 if size == "-" else int(size),
    )


def read_hits(lines: Iterable[str]) -> Iterator[Hit]:
    parsed = (parse_line(line) for line in lines)
    return (hit for hit in parsed if hit is not None)


def summarise(hits: Iterable[Hit]) -> dict:
    hits = list(hits)
    return {
        "status": Counter(hit.status for hit in hits),
        "paths": Counter(hit.path for hit in hits),
        "unsafe": sum(hit.method not in SAFE_METHODS for hit in hits),
        "errors": sum(hit.status >= ERROR_STATUS_MIN for hit in hits),
        "bytes": sum(hit.size for hit in hits),
    }


def format_summary(summary: dict, top: int = 5) -> str:
    parts = [f"{status}: {count}" for status, count in sorted(summary["status"].items())]
    parts.append(f"unsafe requests: {summary['unsafe']}")
    parts.append(f"server errors: {summary['errors']}")
    parts.append(f"bytes sent: {summary['bytes']:,}")
    parts.append("busiest paths:")
    parts.extend(f"  {count:>6}  {path}" for path, count in summary["paths"].most_common(top))
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log", type=argparse.FileType("r", encoding="utf-8"))
    parser.add_argument("--top", type=int, default=5)
    options = parser.parse_args(argv)
    with options.log as handle:
        print(format_summary(summarise(read_hits(handle)), options.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
