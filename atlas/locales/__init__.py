"""Message catalogues, one module per language, and the glossary of terms they follow.

The glossary (glossary.toml beside this file) is rendered as docs/glossary.md:
    .venv/bin/python -c "import atlas.locales as l; l.write_glossary_markdown()"
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from urllib.parse import urlsplit

GLOSSARY_PATH = Path(__file__).with_name("glossary.toml")
GLOSSARY_DOC = Path(__file__).resolve().parents[2] / "docs" / "glossary.md"
UNVERIFIED = "unverified"


def glossary(path: Path = GLOSSARY_PATH) -> list[dict]:
    """The glossary's terms, in file order."""
    with path.open("rb") as file:
        return tomllib.load(file)["term"]


def _source_cell(term: dict, language: str) -> str:
    source = term[f"{language}_source"]
    if source == UNVERIFIED:
        return UNVERIFIED
    seen = term.get(f"{language}_seen")
    link = f"[{urlsplit(source).netloc.removeprefix('www.')}]({source})"
    return f"{link}: «{seen}»" if seen else link


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def glossary_markdown(terms: list[dict] | None = None) -> str:
    """The glossary as a Markdown page: one table row per term, then the notes."""
    terms = glossary() if terms is None else terms
    verified = {
        language: sum(term[f"{language}_source"] != UNVERIFIED for term in terms)
        for language in ("ru", "kk")
    }
    lines = [
        "# Glossary: English, Russian, Kazakh",
        "",
        "<!-- Rendered from atlas/locales/glossary.toml by atlas.locales.write_glossary_markdown();"
        " edit the TOML, not this page. -->",
        "",
        "The key terms of Civic Atlas KZ and the Russian and Kazakh words the interface uses for "
        "them (#14). Each Russian and Kazakh word names the published page that shows it in use "
        "and the words found there. *unverified* means no published usage was found while "
        "writing the glossary: the word is the usual one, or the one `data/vocabulary.csv` "
        "already uses, and should be checked against termincom.kz, sozdikqor.kz or an official "
        "text before it is relied on.",
        "",
        f"{len(terms)} terms; a published source for {verified['ru']} Russian and "
        f"{verified['kk']} Kazakh terms.",
        "",
        "| English | Русский | Source | Қазақша | Source |",
        "| --- | --- | --- | --- | --- |",
    ]
    for term in terms:
        cells = [
            term["en"],
            term["ru"],
            _source_cell(term, "ru"),
            term["kk"],
            _source_cell(term, "kk"),
        ]
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    notes = [
        (term["en"], label, term[key])
        for term in terms
        for key, label in (("note", ""), ("ru_note", "Russian: "), ("kk_note", "Kazakh: "))
        if term.get(key)
    ]
    if notes:
        lines += ["", "## Notes", ""]
        lines += [f"- **{en}** — {label}{note}" for en, label, note in notes]
    return "\n".join(lines) + "\n"


def write_glossary_markdown(path: Path = GLOSSARY_DOC) -> Path:
    """Write docs/glossary.md from the glossary."""
    path.write_text(glossary_markdown(), encoding="utf-8")
    return path
