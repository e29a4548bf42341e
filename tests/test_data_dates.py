"""Generated dates: an independent parser reads every source back to its ISO target."""

import calendar
import datetime as dt
import re

import pytest

from utils.data.dates import (
    DATE_FORMATS,
    date_splits,
    format_date,
    make_date_pairs,
    make_dated_examples,
    ordinal,
)

# Month and weekday names from the standard library, not from the module under test.
MONTH = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MON = {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
WEEKDAY = {d.lower(): i for i, d in enumerate(calendar.day_name)}
WKD = {d.lower(): i for i, d in enumerate(calendar.day_abbr)}
KO_WEEKDAY = {c: i for i, c in enumerate("월화수목금토일")}

M = "(?P<month>[a-z]+)"
D = r"(?P<day>\d{1,2})"
Y = r"(?P<year>\d{4})"
W = "(?P<weekday>[a-z]+)"
PATTERNS = {
    "wkd, month d, yyyy": rf"{W}, {M} {D}, {Y}",
    "d mon yyyy": rf"{D} {M} {Y}",
    "month dth, yyyy": rf"{M} {D}(st|nd|rd|th), {Y}",
    "yyyy년 m월 d일": rf"{Y}년 (?P<m>\d{{1,2}})월 {D}일",
    "yyyy년 m월 d일 w요일": rf"{Y}년 (?P<m>\d{{1,2}})월 {D}일 (?P<kw>[월화수목금토일])요일",
    "yyyy.mm.dd": rf"{Y}\.(?P<m>\d\d)\.(?P<day>\d\d)",
    "yyyymmdd": r"(?P<year>\d{4})(?P<m>\d\d)(?P<day>\d\d)",
    "d month yyyy": rf"{D} {M} {Y}",
    "weekday, d month yyyy": rf"{W}, {D} {M} {Y}",
    "mon d, yyyy": rf"{M} {D}, {Y}",
    "the dth of month, yyyy": rf"the {D}(st|nd|rd|th) of {M}, {Y}",
    "dd-mon-yyyy": rf"(?P<day>\d\d)-{M}-{Y}",
    "wkd d mon yyyy": rf"{W} {D} {M} {Y}",
    "month yyyy, day d": rf"{M} {Y}, day {D}",
}


def parse(source: str) -> tuple[dt.date, set[str]]:
    """The date a source names, and every pattern it fits; checks weekday names too."""
    text = source.lower()
    dates, names = set(), set()
    for name, pattern in PATTERNS.items():
        m = re.fullmatch(pattern, text)
        if not m:
            continue
        g = m.groupdict()
        month = int(g["m"]) if g.get("m") else (MONTH | MON).get(g["month"])
        assert month is not None, f"unknown month in {source!r}"
        date = dt.date(int(g["year"]), month, int(g["day"]))
        if g.get("weekday"):
            assert (WEEKDAY | WKD)[g["weekday"]] == date.weekday(), f"wrong weekday: {source!r}"
        if g.get("kw"):
            assert KO_WEEKDAY[g["kw"]] == date.weekday(), f"wrong weekday: {source!r}"
        dates.add(date)
        names.add(name)
    assert len(dates) == 1, f"{source!r} parses to {dates or 'nothing'}: ambiguous or unknown"
    return dates.pop(), names


def test_patterns_cover_every_format():
    assert set(PATTERNS) == set(DATE_FORMATS)
    assert len(DATE_FORMATS) >= 10


def test_every_source_parses_to_its_target_and_all_formats_occur():
    examples = make_dated_examples(3000, seed=1)
    seen = set()
    for src, tgt, date, fmt in examples:
        parsed, names = parse(src)
        assert dt.date.fromisoformat(tgt) == parsed == date, src
        assert fmt in names
        seen.add(fmt)
    assert seen == set(DATE_FORMATS)
    cases = {("upper" if s.isupper() else "lower" if s.islower() else "mixed")
             for s, *_ in examples}
    assert cases == {"upper", "lower", "mixed"}


def test_every_format_on_edge_dates():
    for date in (dt.date(2019, 3, 9), dt.date(2000, 2, 29), dt.date(1950, 1, 1),
                 dt.date(2049, 12, 31), dt.date(2011, 11, 11), dt.date(2023, 5, 22)):
        for fmt in DATE_FORMATS:
            for case in ("lower", "title", "upper"):
                src = format_date(date, fmt, case=case)
                assert parse(src)[0] == date, (fmt, src)


def test_known_strings():
    d = dt.date(2019, 3, 9)  # a Saturday
    assert format_date(d, "wkd, month d, yyyy") == "sat, march 9, 2019"
    assert format_date(d, "d mon yyyy", case="title") == "9 Mar 2019"
    assert format_date(d, "month dth, yyyy", case="title") == "March 9th, 2019"
    assert format_date(d, "yyyy년 m월 d일") == "2019년 3월 9일"
    assert format_date(d, "yyyy년 m월 d일 w요일") == "2019년 3월 9일 토요일"
    assert format_date(d, "dd-mon-yyyy", case="upper") == "09-MAR-2019"
    assert [ordinal(k) for k in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "31st"]


def test_pairs_are_deterministic_and_in_range():
    a = make_date_pairs(500, seed=3, years=(2000, 2001))
    assert a == make_date_pairs(500, seed=3, years=(2000, 2001))
    assert a != make_date_pairs(500, seed=4, years=(2000, 2001))
    assert {t[:4] for _, t in a} == {"2000", "2001"}


def test_splits_have_disjoint_dates():
    train, test = date_splits(3000, 500, seed=0)
    assert (len(train), len(test)) == (3000, 500)
    train_dates = {t for _, t in train}
    test_dates = {t for _, t in test}
    assert len(train_dates) == 3000 and len(test_dates) == 500
    assert not train_dates & test_dates
    assert date_splits(3000, 500, seed=0) == (train, test)
    for src, tgt in train[:300] + test:
        assert parse(src)[0] == dt.date.fromisoformat(tgt)


def test_bad_input():
    with pytest.raises(ValueError, match="non-negative"):
        make_date_pairs(-1)
    with pytest.raises(ValueError, match="only 366 days"):
        date_splits(300, 67, years=(2000, 2000))
    with pytest.raises(ValueError, match="years must be"):
        make_date_pairs(3, years=(2050, 2049))
    with pytest.raises(ValueError, match="unknown date format"):
        format_date(dt.date(2000, 1, 1), "dd/mm/yyyy")
    with pytest.raises(ValueError, match="case must be"):
        format_date(dt.date(2000, 1, 1), "yyyymmdd", case="shout")
