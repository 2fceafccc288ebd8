"""The controlled vocabularies of the contract, with labels in English, Russian and Kazakh."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from atlas.text import fold

LANGUAGES = ("en", "ru", "kk")


@dataclass(frozen=True, eq=False)
class Vocabulary:
    table: pd.DataFrame  # field, theme, code, label_en, label_ru, label_kk

    @classmethod
    def from_csv(cls, path: Path) -> Vocabulary:
        return cls(pd.read_csv(path, dtype=str, keep_default_na=False))

    def codes(self, field: str, theme: str | None = None) -> list[str]:
        rows = self.table[self.table["field"] == field]
        if theme is not None:
            rows = rows[rows["theme"] == theme]
        return rows["code"].tolist()

    def canonical(self, field: str, text: str) -> str | None:
        """The code that `text` names: the code itself in any case or separator style, or one of
        its labels in English, Russian or Kazakh. None when unknown."""
        return self._lookup(field).get(fold(text.replace("_", " ")))

    @functools.cache  # noqa: B019 — vocabularies live as long as the process
    def _lookup(self, field: str) -> dict[str, str]:
        rows = self.table[self.table["field"] == field]
        lookup: dict[str, str] = {}
        for column in ("label_kk", "label_ru", "label_en", "code"):
            for code, name in zip(rows["code"], rows[column], strict=True):
                lookup[fold(name.replace("_", " "))] = code
        return lookup

    def themes_of(self) -> dict[str, str]:
        """Interview code → its theme."""
        rows = self.table[self.table["field"] == "code"]
        return dict(zip(rows["code"], rows["theme"], strict=True))

    def label(self, field: str, code: str, language: str = "en") -> str:
        """The label of a code; an unknown code is shown as itself, never hidden."""
        return self._labels(field, language).get(code, code)

    def labels(self, field: str, language: str = "en") -> dict[str, str]:
        """{code: label} of a field in `language` (English for a language without labels)."""
        return dict(self._labels(field, language))

    @functools.cache  # noqa: B019 — vocabularies live as long as the process; every run asks
    def _labels(self, field: str, language: str) -> dict[str, str]:
        column = f"label_{language if language in LANGUAGES else 'en'}"
        rows = self.table[self.table["field"] == field]
        return dict(zip(rows["code"], rows[column], strict=True))
