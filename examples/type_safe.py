"""A runtime-typed base class in the style of OSBot-Utils' `Type_Safe`.

Subclasses declare their attributes as class annotations, with or without a
default. `Type_Safe.__init__` asks `__cls_kwargs__()` for the defaults of the
whole class hierarchy, applies them, then checks the keyword arguments against
the annotations.

`measure_cls_kwargs()` times `__cls_kwargs__()` the way the
`Performance_Measure__Session` helper does: loop counts grow along the
Fibonacci numbers and the median time per call is kept. That timing loop is what
makes `__cls_kwargs__` hot, and its per-call imports and per-call tuple of
types are exactly what seed 000 found in the disassembly.
"""
import statistics
import time
from typing import Any


def default_value(var_type: Any) -> Any:
    """The value an annotated attribute starts with when the class gives none."""
    if var_type is None or var_type is type(None):
        return None
    try:
        return var_type()
    except TypeError:
        return None


class Type_Safe:
    def __init__(self, **kwargs: Any) -> None:
        class_kwargs = self.__cls_kwargs__()
        for name, value in class_kwargs.items():
            setattr(self, name, value)
        annotations = self.__annotations_of__()
        for name, value in kwargs.items():
            if name not in class_kwargs:
                raise ValueError(f"{type(self).__name__} has no attribute {name!r}")
            expected = annotations.get(name)
            if isinstance(expected, type) and value is not None and not isinstance(value, expected):
                raise TypeError(f"{name!r} must be {expected.__name__}, not {type(value).__name__}")
            setattr(self, name, value)

    @classmethod
    def __annotations_of__(cls) -> dict:
        merged: dict = {}
        for base_cls in reversed(cls.__mro__):
            merged.update(base_cls.__dict__.get("__annotations__", {}))
        return merged

    @classmethod
    def __cls_kwargs__(cls, include_base_classes: bool = True) -> dict:
        import functools
        import inspect
        import types

        IMMUTABLE_TYPES = (bool, int, float, complex, str, bytes, frozenset,
                           types.NoneType, types.FunctionType, types.MethodType, type)
        kwargs: dict = {}
        for base_cls in inspect.getmro(cls):
            if base_cls is object:
                continue
            for name, value in vars(base_cls).items():
                if name.startswith("__") or isinstance(value, types.FunctionType):
                    continue
                if isinstance(value, (classmethod, staticmethod, property)):
                    continue
                if type(value) is functools._lru_cache_wrapper:
                    continue
                if name not in kwargs:
                    kwargs[name] = value
            for var_name, var_type in base_cls.__dict__.get("__annotations__", {}).items():
                if var_name not in kwargs:
                    kwargs[var_name] = default_value(var_type)
                elif type(kwargs[var_name]) not in IMMUTABLE_TYPES:
                    raise ValueError(f"{cls.__name__}.{var_name}: a mutable default would be "
                                     f"shared by every instance")
            if include_base_classes is False:
                break
        return kwargs

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={value!r}" for name, value in vars(self).items())
        return f"{type(self).__name__}({fields})"


def fibonacci_loops(limit: int):
    """1, 2, 3, 5, 8, 13, ... up to `limit`: the loop counts of one measurement."""
    current, following = 1, 2
    while current <= limit:
        yield current
        current, following = following, current + following


def measure_cls_kwargs(max_loops: int = 610) -> float:
    """Median nanoseconds per `Type_Safe.__cls_kwargs__()` call."""
    per_call = []
    for loops in fibonacci_loops(max_loops):
        start = time.perf_counter_ns()
        for _ in range(loops):
            Type_Safe.__cls_kwargs__()
        per_call.append((time.perf_counter_ns() - start) / loops)
    return statistics.median(per_call)


def measure_construction(cls: type, max_loops: int = 610) -> float:
    """Median nanoseconds to construct one instance of `cls`."""
    per_call = []
    for loops in fibonacci_loops(max_loops):
        start = time.perf_counter_ns()
        for _ in range(loops):
            cls()
        per_call.append((time.perf_counter_ns() - start) / loops)
    return statistics.median(per_call)


class An_Class_2(Type_Safe):
    pass


class An_Class_4(Type_Safe):
    an_int: int = 42


class An_Class_6(Type_Safe):
    an_str: str = "42"


if __name__ == "__main__":
    print(f"{'__cls_kwargs__':<16} {measure_cls_kwargs():>10,.0f} ns")
    for example in (An_Class_2, An_Class_4, An_Class_6):
        print(f"{example.__name__:<16} {measure_construction(example):>10,.0f} ns")
