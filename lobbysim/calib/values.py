"""What a log's values mean in the model: a business name -> a business code of the scenario,
a window -> a fixture of the layout, a status -> served / skipped (过号) / abandoned (弃号) /
transferred, a customer class -> VIP or not.

Each mapper remembers the values it could not map (with their row counts), so they are
listed to the user rather than dropped silently.
"""

from __future__ import annotations

import re
from collections import Counter

from lobbysim.errors import UsageError

from .columns import norm

SERVED, SKIPPED, ABANDONED, TRANSFERRED = 0, 1, 2, 3
STATUS_NAMES = ("served", "skipped", "abandoned", "transferred")
_STATUS_WORDS = {
    SERVED: ("已办结", "办结", "已完成", "完成", "已办理", "办理完成", "served", "done", "completed", "finished", "ok"),
    SKIPPED: ("过号", "已过号", "过号作废", "未到", "noshow", "skipped", "missed", "absent"),
    ABANDONED: ("弃号", "取消", "已取消", "作废", "放弃", "abandoned", "cancelled", "canceled", "left"),
    TRANSFERRED: ("转移", "转办", "已转移", "转窗口", "转柜", "transferred", "transfer"),
}
_STATUS = {norm(w): k for k, words in _STATUS_WORDS.items() for w in words}
_VIP_YES = ("vip", "贵宾", "金卡", "白金", "钻石", "私行", "私人银行", "财富", "是", "y", "yes", "true", "1")
_VIP_NO = ("普通", "大众", "无", "否", "n", "no", "false", "0", "regular", "normal", "")
_DIGITS = re.compile(r"\d+")


def parse_pairs(text: str | None, option: str) -> dict[str, str]:
    """``个人存取款=cash,对公=corporate`` -> {log value: target}."""
    out: dict[str, str] = {}
    if not text:
        return out
    for part in re.split(r"[,，]", text):
        if not part.strip():
            continue
        if "=" not in part:
            raise UsageError(f"{option}: '{part.strip()}' is not VALUE=TARGET")
        k, v = (x.strip() for x in part.rsplit("=", 1))
        out[k] = v
    return out


class _Mapper:
    """Maps text values to indices, remembering the ones it cannot map and how often."""

    def __init__(self) -> None:
        self.cache: dict[str, int] = {}
        self.unmapped: Counter[str] = Counter()

    def __call__(self, value) -> int:
        key = "" if value is None else str(value).strip()
        hit = self.cache.get(key)
        if hit is None:
            hit = self.cache[key] = self.resolve(key)
        if hit < 0:
            self.unmapped[key] += 1
        return hit

    def many(self, values: list, alive=None) -> list[int]:
        """Map a column (each distinct value resolved once); only the rows where ``alive`` holds
        count as unmapped."""
        cache = self.cache
        lut = {}
        for v in set(values):
            key = "" if v is None else str(v).strip()
            hit = cache.get(key)
            if hit is None:
                hit = cache[key] = self.resolve(key)
            lut[v] = hit
        out = [lut[v] for v in values]
        if any(x < 0 for x in lut.values()):
            for v, x, a in zip(values, out, alive if alive is not None else [True] * len(out)):
                if x < 0 and a:
                    self.unmapped["" if v is None else str(v).strip()] += 1
        return out

    def resolve(self, key: str) -> int:  # pragma: no cover - overridden
        raise NotImplementedError


class BusinessMapper(_Mapper):
    """A business value -> index into ``codes``: by code, Chinese or English name, or the user's
    ``--business-map``; a log name containing exactly one business's Chinese name also maps."""

    def __init__(self, business: list[tuple[str, str, str]], user: dict[str, str]):
        super().__init__()
        self.codes = [b[0] for b in business]
        for k, v in user.items():
            if v not in self.codes:
                raise UsageError(
                    f"--business-map: '{k}={v}': '{v}' is not a business code of the scenario ({', '.join(self.codes)})"
                )
        self.user = {norm(k): self.codes.index(v) for k, v in user.items()}
        self.names: dict[str, int] = {}
        for i, (code, en, zh) in enumerate(business):
            for name in (code, en, zh):
                if name:
                    self.names.setdefault(norm(name), i)
        self.zh = [(norm(zh), i) for i, (_, _, zh) in enumerate(business) if zh]

    def resolve(self, key: str) -> int:
        n = norm(key)
        if not n:
            return -1
        if n in self.user:
            return self.user[n]
        if n in self.names:
            return self.names[n]
        hits = {i for z, i in self.zh if z in n or n in z}
        return hits.pop() if len(hits) == 1 else -1


class WindowMapper(_Mapper):
    """A window value -> index into ``fixtures``: by ``--window-map``, the fixture's id or name,
    or the number in its name ('1号窗口' -> the staffed fixture named '1号高柜')."""

    def __init__(self, fixtures: list[tuple[str, str, str]], user: dict[str, str]):
        super().__init__()
        self.ids = [f[0] for f in fixtures]
        for k, v in user.items():
            if v not in self.ids:
                raise UsageError(
                    f"--window-map: '{k}={v}': '{v}' is not a counter or desk of the layout ({', '.join(self.ids)})"
                )
        self.user = {norm(k): self.ids.index(v) for k, v in user.items()}
        self.names: dict[str, int] = {}
        self.numbers: dict[str, list[int]] = {}
        for i, (fid, en, zh) in enumerate(fixtures):
            for name in (fid, en, zh):
                if name:
                    self.names.setdefault(norm(name), i)
            for num in set(_DIGITS.findall(f"{en} {zh}")):
                self.numbers.setdefault(str(int(num)), []).append(i)

    def resolve(self, key: str) -> int:
        n = norm(key)
        if not n:
            return -1
        if n in self.user:
            return self.user[n]
        if n in self.names:
            return self.names[n]
        hits = {i for name, i in self.names.items() if len(name) >= 2 and (name in n or n in name)}
        if len(hits) == 1:
            return hits.pop()
        nums = _DIGITS.findall(key)
        if len(nums) == 1 and len(self.numbers.get(str(int(nums[0])), [])) == 1:
            return self.numbers[str(int(nums[0]))][0]
        return -1


class StatusMapper(_Mapper):
    def resolve(self, key: str) -> int:
        return _STATUS.get(norm(key), -1)


class VipMapper(_Mapper):
    """1 = VIP (贵宾, 金卡, 钻石 ... or a star level of 4 and more), 0 = regular, -1 = not understood."""

    def resolve(self, key: str) -> int:
        n = norm(key)
        if n in _VIP_NO:
            return 0
        if any(w in n for w in _VIP_YES if len(w) > 1) or n in _VIP_YES:
            return 1
        stars = re.match(r"^(\d)星", n) or re.match(r"^([一二三四五六七])星", n)
        if stars:
            level = "一二三四五六七".find(stars.group(1)) + 1 if not stars.group(1).isdigit() else int(stars.group(1))
            return 1 if level >= 4 else 0
        return -1
