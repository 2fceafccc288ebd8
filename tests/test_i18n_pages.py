"""Every page in Russian and in Kazakh shows no English text of the catalogue (#14).

Each page is run under AppTest with `?language=ru` or `?language=kk`. Every text it renders is
collected — titles, Markdown, captions, alerts, widget labels, help and options, metric labels,
expander and tab labels, dataframe column headers, and in plotly figures the titles, axis titles
and ticks, legend names, annotations and hover texts. The English catalogue's messages whose
translation differs are split at their placeholders; a piece of English with a word in it that
appears in the page is a message that was not translated where it is shown.

Data values are not the interface: the table cells of the bundled data (English titles of events,
outlets' names) are not collected, and what the page shows from data files in plotly hovers is
taken out before the comparison (`data_texts`).
"""

from __future__ import annotations

import html
import json
import re
import tomllib
from collections.abc import Iterator

import pandas as pd
import pyarrow as pa
import pytest
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from atlas.i18n import CATALOGUES, DEFAULT_LANGUAGE, LANGUAGES
from atlas.locales import en
from components.navigation import PAGES

from .conftest import DATA_DIR, ROOT

APP = str(ROOT / "app.py")
TRANSLATED = [language for language in LANGUAGES if language != DEFAULT_LANGUAGE]

# Proto fields that never hold text a person reads: ids, keys, styles, binary payloads.
_SKIP_FIELDS = frozenset(
    {
        "id", "formId", "key", "page", "pageScriptHash", "url", "icon", "data", "styles",
        "columns", "type", "format", "spec", "json", "theme", "mapboxToken", "selectionMode",
        "columnConfig", "widthConfig", "heightConfig", "mimeType", "src", "cssClass",
        "useContainerWidth", "color", "deltaColor", "deltaArrow", "value", "config",
    }
)  # fmt: skip
# Plotly properties that hold what a person reads.
_PLOTLY_TEXT = frozenset(
    {"name", "text", "hovertext", "hovertemplate", "ticktext", "title", "annotation_text"}
)


def _strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _plotly_texts(spec: dict) -> Iterator[str]:
    """Text a plotly figure draws: titles, axis titles and tick labels, legend names,
    annotations, bar and marker texts, hovers. Not its data (x, y, customdata)."""

    def walk(value, key=""):
        if isinstance(value, dict):
            for k, v in value.items():
                if k in _PLOTLY_TEXT:
                    yield from _strings(v)
                elif k not in ("x", "y", "z", "customdata", "ids", "locations", "config"):
                    yield from walk(v, k)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item, key)

    yield from walk(spec)


def _deck_texts(spec: dict) -> Iterator[str]:
    """A deck's tooltip template (its data rows are data)."""
    yield from _strings(spec.get("tooltip") or {})


def _table_headers(proto) -> Iterator[str]:
    data = getattr(proto, "data", None) or getattr(getattr(proto, "arrow_data", None), "data", b"")
    if not data:
        return
    table = pa.ipc.open_stream(data).read_all()
    for name in table.schema.names:
        if not re.fullmatch(r"__index_level_\d+__", name):
            yield name


def _walk(node) -> Iterator:
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _walk(child)


def rendered_texts(at: AppTest) -> list[str]:
    """Every text the page's run drew, main area and sidebar."""
    texts: list[str] = []
    for node in _walk(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None:
            continue
        kind = getattr(node, "type", "")
        if kind == "plotly_chart":
            texts += _plotly_texts(json.loads(proto.spec))
        elif kind == "deck_gl_json_chart":
            texts += _deck_texts(json.loads(proto.json))
        elif kind in ("arrow_data_frame", "dataframe", "arrow_table", "table"):
            texts += _table_headers(proto)
        fields = MessageToDict(proto, preserving_proto_field_name=False)
        for field, value in fields.items():
            if field not in _SKIP_FIELDS:
                texts += _strings(value)
    return texts


def english_pieces(language: str) -> dict[str, str]:
    """Each piece of English text that the language translates: the message's text split at its
    placeholders, pieces with a word of four or more letters ("and", "for" are found in any
    outlet's name); piece → message id."""
    pieces: dict[str, str] = {}
    for message_id, text in en.MESSAGES.items():
        translated = CATALOGUES[language][message_id]
        if translated == text:
            continue
        forms = list(text.values()) if isinstance(text, dict) else [text]
        for form in forms:
            for piece in re.split(r"\{\w+\}", form):
                piece = piece.strip(" \t\n.,:;·—–-()[]*_`#>|/\"'«»")
                if re.search(r"[A-Za-z]{4,}", piece):
                    pieces.setdefault(piece, message_id)
    return pieces


_SCRIPT = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
_CODE = re.compile(r"`[^`]*`")
_URL = re.compile(r"https?://[^\s)\]]+")


def data_texts() -> set[str]:
    """Text the bundled data files hold (event titles, outlets, notes) and the bundled story
    (written by its author in one language, like any story an editor writes): shown as data."""
    found: set[str] = set()
    with (DATA_DIR / "stories.toml").open("rb") as file:
        for story in tomllib.load(file)["story"]:
            found.update(_strings({k: v for k, v in story.items() if k != "step"}))
            for step in story.get("step", []):
                found.update((step["title"], step["caption"]))
    for path in DATA_DIR.glob("*.csv"):
        if path.name in ("vocabulary.csv", "gazetteer.csv"):
            continue
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in frame.columns:
            found.update(v for v in frame[column] if v)
    return found


def shown_text(texts: list[str]) -> str:
    """The page's texts as a person reads them, data values taken out: no scripts, styles, HTML
    tags, addresses or Markdown escapes, no `code` (a file's column names are written as the file
    has them)."""
    data = sorted((v for v in data_texts() if len(v) > 3), key=len, reverse=True)
    shown = []
    for text in texts:
        text = _SCRIPT.sub(" ", text)
        text = html.unescape(_TAG.sub(" ", text))  # plotly's hovers escape data: &#x27;
        text = _CODE.sub(" ", text)
        text = _URL.sub(" ", text)
        text = re.sub(r"\\(.)", r"\1", text)
        for value in data:
            if value in text:
                text = text.replace(value, " ")
        shown.append(text)
    return "\n".join(shown)


def english_in(texts: list[str], language: str) -> dict[str, list[str]]:
    """Pieces of English catalogue text found in `texts` (data values taken out): id → pieces."""
    blob = shown_text(texts)
    found: dict[str, list[str]] = {}
    for piece, message_id in english_pieces(language).items():
        if re.search(rf"(?<![A-Za-z]){re.escape(piece)}(?![A-Za-z])", blob):
            found.setdefault(message_id, []).append(piece)
    return found


ENGLISH_MONTHS = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b"
)


def english_months(texts: list[str]) -> list[str]:
    """English month names in the page's texts (data values taken out), with their context."""
    blob = shown_text(texts)
    return [blob[max(0, m.start() - 30) : m.end() + 30] for m in ENGLISH_MONTHS.finditer(blob)]


def open_page(path: str, language: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["language"] = language
    at.switch_page(path).run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("language", TRANSLATED)
@pytest.mark.parametrize("page", [spec.path for spec in PAGES])
def test_no_english_catalogue_text_on_a_page(app_env, page, language):
    at = open_page(page, language)
    texts = rendered_texts(at)
    assert any(re.search("[а-яА-ЯәғқңөұүһіӘҒҚҢӨҰҮҺІ]", text) for text in texts)
    assert english_in(texts, language) == {}
    assert english_months(texts) == []


# -- the check itself ----------------------------------------------------------------------------


def test_the_pieces_cover_plain_and_plural_messages():
    pieces = english_pieces("ru")
    assert pieces["rows"] == "count.rows" or "rows" in pieces
    assert all(re.search(r"[A-Za-z]{4,}", piece) for piece in pieces)


def test_english_text_on_a_page_is_found_and_data_is_not():
    texts = [en.MESSAGES["timeline.title"], "Almaty"]
    assert "timeline.title" in english_in(texts, "ru")
    events = pd.read_csv(DATA_DIR / "events.csv", dtype=str)
    assert english_in([events["title"].iat[0]], "ru") == {}
    assert english_months(["5 Jan", "week of 3 January"]) != []
    assert english_months(["5 янв.", "5 қаң.", events["title"].iat[0]]) == []
