"""The i18n engine: the languages the app speaks, its messages, and locale formats.

`LANGUAGES` is the one declared list of interface languages (code → native name). Catalogues are
plain dicts of message id → text with `{name}` placeholders, one module per language in
atlas/locales/. A message that depends on a number is a dict of CLDR plural forms, chosen with
Babel's plural rules for the language from the `count` value: English and Kazakh have `one` and
`other`, Russian `one`, `few`, `many` and `other`. A missing translation falls back to English; a
missing id is a bug and raises, so tests catch it.

Numbers, percentages and dates are formatted with Babel's CLDR data for the language (grouping
"1 234" in Russian and Kazakh, day-month-year dates with the month in its format — in Russian
genitive — form: "5 января 2022", "5 қаңтар 2022", "5 January 2022").

`key_for_label` maps a label in any language back to its key, so links made by the release that
put display labels in the URL still open.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping

from atlas.locales import en, kk, ru

Message = str | dict[str, str]

# The interface languages, in the order the language switch offers them; Kazakh in Cyrillic.
LANGUAGES: dict[str, str] = {"en": "English", "ru": "Русский", "kk": "Қазақша"}
DEFAULT_LANGUAGE = "en"

CATALOGUES: dict[str, dict[str, Message]] = {
    "en": en.MESSAGES,
    "ru": ru.MESSAGES,
    "kk": kk.MESSAGES,
}

# Spellings of a language tag seen in the wild that are not its ISO code.
_ALIASES = {"kz": "kk"}

# Babel patterns: day, month name, year. `MMMM` is the month's format form (Russian genitive
# "января"); `LLLL` its stand-alone form (Russian nominative "январь"). Kazakh month names do not
# inflect, and CLDR's stand-alone Kazakh forms are capitalised ("Қаңтар"), which Kazakh spelling
# does not do mid-sentence, so Kazakh takes the format form in both places.
_DATE_PATTERN = "d MMMM y"
_DAY_MONTH_PATTERN = "d MMMM"
_MONTH_YEAR_PATTERN = {"en": "LLLL y", "ru": "LLLL y", "kk": "MMMM y"}
_RANGE_DASH = "\u2013"  # en dash


def supported_language(language: str | None) -> str:
    """`language` if the app speaks it, else the default language."""
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


@functools.cache
def _locale(language: str):
    from babel import Locale

    return Locale.parse(supported_language(language))


def plural_form(language: str, count: int) -> str:
    """The CLDR plural category of `count` in `language` ('one', 'few', 'many', 'other')."""
    return _locale(language).plural_form(abs(int(count)))


def plural_forms(language: str) -> frozenset[str]:
    """The plural categories CLDR defines for `language`: what a plural message must provide."""
    return frozenset(_locale(language).plural_form.tags) | {"other"}


def translate(message_id: str, language: str = DEFAULT_LANGUAGE, /, **values: object) -> str:
    """The message `message_id` in `language`, its `{placeholders}` filled from `values`.

    Plural messages need `count=`. An unknown language speaks English; a message missing from a
    catalogue falls back to English; an id missing from English raises KeyError."""
    language = supported_language(language)
    text = CATALOGUES[language].get(message_id)
    if text is None:
        language = DEFAULT_LANGUAGE
        text = CATALOGUES[DEFAULT_LANGUAGE][message_id]
    if isinstance(text, dict):
        if "count" not in values:
            raise KeyError(f"message {message_id!r} has plural forms and needs count=")
        text = text.get(plural_form(language, values["count"])) or text["other"]
    return text.format(**values) if values else text


def placeholders(message: Message) -> frozenset[str]:
    """The `{names}` a message uses, over all its plural forms."""
    texts = message.values() if isinstance(message, dict) else [message]
    return frozenset(name for text in texts for name in re.findall(r"\{(\w+)\}", text))


# -- locale formats -------------------------------------------------------------------------------


def format_number(value: float, language: str, *, digits: int | None = None) -> str:
    """`value` with the language's grouping and decimal sign: 1234.5 → '1,234.5' (en),
    '1 234,5' (ru, kk; the group separator is a no-break space). `digits` fixes the decimals."""
    from babel.numbers import format_decimal

    if digits is None:
        return format_decimal(value, locale=_locale(language))
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=_locale(language))


def number_separators(language: str) -> str:
    """The decimal sign and the digit group separator of the language, as plotly's `separators`
    layout property takes them: '.,' (en), ',\u00a0' (ru, kk)."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    locale = _locale(language)
    return get_decimal_symbol(locale) + get_group_symbol(locale)


def format_percent(fraction: float, language: str, *, digits: int = 0) -> str:
    """A fraction as a percentage in the language's style: 0.256 → '26%' (en, kk), '26 %' (ru)."""
    locale = _locale(language)
    pattern = copy.copy(locale.percent_formats[None])
    pattern.frac_prec = (digits, digits)
    return pattern.apply(fraction, locale)


def _as_date(value: dt.date | str) -> dt.date:
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def format_date(value: dt.date | str, language: str) -> str:
    """A day with the month named: '5 January 2022', '5 января 2022', '5 қаңтар 2022'."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(_as_date(value), _DATE_PATTERN, locale=_locale(language))


def format_day_month(value: dt.date | str, language: str) -> str:
    """A day of a month, short, for sliders and ticks: '5 Jan', '5 янв.', '5 қаң.'."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(_as_date(value), "d MMM", locale=_locale(language))


def format_month_year(value: dt.date | str, language: str) -> str:
    """A month of a year: 'January 2022', 'январь 2022', 'қаңтар 2022'."""
    from babel.dates import format_date as babel_format_date

    pattern = _MONTH_YEAR_PATTERN[supported_language(language)]
    return babel_format_date(_as_date(value), pattern, locale=_locale(language))


def format_date_range(start: dt.date | str, end: dt.date | str, language: str) -> str:
    """A span of days, naming the month and year once where they are shared:
    '5–10 января 2022', '30 декабря 2021 – 3 января 2022', '5 January 2022' for one day."""
    from babel.dates import format_date as babel_format_date

    first, last = sorted((_as_date(start), _as_date(end)))
    if first == last:
        return format_date(first, language)
    whole = format_date(last, language)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}{_RANGE_DASH}{whole}"
    if first.year == last.year:
        opening = babel_format_date(first, _DAY_MONTH_PATTERN, locale=_locale(language))
    else:
        opening = format_date(first, language)
    return f"{opening} {_RANGE_DASH} {whole}"


def format_short_date(value: dt.date | str, language: str) -> str:
    """A day with its month abbreviated, for chart labels: '5 Jan 2022', '5 янв. 2022',
    '5 қаң. 2022'."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(_as_date(value), "d MMM y", locale=_locale(language))


def format_short_month_year(value: dt.date | str, language: str) -> str:
    """A month of a year, abbreviated: 'Jan 2022', 'янв. 2022', 'қаң. 2022'."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(_as_date(value), "LLL y", locale=_locale(language))


def format_month_span(start: dt.date | str, end: dt.date | str, language: str) -> str:
    """The months from `start` to `end`, abbreviated, the year once where it is shared:
    'Jan–Dec 2022', 'янв.–дек. 2022', 'Dec 2021 – Jan 2022'."""
    from babel.dates import format_date as babel_format_date

    first, last = sorted((_as_date(start), _as_date(end)))
    closing = format_short_month_year(last, language)
    if (first.year, first.month) == (last.year, last.month):
        return closing
    if first.year == last.year:
        opening = babel_format_date(first, "LLL", locale=_locale(language))
        return f"{opening}{_RANGE_DASH}{closing}"
    return f"{format_short_month_year(first, language)} {_RANGE_DASH} {closing}"


# Steps between the ticks of a date axis, finest first: (how many, of what).
_TICK_STEPS = (
    (1, "day"), (2, "day"), (7, "day"), (14, "day"), (1, "month"), (2, "month"), (3, "month"),
    (6, "month"), (1, "year"), (2, "year"), (5, "year"), (10, "year"), (50, "year"),
)  # fmt: skip


def _tick_dates(first: dt.date, last: dt.date, n: int, unit: str) -> list[dt.date]:
    if unit == "day":
        return [first + dt.timedelta(days=d) for d in range(0, (last - first).days + 1, n)]
    if unit == "month":
        index = first.year * 12 + first.month - 1
        if first.day > 1:
            index += 1  # the first whole month
        index += -index % n  # months on a step's boundary: January, April... for 3
        ticks = []
        while (day := dt.date(index // 12, index % 12 + 1, 1)) <= last:
            ticks.append(day)
            index += n
        return ticks
    year = first.year + (first > dt.date(first.year, 1, 1))
    year += -year % n
    return [dt.date(y, 1, 1) for y in range(year, last.year + 1, n)]


def date_ticks(
    start: dt.date | str, end: dt.date | str, language: str, *, most: int = 8
) -> tuple[list[dt.date], list[str]]:
    """Ticks for a date axis from `start` to `end` in the language (plotly names months only in
    English): the finest step that gives at most `most` ticks — days, weeks, months, years — and
    their labels: '5 янв.' for days ('5 янв. 2022' when the axis spans years), 'янв. 2022' for
    months, '2022' for years. Returns (tick dates, tick labels) for plotly's tickvals/ticktext."""
    first, last = sorted((_as_date(start), _as_date(end)))
    for n, unit in _TICK_STEPS:
        ticks = _tick_dates(first, last, n, unit)
        if len(ticks) <= most:
            break
    if unit == "day":
        pattern = "d MMM y" if first.year != last.year else "d MMM"
    elif unit == "month":
        pattern = "LLL y"
    else:
        pattern = "y"
    from babel.dates import format_date as babel_format_date

    labels = [babel_format_date(day, pattern, locale=_locale(language)) for day in ticks]
    return ticks, labels


# -- choosing a language --------------------------------------------------------------------------


def language_from_locale(locale: str | None) -> str:
    """The interface language for a browser locale ('ru-RU', 'kk-KZ', 'kk', 'en-GB') or an
    Accept-Language list ('de-DE,ru;q=0.8'): the first tag whose language the app speaks, else
    the default language."""
    for tag in (locale or "").split(","):
        primary = re.split(r"[-_]", tag.split(";")[0].strip().lower())[0]
        primary = _ALIASES.get(primary, primary)
        if primary in LANGUAGES:
            return primary
    return DEFAULT_LANGUAGE


# -- labels back to keys --------------------------------------------------------------------------


def _fold_label(text: str) -> str:
    """The matching form of a label: case, spacing, Unicode form and ё/е do not matter."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "").replace("\u200b", "")
    return " ".join(text.casefold().replace("ё", "е").split())


def key_for_label(text: str, labels: Mapping[str, Mapping[str, str]]) -> str | None:
    """The key that `text` names in `labels` (language → key → label): the key itself, or its
    label in any language, ignoring case and spacing. None when nothing matches, or when the
    label belongs to more than one key (a guess would select the wrong thing)."""
    wanted = _fold_label(text)
    keys = {key for by_key in labels.values() for key in by_key}
    for key in keys:
        if _fold_label(key) == wanted:
            return key
    found = {
        key
        for by_key in labels.values()
        for key, label in by_key.items()
        if _fold_label(label) == wanted
    }
    return found.pop() if len(found) == 1 else None


def message_labels(message_ids: Mapping[str, str] | Iterable[str]) -> dict[str, dict[str, str]]:
    """Catalogue labels for `key_for_label`: {language: {key: text}} for keys that are message ids
    (an iterable) or that map to message ids ({"matrix": "tab.matrix", ...})."""
    ids = dict(message_ids) if isinstance(message_ids, Mapping) else {m: m for m in message_ids}
    return {
        language: {key: translate(message_id, language) for key, message_id in ids.items()}
        for language in LANGUAGES
    }
