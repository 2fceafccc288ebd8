"""The i18n engine, the Russian and Kazakh catalogues and the glossary they follow (#14)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from babel import Locale

from atlas.i18n import (
    CATALOGUES,
    DEFAULT_LANGUAGE,
    LANGUAGES,
    date_ticks,
    format_date,
    format_date_range,
    format_month_span,
    format_month_year,
    format_number,
    format_percent,
    key_for_label,
    language_from_locale,
    message_labels,
    number_separators,
    placeholders,
    plural_form,
    supported_language,
    translate,
)
from atlas.locales import GLOSSARY_DOC, UNVERIFIED, en, glossary, glossary_markdown
from atlas.vocabulary import Vocabulary

ROOT = Path(__file__).resolve().parents[1]
TRANSLATED = [language for language in LANGUAGES if language != DEFAULT_LANGUAGE]
PLURAL_IDS = [message_id for message_id, text in en.MESSAGES.items() if isinstance(text, dict)]


def texts(message: str | dict[str, str]) -> list[str]:
    return list(message.values()) if isinstance(message, dict) else [message]


def without_placeholders(text: str) -> str:
    return re.sub(r"\{\w+\}", " ", text)


# -- languages -----------------------------------------------------------------------------------


def test_one_declared_list_of_languages_names_each_in_itself():
    assert LANGUAGES == {"en": "English", "ru": "Русский", "kk": "Қазақша"}
    assert list(CATALOGUES) == list(LANGUAGES)


def test_other_language_lists_in_the_core_agree_with_the_declared_one():
    from atlas import vocabulary

    assert tuple(vocabulary.LANGUAGES) == tuple(LANGUAGES)


@pytest.mark.parametrize(
    ("browser_locale", "language"),
    [
        ("ru-RU", "ru"),
        ("ru-KZ", "ru"),
        ("kk-KZ", "kk"),
        ("kk", "kk"),
        ("kk_KZ", "kk"),
        ("KK-kz", "kk"),
        ("en-GB", "en"),
        ("en-US", "en"),
        ("de-DE", "en"),
        ("tr-TR", "en"),
        ("de-DE,ru;q=0.8,en;q=0.5", "ru"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_default_language_comes_from_the_browser_locale(browser_locale, language):
    assert language_from_locale(browser_locale) == language


@pytest.mark.parametrize(
    ("value", "language"), [("ru", "ru"), ("kk", "kk"), ("de", "en"), (None, "en")]
)
def test_a_language_the_app_does_not_speak_is_english(value, language):
    assert supported_language(value) == language


# -- catalogues ----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_english_message_exists_in_the_language_and_nothing_else(language):
    catalogue = CATALOGUES[language]
    assert sorted(set(en.MESSAGES) - set(catalogue)) == []
    assert sorted(set(catalogue) - set(en.MESSAGES)) == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_use_the_same_placeholders(language):
    catalogue = CATALOGUES[language]
    mismatched = {
        message_id: (sorted(placeholders(text)), sorted(placeholders(catalogue[message_id])))
        for message_id, text in en.MESSAGES.items()
        if placeholders(text) != placeholders(catalogue[message_id])
    }
    assert mismatched == {}


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_plural_messages_have_exactly_the_forms_cldr_defines_for_the_language(language):
    required = frozenset(Locale.parse(language).plural_form.tags) | {"other"}
    assert PLURAL_IDS, "the English catalogue has plural messages"
    catalogue = CATALOGUES[language]
    wrong = {
        message_id: sorted(catalogue[message_id])
        if isinstance(catalogue[message_id], dict)
        else "text"
        for message_id in PLURAL_IDS
        if not isinstance(catalogue[message_id], dict) or set(catalogue[message_id]) != required
    }
    assert wrong == {}
    plain = [m for m, text in catalogue.items() if isinstance(text, dict) and m not in PLURAL_IDS]
    assert plain == []


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_every_message_renders_with_its_values(language):
    for message_id, text in en.MESSAGES.items():
        values = {name: "X" for name in placeholders(text)}
        counts = [1, 2, 5, 21] if isinstance(text, dict) else [None]
        for count in counts:
            if count is not None:
                values["count"] = count
            rendered = translate(message_id, language, **values)
            assert "{" not in rendered and "}" not in rendered, (message_id, rendered)


@pytest.mark.parametrize("language", TRANSLATED)
def test_a_message_left_as_in_english_holds_no_english_words(language):
    same = [
        message_id
        for message_id, text in en.MESSAGES.items()
        if CATALOGUES[language][message_id] == text
        and re.search(r"[A-Za-z]{3,}", without_placeholders(" ".join(texts(text))))
    ]
    assert same == []


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [
        ("en", 1, "1 error"),
        ("en", 2, "2 errors"),
        ("en", 21, "21 errors"),
        ("ru", 1, "1 ошибка"),
        ("ru", 21, "21 ошибка"),
        ("ru", 3, "3 ошибки"),
        ("ru", 5, "5 ошибок"),
        ("ru", 11, "11 ошибок"),
        ("ru", 0, "0 ошибок"),
        ("kk", 1, "1 қате"),
        ("kk", 5, "5 қате"),
    ],
)
def test_plurals_agree_with_the_number(language, count, expected):
    assert translate("count.errors", language, count=count) == expected


def test_plural_categories_come_from_cldr():
    assert [plural_form("ru", n) for n in (1, 2, 5, 21, 112)] == [
        "one",
        "few",
        "many",
        "one",
        "many",
    ]
    assert [plural_form("kk", n) for n in (1, 2, 21)] == ["one", "other", "other"]


def test_a_missing_id_raises_and_a_plural_needs_its_count():
    with pytest.raises(KeyError):
        translate("no.such.message", "ru")
    with pytest.raises(KeyError, match="count"):
        translate("count.rows", "kk")


def test_a_message_missing_from_a_catalogue_falls_back_to_english(monkeypatch):
    monkeypatch.delitem(CATALOGUES["kk"], "count.rows")
    assert translate("count.rows", "kk", count=2) == "2 rows"
    assert translate("nav.map", "xx") == "Map"


def test_the_existing_call_shape_still_works():
    assert translate("app.title") == en.MESSAGES["app.title"]
    assert translate("filters.active", "ru", summary="Алматы") == "Фильтры: Алматы"


# -- locale formats ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "5 January 2022"), ("ru", "5 января 2022"), ("kk", "5 қаңтар 2022")],
)
def test_dates_name_the_month_in_the_language(language, expected):
    assert format_date(dt.date(2022, 1, 5), language) == expected
    assert format_date("2022-01-05", language) == expected
    assert format_date(dt.datetime(2022, 1, 5, 23, 30), language) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "January 2022"), ("ru", "январь 2022"), ("kk", "қаңтар 2022")],
)
def test_a_month_of_a_year_is_named_in_its_nominative(language, expected):
    assert format_month_year(dt.date(2022, 1, 17), language) == expected


@pytest.mark.parametrize(
    ("language", "start", "end", "expected"),
    [
        ("en", "2022-01-05", "2022-01-10", "5–10 January 2022"),
        ("ru", "2022-01-05", "2022-01-10", "5–10 января 2022"),
        ("kk", "2022-01-05", "2022-01-10", "5–10 қаңтар 2022"),
        ("ru", "2022-01-28", "2022-02-03", "28 января – 3 февраля 2022"),
        ("kk", "2022-01-28", "2022-02-03", "28 қаңтар – 3 ақпан 2022"),
        ("en", "2021-12-30", "2022-01-03", "30 December 2021 – 3 January 2022"),
        ("ru", "2022-01-10", "2022-01-05", "5–10 января 2022"),
        ("ru", "2022-01-05", "2022-01-05", "5 января 2022"),
    ],
)
def test_date_ranges_name_a_shared_month_and_year_once(language, start, end, expected):
    assert format_date_range(start, end, language) == expected


@pytest.mark.parametrize(
    ("language", "whole", "fraction"),
    [
        ("en", "1,234", "1,234.5"),
        ("ru", "1\u00a0234", "1\u00a0234,5"),
        ("kk", "1\u00a0234", "1\u00a0234,5"),
    ],
)
def test_numbers_use_the_language_grouping_and_decimal_sign(language, whole, fraction):
    assert format_number(1234, language) == whole
    assert format_number(1234.5, language) == fraction


def test_numbers_can_keep_a_fixed_number_of_decimals():
    assert format_number(2, "en", digits=1) == "2.0"
    assert format_number(2, "ru", digits=1) == "2,0"
    assert format_number(1234.56, "kk", digits=0) == "1\u00a0235"


@pytest.mark.parametrize(
    ("language", "whole", "tenth"),
    [("en", "26%", "25.6%"), ("ru", "26\u00a0%", "25,6\u00a0%"), ("kk", "26%", "25,6%")],
)
def test_percentages_follow_the_language(language, whole, tenth):
    assert format_percent(0.256, language) == whole
    assert format_percent(0.256, language, digits=1) == tenth


# -- labels back to keys -------------------------------------------------------------------------

CITIES = {
    "en": {"almaty": "Almaty", "oskemen": "Oskemen", "astana": "Astana"},
    "ru": {"almaty": "Алматы", "oskemen": "Усть-Каменогорск", "astana": "Астана"},
    "kk": {"almaty": "Алматы", "oskemen": "Өскемен", "astana": "Астана"},
}


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Алматы", "almaty"),
        ("Almaty", "almaty"),
        ("almaty", "almaty"),
        ("  АЛМАТЫ ", "almaty"),
        ("Өскемен", "oskemen"),
        ("усть-каменогорск", "oskemen"),
        ("Oskemen", "oskemen"),
        ("Nowhere", None),
        ("", None),
    ],
)
def test_a_label_in_any_language_maps_back_to_its_key(text, key):
    assert key_for_label(text, CITIES) == key


def test_a_label_shared_by_two_keys_maps_to_neither_and_a_key_wins_over_a_label():
    labels = {"en": {"a": "Other", "b": "other"}, "ru": {"a": "Другое", "b": "Иное"}}
    assert key_for_label("OTHER", labels) is None
    assert key_for_label("Иное", labels) == "b"
    assert key_for_label("A", {"en": {"a": "B", "b": "Bee"}}) == "a"
    assert key_for_label("b", {"en": {"a": "b", "b": "Bee"}}) == "b"


def test_vocabulary_labels_of_the_previous_release_map_back_to_codes():
    vocabulary = Vocabulary.from_csv(ROOT / "data" / "vocabulary.csv")
    labels = {language: vocabulary.labels("code", language) for language in LANGUAGES}
    assert key_for_label("Нехватка  финансирования", labels) == "funding_shortage"
    assert key_for_label("қаржының жетіспеуі", labels) == "funding_shortage"
    assert key_for_label("Funding shortage", labels) == "funding_shortage"
    assert key_for_label("funding_shortage", labels) == "funding_shortage"


def test_catalogue_labels_such_as_tab_names_map_back_to_keys():
    tabs = message_labels({"matrix": "tab.matrix", "periods": "tab.periods"})
    assert tabs["ru"] == {"matrix": "Матрица", "periods": "До / во время / после"}
    assert key_for_label("Дейін / кезінде / кейін", tabs) == "periods"
    assert key_for_label("Before / during / after", tabs) == "periods"
    assert key_for_label("матрица", tabs) == "matrix"
    assert key_for_label("nav.map", message_labels(["nav.map"])) == "nav.map"


# -- glossary ------------------------------------------------------------------------------------

REQUIRED_TERMS = {
    "respondent", "interview", "excerpt", "code", "theme", "codebook", "challenge", "adaptation",
    "digital_tools", "civil_society", "activist", "ngo", "diaspora", "diaspora_action",
    "solidarity_action", "protest", "rally", "picket", "petition", "state_of_emergency",
    "internet_shutdown", "curfew", "counter_terrorist_operation", "detention", "arrest", "deaths",
    "injured", "region", "city_of_republican_significance", "source", "primary_source",
    "re_publication", "illustrative_sample", "dataset_version", "publish", "upload", "rollback",
    "filter", "heatmap", "timeline", "map", "story", "presentation_mode",
}  # fmt: skip
# The terms issue #14 names: the catalogue check must find them in English, or it checks nothing.
ISSUE_TERMS = [
    "respondent", "excerpt", "code", "diaspora_action", "state_of_emergency", "internet_shutdown",
    "illustrative_sample",
]  # fmt: skip


def test_the_glossary_has_every_key_term_once():
    ids = [term["id"] for term in glossary()]
    assert len(ids) == len(set(ids))
    assert sorted(REQUIRED_TERMS - set(ids)) == []


def test_every_term_is_given_in_three_languages_with_a_source_or_marked_unverified():
    incomplete = []
    for term in glossary():
        if not all(term.get(language, "").strip() for language in LANGUAGES):
            incomplete.append((term["id"], "a language is missing"))
        for language in TRANSLATED:
            if re.search(r"[A-Za-z]", term[language]):
                incomplete.append((term["id"], f"{language} term is not in Cyrillic"))
            source = term.get(f"{language}_source", "")
            if source == UNVERIFIED:
                continue
            if not re.fullmatch(r"https?://\S+", source):
                incomplete.append(
                    (term["id"], f"{language} source is neither a URL nor unverified")
                )
            elif not term.get(f"{language}_seen"):
                incomplete.append((term["id"], f"{language} source does not quote what it shows"))
    assert incomplete == []


def test_catalogues_use_the_glossary_terms_wherever_english_uses_the_term():
    unmet = []
    for term in glossary():
        check = term.get("check")
        if not check:
            continue
        for message_id, text in en.MESSAGES.items():
            if not re.search(check["en"], without_placeholders(" ".join(texts(text))), re.I):
                continue
            for language in TRANSLATED:
                translation = without_placeholders(
                    " ".join(texts(CATALOGUES[language][message_id]))
                )
                if not re.search(check[language], translation, re.I):
                    unmet.append((term["id"], language, message_id))
    assert unmet == []


@pytest.mark.parametrize("term_id", ISSUE_TERMS)
def test_the_catalogue_check_finds_each_term_the_issue_names(term_id):
    check = next(term["check"] for term in glossary() if term["id"] == term_id)
    found = [
        m for m, text in en.MESSAGES.items() if re.search(check["en"], " ".join(texts(text)), re.I)
    ]
    assert found


def test_catalogues_avoid_the_words_the_glossary_rules_out():
    # Avoided words are word starts: «НКО» must not flag «Климченко».
    used = []
    for term in glossary():
        for language in TRANSLATED:
            for word in term.get("check", {}).get(f"{language}_avoid", []):
                used += [
                    (term["id"], word, message_id)
                    for message_id, text in CATALOGUES[language].items()
                    if re.search(rf"\b{re.escape(word)}", " ".join(texts(text)), re.I)
                ]
    assert used == []


def test_docs_glossary_is_rendered_from_the_glossary_file():
    assert GLOSSARY_DOC.read_text(encoding="utf-8") == glossary_markdown()
    assert "| state of emergency | чрезвычайное положение (ЧП) |" in glossary_markdown()


# -- dates on charts, month spans, number separators (#14) ----------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Jan–Dec 2022"), ("ru", "янв.–дек. 2022"), ("kk", "қаң.–жел. 2022")],
)
def test_a_span_of_months_names_them_in_the_language(language, expected):
    assert format_month_span("2022-01-05", "2022-12-30", language) == expected


def test_a_span_over_two_years_names_both():
    assert format_month_span("2021-12-05", "2022-01-30", "ru") == "дек. 2021 – янв. 2022"


@pytest.mark.parametrize(
    ("start", "end", "most", "first_labels"),
    [
        ("2022-01-01", "2022-02-01", 16, ["1 янв.", "3 янв.", "5 янв."]),
        ("2022-01-01", "2022-02-01", 8, ["1 янв.", "8 янв.", "15 янв."]),
        ("2021-12-20", "2023-02-01", 8, ["янв. 2022", "март 2022", "май 2022"]),
        ("2010-12-20", "2023-02-01", 8, ["2012", "2014", "2016"]),
    ],
)
def test_date_axis_ticks_are_labelled_in_the_language(start, end, most, first_labels):
    days, labels = date_ticks(start, end, "ru", most=most)
    assert len(days) == len(labels) <= most
    assert labels[: len(first_labels)] == first_labels
    assert all(dt.date.fromisoformat(start) <= day <= dt.date.fromisoformat(end) for day in days)


def test_kazakh_ticks_name_kazakh_months():
    assert date_ticks("2022-01-01", "2022-01-20", "kk")[1] == ["1 қаң.", "8 қаң.", "15 қаң."]


@pytest.mark.parametrize(("language", "separators"), [("en", ".,"), ("ru", ",\u00a0")])
def test_plotly_number_separators_follow_the_language(language, separators):
    assert number_separators(language) == separators


# -- problems of the data path: their words rendered in the reader's language ---------------------


@pytest.mark.parametrize(
    ("language", "where"),
    [
        ("en", "lines 4, 9 and 7 more"),
        ("ru", "строки 4, 9 и ещё 7"),
        ("kk", "4, 9-жолдар және тағы 7"),
    ],
)
def test_line_numbers_of_a_problem_are_said_in_the_language(language, where):
    from atlas.contract import problem, render

    found = problem("warning", "encoding-warning", "lost_letters", where=(4, 9), more=7)
    assert where in render(found, language)


@pytest.mark.parametrize(("language", "shape"), [("en", "month"), ("ru", "месяц"), ("kk", "ай")])
def test_a_dates_precision_in_a_problem_is_said_in_the_language(language, shape):
    from atlas.contract import problem, render

    found = problem(
        "error",
        "constraint-error",
        "precision_mismatch",
        value="day",
        date="2022-01",
        shape="month",
    )
    text = render(found, language)
    assert shape in text and (language == "en" or "month" not in text)


# -- place names in the language, from sourced names ---------------------------------------------


@pytest.mark.parametrize(
    ("value", "ru", "kk"),
    [
        ("Almaty", "Алматы", "Алматы"),
        ("Oskemen", "Усть-Каменогорск", "Өскемен"),
        ("Ust-Kamenogorsk", "Усть-Каменогорск", "Өскемен"),
        ("Oral", "Уральск", "Орал"),
        ("Mangystau Region", "Мангистауская область", "Маңғыстау облысы"),
        ("London", "Лондон", "Лондон"),
        ("Nur-Sultan", "Nur-Sultan", "Nur-Sultan"),  # a former name is what the data said then
        ("Nowhere", "Nowhere", "Nowhere"),
    ],
)
def test_places_are_named_in_the_language_where_a_source_names_them(value, ru, kk):
    from atlas.gazetteer import Gazetteer

    gazetteer = Gazetteer.from_csv(ROOT / "data" / "gazetteer.csv")
    assert gazetteer.local_name(value, "ru") == ru
    assert gazetteer.local_name(value, "kk") == kk
    assert gazetteer.local_name(value, "en") == value


def test_every_sourced_place_name_cites_its_page_and_reaches_the_gazetteer():
    import pandas as pd

    sourced = pd.read_csv(ROOT / "data" / "sources" / "place_names.csv", dtype=str)
    assert sourced["source"].str.match(r"https://\S+$").all()
    assert sourced["seen"].str.len().gt(0).all()
    assert set(sourced["language"]) <= set(TRANSLATED)
    table = pd.read_csv(ROOT / "data" / "gazetteer.csv", dtype=str, keep_default_na=False)
    names = {
        (row.name, row.country, language): getattr(row, f"name_{language}")
        for row in table.itertuples()
        for language in TRANSLATED
    }
    assert all(names[(r.name, r.country, r.language)] == r.local_name for r in sourced.itertuples())
    # Every name in the gazetteer's language columns has a source: the table, or CLDR's.
    assert (table["name_kk"] != "").sum() > len(sourced[sourced["language"] == "kk"])


def test_labels_and_place_names_are_remembered_without_sharing_a_caller_s_changes(
    vocabulary, gazetteer
):
    """Every page run asks for them again: they are computed once per process, and a caller that
    edits the labels it got does not change anyone else's."""
    labels = vocabulary.labels("code", "ru")
    labels["funding_shortage"] = "edited"
    assert vocabulary.labels("code", "ru")["funding_shortage"] != "edited"
    assert vocabulary.label("code", "funding_shortage", "ru") != "edited"
    assert gazetteer.local_name("Oskemen", "kk") == gazetteer.local_name("Oskemen", "kk")
    assert gazetteer.local_name("Oskemen", "kk") != gazetteer.local_name("Oskemen", "ru")
