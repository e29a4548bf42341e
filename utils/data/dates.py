"""Generated data for seq2seq: human-written dates → ISO ("sat, march 9, 2019" → "2019-03-09").

Every source names its month with a word or puts the year first (Korean and ISO-like
orders), so no string is ambiguous between day/month and month/day. Most English formats
end with the year while the ISO target starts with it, so the alignment between source and
target characters is not monotonic: a decoder must look back at the end of the source first.

Everything is pure Python and deterministic given ``seed``.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
KOREAN_WEEKDAYS = ("월", "화", "수", "목", "금", "토", "일")


def ordinal(day: int) -> str:
    """1 → "1st", 2 → "2nd", 3 → "3rd", 11 → "11th", 22 → "22nd"."""
    if not 1 <= day <= 31:
        raise ValueError(f"day must be in 1..31, got {day}")
    if day in (11, 12, 13):
        return f"{day}th"
    return f"{day}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th') }"


def _month(d: dt.date) -> str:
    return MONTHS[d.month - 1]


def _mon(d: dt.date) -> str:
    return MONTHS[d.month - 1][:3]


def _weekday(d: dt.date) -> str:
    return WEEKDAYS[d.weekday()]


def _wkd(d: dt.date) -> str:
    return WEEKDAYS[d.weekday()][:3]


#: Format name → function writing a date in that format (lower case; case varies later).
DATE_FORMATS: dict[str, Callable[[dt.date], str]] = {
    "wkd, month d, yyyy": lambda d: f"{_wkd(d)}, {_month(d)} {d.day}, {d.year}",
    "d mon yyyy": lambda d: f"{d.day} {_mon(d)} {d.year}",
    "month dth, yyyy": lambda d: f"{_month(d)} {ordinal(d.day)}, {d.year}",
    "yyyy년 m월 d일": lambda d: f"{d.year}년 {d.month}월 {d.day}일",
    "yyyy년 m월 d일 w요일": lambda d: (
        f"{d.year}년 {d.month}월 {d.day}일 {KOREAN_WEEKDAYS[d.weekday()]}요일"
    ),
    "yyyy.mm.dd": lambda d: f"{d.year}.{d.month:02d}.{d.day:02d}",
    "yyyymmdd": lambda d: f"{d.year}{d.month:02d}{d.day:02d}",
    "d month yyyy": lambda d: f"{d.day} {_month(d)} {d.year}",
    "weekday, d month yyyy": lambda d: f"{_weekday(d)}, {d.day} {_month(d)} {d.year}",
    "mon d, yyyy": lambda d: f"{_mon(d)} {d.day}, {d.year}",
    "the dth of month, yyyy": lambda d: f"the {ordinal(d.day)} of {_month(d)}, {d.year}",
    "dd-mon-yyyy": lambda d: f"{d.day:02d}-{_mon(d)}-{d.year}",
    "wkd d mon yyyy": lambda d: f"{_wkd(d)} {d.day} {_mon(d)} {d.year}",
    "month yyyy, day d": lambda d: f"{_month(d)} {d.year}, day {d.day}",
}

CASES = ("lower", "title", "upper")


def _title(text: str) -> str:
    """Capitalise each word's first letter ("9th" stays "9th", unlike ``str.title``)."""
    return " ".join(w[:1].upper() + w[1:] for w in text.split(" "))


def format_date(date: dt.date, fmt: str, *, case: str = "lower") -> str:
    """Write ``date`` in the format named ``fmt`` (a key of ``DATE_FORMATS``).

    ``case`` is ``"lower"``, ``"title"`` or ``"upper"`` (Korean and digits are unchanged).
    """
    if fmt not in DATE_FORMATS:
        raise ValueError(f"unknown date format {fmt!r}; choose one of {list(DATE_FORMATS)}")
    if case not in CASES:
        raise ValueError(f"case must be 'lower', 'title' or 'upper', got {case!r}")
    text = DATE_FORMATS[fmt](date)
    return {"lower": text, "title": _title(text), "upper": text.upper()}[case]


def _check_years(years: tuple[int, int]) -> tuple[dt.date, int]:
    lo, hi = years
    if not (1 <= lo <= hi <= 9999):
        raise ValueError(
            f"years must be (first, last) with 1 <= first <= last <= 9999, got {years}"
        )
    first = dt.date(lo, 1, 1)
    return first, (dt.date(hi, 12, 31) - first).days + 1


def _write(date: dt.date, rng: random.Random) -> tuple[str, str]:
    """A random format and case for ``date``: ``(source, format name)``."""
    fmt = rng.choice(list(DATE_FORMATS))
    case = rng.choice(("lower", "lower", "title", "upper"))
    return format_date(date, fmt, case=case), fmt


def make_dated_examples(
    n: int, *, seed: int = 0, years: tuple[int, int] = (1950, 2049)
) -> list[tuple[str, str, dt.date, str]]:
    """``n`` examples ``(source, target, date, format name)`` with dates drawn uniformly.

    Dates may repeat (draws are independent). ``make_date_pairs`` keeps the first two fields.
    """
    if not isinstance(n, int) or n < 0:
        raise ValueError(f"n must be a non-negative int, got {n!r}")
    first, n_days = _check_years(years)
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        date = first + dt.timedelta(days=rng.randrange(n_days))
        src, fmt = _write(date, rng)
        out.append((src, date.isoformat(), date, fmt))
    return out


def make_date_pairs(
    n: int, *, seed: int = 0, years: tuple[int, int] = (1950, 2049)
) -> list[tuple[str, str]]:
    """``n`` pairs ``(human-written date, ISO date)``, e.g. ``("9 Mar 2019", "2019-03-09")``.

    Formats (``DATE_FORMATS``) and letter case (lower twice as often as title or upper) are
    drawn uniformly; dates are uniform over the ``years`` range (inclusive) and may repeat.
    """
    return [(src, tgt) for src, tgt, _, _ in make_dated_examples(n, seed=seed, years=years)]


def date_splits(
    n_train: int, n_test: int, *, seed: int = 0, years: tuple[int, int] = (1950, 2049)
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Train and test pairs whose **dates** are disjoint (not only their strings).

    Each date appears at most once overall, so a test date was never seen in any format
    during training. Needs ``n_train + n_test`` ≤ the number of days in ``years``.
    """
    for name, value in (("n_train", n_train), ("n_test", n_test)):
        if not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} must be a non-negative int, got {value!r}")
    first, n_days = _check_years(years)
    if n_train + n_test > n_days:
        raise ValueError(
            f"n_train + n_test = {n_train + n_test} distinct dates needed, but {years} has "
            f"only {n_days} days"
        )
    rng = random.Random(seed)
    offsets = rng.sample(range(n_days), n_train + n_test)
    dates = [first + dt.timedelta(days=k) for k in offsets]
    pairs = [(_write(d, rng)[0], d.isoformat()) for d in dates]
    return pairs[:n_train], pairs[n_train:]
