"""Point-cloud helpers for a 3-D scanner pipeline.

The inner loops were written in the pre-3.11 "hoist every lookup into a local"
style: `append = out.append`, `sqrt = math.sqrt`, `floor = math.floor`. On
Python 3.11+ the specialising interpreter already caches those lookups, and the
aliases can make the calls slower (HOT104). `nearest_first` keeps an alias on
purpose, as a sort key, and is not reported.
"""
import functools
import math
from typing import Iterable, Sequence

Point = tuple[float, float, float]


def centroid(points: Sequence[Point]) -> Point:
    count = len(points)
    if not count:
        raise ValueError("centroid of an empty point cloud")
    xs, ys, zs = zip(*points)
    return (math.fsum(xs) / count, math.fsum(ys) / count, math.fsum(zs) / count)


def distances(points: Iterable[Point], origin: Point) -> list[float]:
    """Euclidean distance of every point from `origin`, in input order."""
    ox, oy, oz = origin
    sqrt = math.sqrt
    out: list[float] = []
    append = out.append
    for x, y, z in points:
        dx, dy, dz = x - ox, y - oy, z - oz
        append(sqrt(dx * dx + dy * dy + dz * dz))
    return out


def within_radius(points: Iterable[Point], origin: Point, radius: float) -> list[Point]:
    dist = math.dist
    return [point for point in points if dist(point, origin) <= radius]


def voxel_counts(points: Iterable[Point], size: float) -> dict[tuple[int, int, int], int]:
    """How many points fall into each cube of edge `size`."""
    if size <= 0:
        raise ValueError("voxel size must be positive")
    floor = math.floor
    counts: dict[tuple[int, int, int], int] = {}
    get = counts.get
    for x, y, z in points:
        key = (floor(x / size), floor(y / size), floor(z / size))
        counts[key] = get(key, 0) + 1
    return counts


def downsample(points: Iterable[Point], size: float) -> list[Point]:
    """Keep the first point seen in every voxel."""
    seen: set[tuple[int, int, int]] = set()
    kept: list[Point] = []
    for x, y, z in points:
        key = (math.floor(x / size), math.floor(y / size), math.floor(z / size))
        if key in seen:
            continue
        seen.add(key)
        kept.append((x, y, z))
    return kept


def nearest_first(points: Iterable[Point], origin: Point) -> list[Point]:
    key = functools.partial(math.dist, origin)
    return sorted(points, key=key)


if __name__ == "__main__":
    cloud = [(0.0, 0.0, 0.0), (1.0, 2.0, 2.0), (0.2, 0.1, 0.3), (4.0, 4.0, 4.0)]
    print(centroid(cloud))
    print(distances(cloud, (0.0, 0.0, 0.0)))
    print(within_radius(cloud, (0.0, 0.0, 0.0), 3.0))
    print(voxel_counts(cloud, 1.0))
    print(downsample(cloud, 1.0))
    print(nearest_first(cloud, (4.0, 4.0, 4.0)))
