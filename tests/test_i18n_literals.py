"""No page or component hands Streamlit a user-facing word that bypasses the catalogue (#14).

Every page script, every component and the router are parsed with `ast`. A call of a Streamlit
element or widget that shows text — on `st`, `st.sidebar`, a column, a container, a tab, a form
(`title`, `markdown`, `button`, `metric`, `column_config.TextColumn`, ...) — must not get a string
literal or an f-string with letters in its label, body or help. Only text without words may be
written in place: icons (`:material/map:`), Markdown markup, separators ("·", "—"), numbers.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted(
    [ROOT / "app.py", *(ROOT / "app_pages").glob("*.py"), *(ROOT / "components").glob("*.py")]
)

# Streamlit calls whose first argument (or `label=`/`body=`) is text a person reads.
TEXT_CALLS = frozenset(
    {
        "title", "header", "subheader", "markdown", "caption", "write", "text", "info", "warning",
        "error", "success", "exception", "toast", "button", "download_button", "link_button",
        "page_link", "form_submit_button", "toggle", "checkbox", "selectbox", "multiselect",
        "radio", "text_input", "text_area", "number_input", "date_input", "time_input",
        "file_uploader", "slider", "select_slider", "segmented_control", "pills", "color_picker",
        "expander", "popover", "tabs", "metric", "spinner", "status", "chat_input", "dialog",
        "Page",
    }
)  # fmt: skip
# Keywords that hold text a person reads, on any of those calls and on column_config.*.
TEXT_KEYWORDS = frozenset({"label", "body", "help", "placeholder", "title", "text", "caption"})
# Calls whose first argument is a page's script, not text: their text is `label=`/`title=`.
PATH_FIRST = frozenset({"Page", "page_link"})
# Receivers that are not Streamlit: a logger's .error, a string's .title.
NOT_STREAMLIT = frozenset({"log", "logger", "logging", "warnings", "parser", "self"})

# What may stand in a literal because it is not a word: icons and emoji short codes, Markdown and
# HTML markup, URLs in links, CSS classes in the house's small HTML snippets.
_NOT_WORDS = [
    re.compile(r":material/[a-z_]+:"),  # Material icon
    re.compile(r":[a-z_]+:"),  # emoji short code
    re.compile(r"\]\([^)]*\)"),  # a Markdown link's target
    re.compile(r"</?[a-zA-Z][^>]*>"),  # an HTML tag with its attributes
    re.compile(r"&[a-z]+;"),  # an HTML entity
]


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    call: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line} {self.call}({self.text!r})"


def has_words(text: str) -> bool:
    for pattern in _NOT_WORDS:
        text = pattern.sub(" ", text)
    return re.search(r"[^\W\d_]", text) is not None


def literal_parts(node: ast.AST) -> list[str]:
    """The literal text of an argument: a str constant, the fixed parts of an f-string, the
    literals joined by `+`, both branches of `a if c else b`, the items of a list or tuple."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.Constant)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return literal_parts(node.left) + literal_parts(node.right)
    if isinstance(node, ast.IfExp):
        return literal_parts(node.body) + literal_parts(node.orelse)
    if isinstance(node, (ast.List, ast.Tuple)):
        return [part for item in node.elts for part in literal_parts(item)]
    return []


def _receiver(func: ast.Attribute) -> str:
    value = func.value
    while isinstance(value, ast.Attribute):
        value = value.value
    if isinstance(value, ast.Call):  # st.columns(2)[0].button(...), st.container().write(...)
        return "call"
    return value.id if isinstance(value, ast.Name) else ""


def _is_column_config(func: ast.Attribute) -> bool:
    return isinstance(func.value, ast.Attribute) and func.value.attr == "column_config"


def text_arguments(call: ast.Call) -> list[ast.AST]:
    func = call.func
    if not isinstance(func, ast.Attribute):
        return []
    column_config = _is_column_config(func)
    if not column_config and (func.attr not in TEXT_CALLS or _receiver(func) in NOT_STREAMLIT):
        return []
    arguments = [kw.value for kw in call.keywords if kw.arg in TEXT_KEYWORDS]
    if call.args and func.attr not in PATH_FIRST:
        arguments.insert(0, call.args[0])
    return arguments


def findings_in(path: Path) -> list[Finding]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        for argument in text_arguments(node):
            for text in literal_parts(argument):
                if has_words(text):
                    found.append(
                        Finding(
                            str(path.relative_to(ROOT)),
                            node.lineno,
                            ast.unparse(node.func),
                            text,
                        )
                    )
    return found


def test_every_page_and_component_is_checked():
    names = {path.relative_to(ROOT).as_posix() for path in SOURCES}
    assert {"app.py", "app_pages/overview.py", "components/sidebar.py"} <= names
    assert len([n for n in names if n.startswith("app_pages/")]) >= 7


def test_no_literal_user_facing_text_reaches_streamlit():
    found = [finding for path in SOURCES for finding in findings_in(path)]
    assert [str(f) for f in found] == []


# -- the check itself ----------------------------------------------------------------------------


def findings_of(source: str) -> list[str]:
    tree = ast.parse(source)
    return [
        text
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        for argument in text_arguments(node)
        for text in literal_parts(argument)
        if has_words(text)
    ]


@pytest.mark.parametrize(
    "source",
    [
        'st.title("Overview")',
        'st.sidebar.subheader("Filters")',
        'col.metric("Respondents", 5)',
        'st.button(label="Apply")',
        'st.caption(f"{count} rows")',
        'st.markdown("**" + t("x") + "** more")',
        'st.tabs(["Matrix", t("tab.periods")])',
        'st.selectbox(t("x"), options, help="Choose one")',
        'st.column_config.TextColumn("Quote")',
        'st.column_config.NumberColumn(t("x"), help="How many")',
        'st.columns(2)[0].write("hello")',
        'st.info("Нет данных")',
        'st.error(t("x") if ok else "failed")',
    ],
)
def test_the_check_finds_a_word_written_in_place(source):
    assert findings_of(source) != []


@pytest.mark.parametrize(
    "source",
    [
        'st.title(t("app.title"))',
        "st.markdown(f\"**{t('study.title')}**\")",
        'st.caption(" · ".join(links))',
        'st.button(":material/close:", help=t("close"))',
        'st.markdown("---")',
        'st.write(f"{n} · {m}")',
        'st.markdown(f"[{name}]({url})")',
        "st.markdown(f'<span class=\"badge\">{label}</span>', unsafe_allow_html=True)",
        'log.error("store down")',
        "name.title()",
        'st.metric(t("x"), "Jan–Dec 2022")',  # a metric's value is data, not a label
        'st.page_link("app_pages/map.py", label=t("nav.map"))',
        'st.Page("app_pages/map.py", title=t("nav.map"))',
    ],
)
def test_the_check_lets_non_words_and_catalogue_text_pass(source):
    assert findings_of(source) == []
