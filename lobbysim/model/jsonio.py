"""Reading and writing the project's JSON documents safely.

Shared by every file format (layouts, scenarios, results): size limit, encoding
detection, strict JSON (no NaN/Infinity), stable pretty printing that reads well in a
diff, and atomic saving (a temporary file in the same folder, then a rename), so a save
that fails midway leaves the previous file intact.
"""

from __future__ import annotations

import difflib
import json
import math
import os
import re
import tempfile
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Any, Literal, NoReturn, overload

import numpy as np

from lobbysim.errors import FileReadError, FormatError

#: a layout or scenario larger than this is not one (a plan has a few thousand elements)
MAX_BYTES = 16 * 1024 * 1024
#: lists and objects nested deeper than this are no lobbysim document (they are a few levels deep)
MAX_DEPTH = 32


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"'{name}' is not a number JSON allows")


def read_json(path: str | os.PathLike, what: str = "file") -> Any:
    """Parse a JSON document, raising a one-line FileReadError for anything unreadable."""
    p = Path(path)
    text = _decode(_read_bytes(p, what), p, what)
    try:
        doc = json.loads(text, parse_constant=_reject_constant)
    except ValueError as exc:
        msg = str(exc)
        if isinstance(exc, json.JSONDecodeError):
            msg = f"{exc.msg} at line {exc.lineno}, column {exc.colno}"
        raise FileReadError(f"is not valid JSON ({msg})", path=str(p)) from None
    except RecursionError:  # deeper than the parser's own limit
        raise FileReadError(f"is nested more than {MAX_DEPTH} levels deep; no {what} is", path=str(p)) from None
    if nesting_depth(text) > MAX_DEPTH:
        raise FileReadError(f"is nested more than {MAX_DEPTH} levels deep; no {what} is", path=str(p))
    return doc


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)


def nesting_depth(text: str) -> int:
    """How deeply lists and objects are nested in the JSON ``text`` (a scalar is 0), without
    recursion and in a few vectorised passes, so a large file costs little more than parsing."""
    rest = np.frombuffer(_JSON_STRING.sub("", text).encode("utf-8", "replace"), dtype=np.uint8)
    opens = (rest == ord("[")).astype(np.int32) + (rest == ord("{"))
    closes = (rest == ord("]")).astype(np.int32) + (rest == ord("}"))
    return int(np.cumsum(opens - closes).max(initial=0))


def _read_bytes(p: Path, what: str) -> bytes:
    """The file's bytes: not a directory, not larger than MAX_BYTES, not empty, not binary."""
    try:
        if p.is_dir():
            raise FileReadError(f"is a directory, not a {what}", path=str(p))
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise FileReadError(
                f"is {size / 1e6:.1f} MB, larger than any {what} can be ({MAX_BYTES // (1024 * 1024)} MB at most)",
                path=str(p),
            )
        raw = p.read_bytes()
    except FileNotFoundError:
        raise FileReadError("no such file", path=str(p)) from None
    except PermissionError:
        raise FileReadError("permission denied", path=str(p)) from None
    except OSError as exc:
        raise FileReadError(f"cannot be read ({exc.strerror or exc})", path=str(p)) from None
    if not raw.strip():
        raise FileReadError(f"is empty, not a {what}", path=str(p))
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileReadError(f"is a binary file, not a {what}", path=str(p))
    return raw


def _decode(raw: bytes, p: Path, what: str) -> str:
    """UTF-8 (with or without a byte-order mark) or UTF-16 with a byte-order mark."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("utf-16")
        if text.lstrip().startswith("{"):
            return text
    except UnicodeDecodeError:
        pass
    raise FileReadError(
        "is not UTF-8 text (perhaps saved as GBK or another encoding); save it as UTF-8", path=str(p)
    ) from None


def _fmt_scalar(v: object) -> str:
    return json.dumps(v, ensure_ascii=False, allow_nan=False)


def _is_scalar(v: object) -> bool:
    return v is None or isinstance(v, (bool, int, float, str))


def dumps_pretty(obj: Any, indent: int = 2, width: int = 100) -> str:
    """JSON with stable layout: dicts in the order given, short lists of scalars and
    lists of points on one line each, so that moving one fixture changes one line."""
    return _Pretty(indent, width).enc(obj, 0) + "\n"


class _Pretty:
    def __init__(self, indent: int, width: int):
        self.indent, self.width = indent, width

    def enc(self, v: Any, level: int) -> str:
        if isinstance(v, dict):
            return self._object(v, level)
        if isinstance(v, (list, tuple)):
            return self._list(v, level)
        if isinstance(v, float) and not math.isfinite(v):
            raise ValueError("cannot write a non-finite number")
        return _fmt_scalar(v)

    def _object(self, v: dict, level: int) -> str:
        if not v:
            return "{}"
        pad, end = " " * (self.indent * (level + 1)), " " * (self.indent * level)
        items = [f"{pad}{_fmt_scalar(str(k))}: {self.enc(val, level + 1)}" for k, val in v.items()]
        return "{\n" + ",\n".join(items) + "\n" + end + "}"

    def _list(self, v: list | tuple, level: int) -> str:
        if not v:
            return "[]"
        pad, end = " " * (self.indent * (level + 1)), " " * (self.indent * level)
        if all(_is_scalar(x) for x in v):
            one = "[" + ", ".join(_fmt_scalar(x) for x in v) + "]"
            if len(one) + len(pad) <= self.width:
                return one
        if all(isinstance(x, (list, tuple)) and all(_is_scalar(y) for y in x) for x in v):
            rows = ["[" + ", ".join(_fmt_scalar(y) for y in x) + "]" for x in v]
            one = "[" + ", ".join(rows) + "]"
            if len(one) + len(pad) <= self.width:
                return one
            return "[\n" + ",\n".join(pad + r for r in rows) + "\n" + end + "]"
        return "[\n" + ",\n".join(pad + self.enc(x, level + 1) for x in v) + "\n" + end + "]"


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` to ``path`` atomically: the old file stays intact if anything fails."""
    p = Path(path)
    data = text.encode("utf-8")
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise FileReadError("cannot be written: the folder does not exist", path=str(p))
    if p.is_dir():
        raise FileReadError("cannot be written: it is a directory", path=str(p))
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=str(parent))
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if p.exists():
            try:
                os.chmod(tmp, p.stat().st_mode & 0o777)
            except OSError:
                pass
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, p)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise FileReadError(f"cannot be written ({exc.strerror or exc})", path=str(p)) from None
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def atomic_write_bytes(path: str | os.PathLike, writer: Callable[[str], object]) -> None:
    """Produce a binary file atomically: ``writer(tmp_path)`` writes it, then it is renamed."""
    p = Path(path)
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise FileReadError("cannot be written: the folder does not exist", path=str(p))
    if p.is_dir():
        raise FileReadError("cannot be written: it is a directory", path=str(p))
    fd, tmp = tempfile.mkstemp(prefix=f".{p.stem}.", suffix=p.suffix or ".tmp", dir=str(parent))
    os.close(fd)
    try:
        writer(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, p)
    except OSError as exc:
        _unlink(tmp)
        raise FileReadError(f"cannot be written ({exc.strerror or exc})", path=str(p)) from None
    except BaseException:
        _unlink(tmp)
        raise


def _unlink(path: str | os.PathLike) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


class Reader:
    """Typed access to a parsed document with error messages that name file, element and field."""

    MAX_COORD = 100_000.0

    def __init__(self, path: str | None) -> None:
        self.path = path

    def fail(self, message: str, element: str | None = None) -> NoReturn:
        """Raise the FormatError of ``message`` about ``element``, naming the file."""
        raise FormatError(message, path=self.path, element=element)

    def keys(self, d: dict, allowed: Collection[str], el: str | None) -> None:
        """Refuse any key of ``d`` that is not in ``allowed``, suggesting the nearest allowed one
        (a misspelt key would otherwise be silently ignored and its default used)."""
        for key in d:
            if key not in allowed:
                near = difflib.get_close_matches(str(key), [str(a) for a in allowed], n=1, cutoff=0.6)
                hint = f"; did you mean '{near[0]}'?" if near else f" (expected: {', '.join(sorted(allowed))})"
                self.fail(f"unknown field '{key}'{hint}", el)

    def obj(
        self, d: dict, key: str, el: str | None, *, required: bool = False, allowed: Collection[str] | None = None
    ) -> dict:
        """The object under ``key`` ({} when absent or null and not required); with ``allowed``,
        its keys are checked too."""
        v = d.get(key)
        if v is None:
            if required:
                self.fail(f"field '{key}' is missing", el)
            return {}
        if not isinstance(v, dict):
            self.fail(f"field '{key}' must be an object, got {json_type(v)}", el)
        if allowed is not None:
            self.keys(v, allowed, f"{el}.{key}" if el else key)
        return v

    def lst(self, d: dict, key: str, el: str | None, *, required: bool = False) -> list:
        """The list under ``key`` ([] when absent or null and not required)."""
        v = d.get(key)
        if v is None:
            if required:
                self.fail(f"field '{key}' is missing", el)
            return []
        if not isinstance(v, list):
            self.fail(f"field '{key}' must be a list, got {json_type(v)}", el)
        return v

    @overload
    def number(
        self,
        d: dict,
        key: str,
        el: str | None,
        *,
        default: float | None = None,
        min: float | None = None,
        max: float | None = None,
        positive: bool = False,
        integer: Literal[True],
    ) -> int: ...

    @overload
    def number(
        self,
        d: dict,
        key: str,
        el: str | None,
        *,
        default: float | None = None,
        min: float | None = None,
        max: float | None = None,
        positive: bool = False,
        integer: Literal[False] = False,
    ) -> float: ...

    def number(
        self,
        d: dict,
        key: str,
        el: str | None,
        *,
        default: float | None = None,
        min: float | None = None,
        max: float | None = None,
        positive: bool = False,
        integer: bool = False,
    ) -> float:
        """The number under ``key`` (``default`` when absent), in range; an ``int`` with ``integer``."""
        if key not in d:
            if default is not None:
                return default
            self.fail(f"field '{key}' is missing", el)
        v = d[key]
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            self.fail(f"field '{key}' must be a number, got {json_type(v)}", el)
        if not math.isfinite(v):
            self.fail(f"field '{key}' must be a finite number", el)
        if integer and (float(v) != int(v)):
            self.fail(f"field '{key}' must be a whole number, got {v}", el)
        if positive and v <= 0:
            self.fail(f"field '{key}' must be positive, got {v}", el)
        if min is not None and v < min:
            self.fail(f"field '{key}' must be at least {min}, got {v}", el)
        if max is not None and v > max:
            self.fail(f"field '{key}' must be at most {max}, got {v}", el)
        return int(v) if integer else float(v)

    def coord(self, v: object, key: str, el: str | None) -> float:
        """``v`` as one coordinate in metres: a finite number within ±``MAX_COORD``."""
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            self.fail(f"field '{key}' must hold numbers, got {json_type(v)}", el)
        if not math.isfinite(v) or abs(v) > self.MAX_COORD:
            self.fail(f"field '{key}' has coordinate {v!r} outside ±{self.MAX_COORD:g} m", el)
        return float(v)

    def point(self, v: object, key: str, el: str | None) -> tuple[float, float]:
        """``v`` as a point ``[x, y]`` of two coordinates."""
        if not isinstance(v, (list, tuple)) or len(v) != 2:
            self.fail(f"field '{key}' must be a point [x, y], got {short(v)}", el)
        return (self.coord(v[0], key, el), self.coord(v[1], key, el))

    def points(
        self, d: dict, key: str, el: str | None, min_len: int, max_len: int | None = None
    ) -> tuple[tuple[float, float], ...]:
        """The list of points under ``key`` (required), between ``min_len`` and ``max_len`` of them."""
        if key not in d:
            self.fail(f"field '{key}' is missing", el)
        v = d[key]
        if not isinstance(v, list):
            self.fail(f"field '{key}' must be a list of points, got {json_type(v)}", el)
        if len(v) < min_len:
            self.fail(f"field '{key}' needs at least {min_len} points, has {len(v)}", el)
        if max_len is not None and len(v) > max_len:
            self.fail(f"field '{key}' has {len(v)} points; at most {max_len} are allowed", el)
        return tuple(self.point(p, key, el) for p in v)

    def string(self, d: dict, key: str, el: str | None, default: str | None = None) -> str:
        """The text under ``key`` (``default`` when absent; required when there is no default)."""
        if key not in d:
            if default is not None:
                return default
            self.fail(f"field '{key}' is missing", el)
        v = d[key]
        if not isinstance(v, str):
            self.fail(f"field '{key}' must be text, got {json_type(v)}", el)
        return v

    def boolean(self, d: dict, key: str, el: str | None, default: bool | None = None) -> bool | None:
        """true/false under ``key``; ``default`` when absent, None when null."""
        if key not in d:
            return default
        v = d[key]
        if v is None:
            return None
        if not isinstance(v, bool):
            self.fail(f"field '{key}' must be true or false, got {short(v)}", el)
        return v

    def choice(self, d: dict, key: str, el: str | None, choices: Sequence[str], default: str | None = None) -> str:
        """The text under ``key``, which must be one of ``choices``."""
        v = self.string(d, key, el, default)
        if v not in choices:
            self.fail(f"field '{key}' is '{v}', expected one of: {', '.join(choices)}", el)
        return v


def json_type(v: object) -> str:
    """How a message names the JSON type of ``v`` ('a number', 'text', 'a list' ...)."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true/false"
    if isinstance(v, (int, float)):
        return "a number"
    if isinstance(v, str):
        return "text"
    if isinstance(v, list):
        return "a list"
    if isinstance(v, dict):
        return "an object"
    return type(v).__name__


def short(v: object, n: int = 40) -> str:
    """``v`` as JSON, cut to ``n`` characters (for messages)."""
    try:
        s = json.dumps(v, ensure_ascii=False) if _is_scalar(v) or isinstance(v, (list, dict)) else repr(v)
    except (RecursionError, ValueError, TypeError):
        s = json_type(v)
    return s if len(s) <= n else s[: n - 3] + "..."
