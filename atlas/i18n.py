"""One translation function for every user-facing string.

Catalogues are plain dicts of message id → text with `{name}` placeholders, one module per language
in atlas/locales/. A message that depends on a number is a dict of CLDR plural forms
(`{"one": ..., "other": ...}`; Russian also has `few` and `many`), chosen with Babel's plural rules
for the language from the `count` value. A missing translation falls back to English; a missing id
is a bug and raises, so tests catch it.
"""

from __future__ import annotations

import functools

from atlas.locales import en

Message = str | dict[str, str]

CATALOGUES: dict[str, dict[str, Message]] = {"en": en.MESSAGES}
LANGUAGES = {"en": "English"}
DEFAULT_LANGUAGE = "en"


@functools.cache
def _plural_rule(language: str):
    from babel import Locale

    return Locale.parse(language).plural_form


def plural_form(language: str, count: int) -> str:
    """The CLDR plural category of `count` in `language` ('one', 'few', 'many', 'other')."""
    return _plural_rule(language)(abs(int(count)))


def translate(message_id: str, language: str = DEFAULT_LANGUAGE, /, **values: object) -> str:
    catalogue = CATALOGUES.get(language, CATALOGUES[DEFAULT_LANGUAGE])
    text = catalogue.get(message_id) or CATALOGUES[DEFAULT_LANGUAGE][message_id]
    if isinstance(text, dict):
        if "count" not in values:
            raise KeyError(f"message {message_id!r} has plural forms and needs count=")
        form = plural_form(language if catalogue is not CATALOGUES["en"] else "en", values["count"])
        text = text.get(form) or text["other"]
    return text.format(**values) if values else text
