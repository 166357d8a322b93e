"""Texts in bokmål (default) and English, and number formatting per language.

Short labels live in the dictionaries of :mod:`dashboard.i18n.nb` and
:mod:`dashboard.i18n.en` (the same keys in both; a test checks it). Longer texts are
markdown files in ``dashboard/i18n/<lang>/<name>.md``. Nothing here imports Streamlit, so
every function is a plain, testable function of its arguments.
"""

from __future__ import annotations

import math
import re
from functools import cache
from pathlib import Path

from dashboard.i18n import en, nb

LANGUAGES: tuple[str, ...] = ("nb", "en")
DEFAULT_LANGUAGE = "nb"
LANGUAGE_NAMES: dict[str, str] = {"nb": "Bokmål", "en": "English"}
TEXTS: dict[str, dict[str, str]] = {"nb": nb.TEXT, "en": en.TEXT}

_HERE = Path(__file__).resolve().parent
NBSP = "\u00a0"


def lang_or_default(lang: str | None) -> str:
    """``lang`` if it is a supported language code, otherwise the default (bokmål)."""
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str, /, **values: object) -> str:
    """The text for ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``.

    A missing key falls back to English, then to the key itself, so a gap shows up on
    screen instead of crashing the page.
    """
    text = TEXTS[lang_or_default(lang)].get(key)
    if text is None:
        text = TEXTS["en"].get(key, key)
    return text.format(**values) if values else text


def has(key: str, lang: str) -> bool:
    """Whether ``key`` has a text in ``lang``."""
    return key in TEXTS[lang_or_default(lang)]


@cache
def md(name: str, lang: str) -> str:
    """A long text: the markdown file ``<lang>/<name>.md`` (English if missing)."""
    for code in (lang_or_default(lang), "en"):
        path = _HERE / code / f"{name}.md"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return ""


# ---------------------------------------------------------------- numbers
MINUS = "\u2212"


def _bad(x: object) -> bool:
    return x is None or not isinstance(x, int | float) or math.isnan(x) or math.isinf(x)


def is_nb(lang: str) -> bool:
    """Whether ``lang`` writes numbers the Norwegian way (decimal comma, space for thousands)."""
    return lang_or_default(lang) == "nb"


def fmt_number(x: float | None, lang: str, decimals: int = 1, *, sign: bool = False) -> str:
    """A number the way readers of ``lang`` expect it.

    Bokmål uses a no-break space between thousands, a decimal comma and a true minus sign
    (``−12 345,6``); English uses ``-12,345.6``. ``sign`` adds ``+`` to positive numbers (for
    differences). A value that rounds to zero has no sign. Missing values print as an en dash.
    """
    if _bad(x):
        return "–"
    text = f"{abs(float(x)):,.{decimals}f}"  # type: ignore[arg-type]
    zero = float(text.replace(",", "")) == 0.0
    if is_nb(lang):
        text = text.replace(",", NBSP).replace(".", ",")
    if zero:
        return text
    if float(x) < 0:  # type: ignore[arg-type]
        return (MINUS if is_nb(lang) else "-") + text
    return ("+" + text) if sign else text


def fmt_percent(share: float | None, lang: str, decimals: int = 1, *, sign: bool = False) -> str:
    """A share in [0, 1] as a percentage: ``29,2 %`` in bokmål, ``29.2%`` in English."""
    if _bad(share):
        return "–"
    num = fmt_number(100.0 * float(share), lang, decimals, sign=sign)  # type: ignore[arg-type]
    return f"{num}{percent_suffix(lang)}"


def percent_suffix(lang: str) -> str:
    """What follows a percentage: a no-break space and ``%`` in bokmål, ``%`` in English."""
    return f"{NBSP}%" if is_nb(lang) else "%"


def count_decimals(x: float | None) -> int:
    """Decimals for a count or mean count: none from 100 on, one below (``6 706``, ``12,4``)."""
    return 0 if _bad(x) or abs(float(x)) >= 99.95 else 1  # type: ignore[arg-type]


def fmt_nok(x: float | None, lang: str, *, sign: bool = False) -> str:
    """Kroner: whole kroner below a million, then millions (``9,27 mill. kr``, ``NOK 9.27 m``).

    Two decimals below 100 million, one from there on.
    """
    if _bad(x):
        return "–"
    v = float(x)  # type: ignore[arg-type]
    millions = abs(v) >= 1e6
    num = fmt_number(
        v / 1e6 if millions else v, lang, (2 if abs(v) < 1e8 else 1) if millions else 0, sign=sign
    )
    if is_nb(lang):
        return f"{num}{NBSP}mill.{NBSP}kr" if millions else f"{num}{NBSP}kr"
    lead = num[0] if num[:1] in "+-" else ""
    return f"{lead}NOK{NBSP}{num[len(lead) :]}" + (f"{NBSP}m" if millions else "")


def fmt_value(x: float | None, kind: str, lang: str, *, sign: bool = False) -> str:
    """Format ``x`` by kind.

    ``share`` (a percentage), ``share_points`` (a difference of shares, in percentage
    points), ``nok`` (kroner, see :func:`fmt_nok`), ``days`` and ``int`` (whole numbers),
    ``rate`` (two decimals, per 1000) or ``count`` (see :func:`count_decimals`).
    """
    if kind == "share":
        return fmt_percent(x, lang, sign=sign)
    if kind == "share_points":
        num = fmt_number(None if _bad(x) else 100.0 * float(x), lang, 1, sign=sign)  # type: ignore[arg-type]
        return num if num == "–" else f"{num}{NBSP}{t('unit.pp', lang)}"
    if kind == "nok":
        return fmt_nok(x, lang, sign=sign)
    if kind == "rate":
        return fmt_number(x, lang, 2, sign=sign)
    if kind in ("int", "days", "year"):
        return fmt_number(x, lang, 0, sign=sign)
    return fmt_number(x, lang, count_decimals(x), sign=sign)


def fmt_interval(lo: float | None, hi: float | None, kind: str, lang: str, *, sign: bool = False) -> str:
    """A 95 % interval as ``lo – hi`` formatted by kind (an en dash between)."""
    if _bad(lo) or _bad(hi):
        return "–"
    return f"{fmt_value(lo, kind, lang, sign=sign)} – {fmt_value(hi, kind, lang, sign=sign)}"


def plotly_separators(lang: str) -> str:
    """Plotly's ``layout.separators`` (decimal mark, then thousands mark) for ``lang``."""
    return f",{NBSP}" if is_nb(lang) else ".,"


# ---------------------------------------------------------------- reading numbers
_SPACES = str.maketrans("", "", " \u00a0\u2009\u202f\t")
_GROUPED_DOT = re.compile(r"^\d{1,3}(\.\d{3})+$")
_GROUPED_COMMA = re.compile(r"^\d{1,3}(,\d{3})+$")
_NUMBER = re.compile(r"^\d+(\.\d+)?$|^\.\d+$|^\d+\.$|^\d+(\.\d*)?e[+-]?\d+$")


def parse_number(text: str, lang: str) -> float:
    """A number as a reader of ``lang`` types it; raises ``ValueError(text)`` otherwise.

    Spaces (also no-break and thin spaces) are thousands separators. In bokmål the comma
    is the decimal mark and a point either groups thousands (``1.000.000``) or, alone, is
    taken as a decimal point; in English the point is the decimal mark and commas group
    thousands. ``−`` and ``-`` are minus signs; ``26e6`` is allowed.
    """
    raw = str(text).strip().translate(_SPACES).replace(MINUS, "-").replace("\u2013", "-").lower()
    neg = raw.startswith("-")
    body = raw[1:] if neg or raw.startswith("+") else raw
    if is_nb(lang):
        if "," in body:
            body = body.replace(".", "").replace(",", ".") if body.count(",") == 1 else "x"
        elif _GROUPED_DOT.match(body):
            body = body.replace(".", "")
    else:
        if _GROUPED_COMMA.match(body) or ("," in body and "." in body):
            body = body.replace(",", "")
        elif body.count(",") == 1:
            body = body.replace(",", ".")
    if not _NUMBER.match(body):
        raise ValueError(str(text).strip())
    value = float(body)
    if not math.isfinite(value):
        raise ValueError(str(text).strip())
    return -value if neg else value


#: units an amount of kroner may carry, as factors to kroner
_NOK_UNITS: tuple[tuple[str, float], ...] = (
    ("millionerkroner", 1e6),
    ("millioner", 1e6),
    ("million", 1e6),
    ("mill.kr", 1e6),
    ("mill.", 1e6),
    ("mill", 1e6),
    ("mnok", 1e6),
    ("mrd.kr", 1e9),
    ("mrd.", 1e9),
    ("mrd", 1e9),
    ("bn", 1e9),
    ("nok", 1.0),
    ("kr", 1.0),
    ("m", 1e6),
)


def parse_nok(text: str, lang: str, unit: float = 1e6) -> float:
    """An amount in kroner typed into a field shown in ``unit`` (default: millions).

    ``26``, ``26,5``, ``26,5 mill``, ``26,5 mill. kr``, ``26 500 000`` and ``26 500 000 kr``
    all mean NOK 26.5 million in a field shown in millions: a number with a unit word is
    taken in that unit, and a bare number of at least 100 000 is taken as kroner (nobody
    means a hundred thousand million). Raises ``ValueError(text)``.
    """
    raw = str(text).strip().translate(_SPACES).lower()
    factor: float | None = None
    for word, f in _NOK_UNITS:
        if raw.endswith(word):
            raw, factor = raw[: -len(word)], f
            break
    if factor is None and raw.startswith("nok"):
        raw, factor = raw[3:], 1.0
    try:
        value = parse_number(raw, lang)
    except ValueError:
        raise ValueError(str(text).strip()) from None
    if factor is None:
        factor = 1.0 if abs(value) >= 1e5 else unit
    return value * factor


__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "TEXTS",
    "fmt_interval",
    "fmt_nok",
    "fmt_number",
    "fmt_percent",
    "fmt_value",
    "has",
    "lang_or_default",
    "md",
    "parse_nok",
    "parse_number",
    "percent_suffix",
    "plotly_separators",
    "t",
]
