"""How the core says things about QDA imports: by message id (`qda.*`), rendered at the edge in the
user's language through the catalogue (atlas/locales/en.py, ru.py, kk.py hold the sentences).

A parameter may be a `Ref` — another message id, rendered in the same language (a format's name
inside a sentence) — and a `score` is a share, shown as a percentage in the language's style.
"""

from __future__ import annotations

from dataclasses import dataclass

from atlas.i18n import CATALOGUES, format_percent, translate

# The English sentences of QDA imports, by id (a view of the catalogue, for tests and tools).
MESSAGES: dict[str, str | dict[str, str]] = {
    message_id: text
    for message_id, text in CATALOGUES["en"].items()
    if message_id.startswith("qda.")
}


@dataclass(frozen=True)
class Ref:
    """A message id used as a parameter of another message."""

    message_id: str


def _shown(name: str, value: object, language: str) -> object:
    if isinstance(value, Ref):
        return translate(value.message_id, language)
    if name == "score" and isinstance(value, int | float):
        return format_percent(float(value), language)
    return value


def render(message_id: str, language: str = "en", /, **params: object) -> str:
    """The sentence for `message_id` in `language` (English where a translation is missing)."""
    return translate(
        message_id,
        language,
        **{name: _shown(name, value, language) for name, value in params.items()},
    )
