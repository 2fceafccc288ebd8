"""Typing and checking rows against the contract."""

import datetime as dt

import pandas as pd
import pytest

from atlas.contract import parse_date, parse_int, parse_url, prepare


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-06-14", dt.date(2021, 6, 14)),
        ("14.06.2021", dt.date(2021, 6, 14)),
        ("14/06/2021", dt.date(2021, 6, 14)),
        ("01.02.2022", dt.date(2022, 2, 1)),  # day first: 1 February
        ("2022-01-05T17:00:00", dt.date(2022, 1, 5)),
    ],
)
def test_parse_date_reads_day_first(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31.02.2022", "yesterday", "2022-13-01", "44566"])
def test_parse_date_rejects_impossible_dates(text):
    with pytest.raises(ValueError, match="not a date"):
        parse_date(text)


def test_parse_int_reads_spaced_thousands_and_rejects_words():
    assert parse_int("1 234") == 1234
    assert parse_int("7\u00a0939") == 7939
    for bad in ("many", "1,5", "1E3"):
        with pytest.raises(ValueError):
            parse_int(bad)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "ftp://x.org", "x.org"])
def test_parse_url_accepts_only_http(url):
    with pytest.raises(ValueError, match="http"):
        parse_url(url)


def _raw(**columns) -> pd.DataFrame:
    return pd.DataFrame(columns)


def test_respondents_are_resolved_typed_and_region_filled(gazetteer, vocabulary):
    raw = _raw(
        respondent_id=["R1", "R2"],
        city=["Нур-Султан", "Alma-Ata"],
        region=["", ""],
        org_type=["NGO", "НКО"],
        focus_area=["human_rights|gender", "Environment"],
        interview_date=["14.06.2021", "2021-06-15"],
        age_group=["18-29", "60+"],
    )
    prepared = prepare("respondents", raw, gazetteer=gazetteer, vocabulary=vocabulary)
    assert prepared.problems == []
    frame = prepared.frame
    assert frame["city"].tolist() == ["Astana", "Almaty"]
    assert frame["region"].tolist() == ["Astana", "Almaty"]
    assert frame["org_type"].tolist() == ["ngo", "ngo"]
    assert frame["focus_area"].tolist() == ["human_rights;gender", "environment"]
    assert frame["age_group"].tolist() == ["18-29", "60+"]
    assert frame["interview_date"].dt.date.tolist() == [dt.date(2021, 6, 14), dt.date(2021, 6, 15)]
    assert frame["source_line"].tolist() == [2, 3]


def test_every_problem_is_reported_with_line_and_column(gazetteer, vocabulary):
    raw = _raw(
        date=["05.01.2022", "31.02.2022", "06.01.2022", "07.01.2022"],
        end_date=["", "", "01.01.2022", ""],
        country=["Германия", "Narnia", "TR", "GB"],
        city=["Берлин", "", "Стамбул", "Londonn"],
        action_type=["митинг", "rally", "dance", "petition"],
        participants=["60", "-3", "many", ""],
        source_url=["https://x.org/a", "javascript:alert(1)", "", ""],
    )
    prepared = prepare("diaspora_actions", raw, gazetteer=gazetteer, vocabulary=vocabulary)
    found = {(p.line, p.column, p.severity, p.kind) for p in prepared.problems}
    assert found == {
        (3, "date", "error", "type-error"),
        (3, "country", "error", "unresolved-place"),
        (3, "participants", "error", "constraint-error"),
        (3, "source_url", "error", "type-error"),
        (4, "end_date", "error", "constraint-error"),
        (4, "action_type", "error", "unknown-code"),
        (4, "participants", "error", "type-error"),
        (5, "city", "warning", "unresolved-place"),
    }
    london = next(p for p in prepared.problems if p.column == "city")
    assert "London" in london.message and "kept" in london.message
    row = prepared.frame.iloc[0]
    assert (row["country"], row["city"], row["action_type"]) == ("DE", "Berlin", "rally")
    assert prepared.frame["action_id"].tolist() == ["A0001", "A0002", "A0003", "A0004"]


def test_interview_codes_check_vocabulary_and_respondents(gazetteer, vocabulary):
    raw = _raw(
        respondent_id=["R1", "R9", "R1"],
        theme=["challenge", "challenge", "mood"],
        code=["Funding shortage", "made_up_code", "x"],
        excerpt=['<b>"quoted"</b>\nsecond line', "", ""],
        intensity=["2", "4", ""],
    )
    prepared = prepare(
        "interview_codes", raw, gazetteer=gazetteer, vocabulary=vocabulary, known_respondents={"R1"}
    )
    found = {(p.line, p.column, p.severity, p.kind) for p in prepared.problems}
    assert found == {
        (3, "respondent_id", "error", "foreign-key-error"),
        (3, "code", "warning", "unknown-code"),
        (3, "intensity", "error", "constraint-error"),
        (4, "theme", "error", "unknown-code"),
    }
    assert prepared.frame.at[0, "code"] == "funding_shortage"
    assert prepared.frame.at[0, "excerpt"] == '<b>"quoted"</b>\nsecond line'  # verbatim


def test_duplicate_ids_are_unique_errors(gazetteer, vocabulary):
    raw = _raw(respondent_id=["R1", "R2", "R1"], city=["Almaty", "Almaty", "Almaty"])
    prepared = prepare("respondents", raw, gazetteer=gazetteer, vocabulary=vocabulary)
    assert [(p.line, p.kind) for p in prepared.errors] == [(4, "unique-error")]
    assert "line 2" in prepared.errors[0].message


def test_missing_required_column_is_a_file_level_error(gazetteer, vocabulary):
    prepared = prepare(
        "events", _raw(date=["2022-01-05"]), gazetteer=gazetteer, vocabulary=vocabulary
    )
    assert {(p.line, p.column, p.kind) for p in prepared.errors} == {
        (None, "event_type", "missing-label"),
        (None, "title", "missing-label"),
    }


def test_every_problem_message_renders_with_the_problem_it_belongs_to():
    """A ragged row's message names its line: rendering never fails on a missing placeholder."""
    from atlas.contract import problem, render

    ragged = problem("error", "missing-cell", "missing_cell", line=9, cells=17, width=20)
    assert render(ragged) == "the row has 17 cells, the header has 20"
    quote = problem("error", "quote-error", "quote_error", line=4)
    assert render(quote).startswith("line 4:")
