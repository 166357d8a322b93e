"""Texts in bokmål (default) and English, and number formatting per language.

Short labels live in the dictionaries of :mod:`dashboard.i18n.nb` and
:mod:`dashboard.i18n.en` (the same keys in both; a test checks it). Longer texts are
markdown files in ``dashboard/i18n/<lang>/<name>.md``. Nothing here imports Streamlit, so
every function is a plain, testable function of its arguments.
"""

from __future__ import annotations

import math
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
def _bad(x: object) -> bool:
    return x is None or not isinstance(x, int | float) or math.isnan(x) or math.isinf(x)


def fmt_number(x: float | None, lang: str, decimals: int = 1) -> str:
    """A number the way readers of ``lang`` expect it.

    Bokmål uses a no-break space between thousands and a decimal comma
    (``12 345,6``); English uses ``12,345.6``. Missing values print as an en dash.
    """
    if _bad(x):
        return "–"
    text = f"{float(x):,.{decimals}f}"  # type: ignore[arg-type]
    if text in ("-0", "-0.0", "-0.00", "-0.000"):
        text = text[1:]
    if lang_or_default(lang) == "nb":
        text = text.replace(",", NBSP).replace(".", ",")
    return text


def fmt_percent(share: float | None, lang: str, decimals: int = 1) -> str:
    """A share in [0, 1] as a percentage: ``29,2 %`` in bokmål, ``29.2%`` in English."""
    if _bad(share):
        return "–"
    num = fmt_number(100.0 * float(share), lang, decimals)  # type: ignore[arg-type]
    return f"{num}{NBSP}%" if lang_or_default(lang) == "nb" else f"{num}%"


def fmt_value(x: float | None, kind: str, lang: str) -> str:
    """Format ``x`` by kind: ``share`` (percent), ``nok``, ``days``, ``rate`` or ``count``."""
    if kind == "share":
        return fmt_percent(x, lang)
    if kind == "nok":
        # kroner; from a million on in millions with two decimals (9,27 mill. kr)
        millions = not _bad(x) and abs(float(x)) >= 1e6  # type: ignore[arg-type]
        num = fmt_number(float(x) / 1e6 if millions else x, lang, 2 if millions else 0)  # type: ignore[arg-type]
        if num == "–":
            return num
        if lang_or_default(lang) == "nb":
            return f"{num}{NBSP}mill.{NBSP}kr" if millions else f"{num}{NBSP}kr"
        sign, digits = ("-", num[1:]) if num.startswith("-") else ("", num)
        return f"{sign}NOK{NBSP}{digits}{NBSP}m" if millions else f"{sign}NOK{NBSP}{digits}"
    if kind == "rate":
        return fmt_number(x, lang, 2)
    if kind == "int":
        return fmt_number(x, lang, 0)
    return fmt_number(x, lang, 1)


def fmt_interval(lo: float | None, hi: float | None, kind: str, lang: str) -> str:
    """A 95 % interval as ``lo – hi`` formatted by kind (an en dash between)."""
    if _bad(lo) or _bad(hi):
        return "–"
    return f"{fmt_value(lo, kind, lang)} – {fmt_value(hi, kind, lang)}"


def plotly_separators(lang: str) -> str:
    """Plotly's ``layout.separators`` (decimal mark, then thousands mark) for ``lang``."""
    return f",{NBSP}" if lang_or_default(lang) == "nb" else ".,"


__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "TEXTS",
    "fmt_interval",
    "fmt_number",
    "fmt_percent",
    "fmt_value",
    "has",
    "lang_or_default",
    "md",
    "plotly_separators",
    "t",
]
