"""One translation function for every user-facing string.

Catalogues are plain dicts of message id → text with `{name}` placeholders, one module per language
in atlas/locales/. A missing translation falls back to English; a missing id is a bug and raises,
so tests catch it.
"""

from __future__ import annotations

from atlas.locales import en

CATALOGUES: dict[str, dict[str, str]] = {"en": en.MESSAGES}
LANGUAGES = {"en": "English"}
DEFAULT_LANGUAGE = "en"


def translate(message_id: str, language: str = DEFAULT_LANGUAGE, /, **values: object) -> str:
    catalogue = CATALOGUES.get(language, CATALOGUES[DEFAULT_LANGUAGE])
    text = catalogue.get(message_id) or CATALOGUES[DEFAULT_LANGUAGE][message_id]
    return text.format(**values) if values else text
