"""Folding of names for matching: case, diacritics, separators and Latin/Cyrillic look-alikes."""

from __future__ import annotations

import re
import unicodedata

# Cyrillic letters that look like Latin ones (lower case, after casefold). Folding both scripts to
# one form lets "Алматы" typed with a Latin "а" still match.
_LOOKALIKES = str.maketrans(
    {
        "а": "a",
        "в": "b",
        "е": "e",
        "ё": "e",
        "з": "3",
        "і": "i",
        "ј": "j",
        "к": "k",
        "м": "m",
        "н": "h",
        "о": "o",
        "р": "p",
        "с": "c",
        "т": "t",
        "у": "y",
        "х": "x",
        "ѕ": "s",
        "һ": "h",
        # Not look-alikes but spellings of the same letter. The dotless ı of the 2021 Kazakh Latin
        # alphabet (Türkıstan, Jetısu) and of Turkish, written plain i by most people; Kazakh
        # letters typed on a Russian keyboard as their base letter ("Акмола" for "Ақмола",
        # "Нур-Султан" for "Нұр-Сұлтан").
        "ı": "i",
        "ә": "a",
        "ғ": "г",
        "қ": "k",
        "ң": "h",
        "ө": "o",
        "ұ": "y",
        "ү": "y",
    }
)
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad]")
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.,'’`ʼʻ\"()]+")


def strip_invisible(value: str) -> str:
    """Remove zero-width characters, soft hyphens and BOMs; turn odd spaces into plain ones."""
    value = _INVISIBLE.sub("", value)
    return unicodedata.normalize("NFC", value.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def fold(value: str) -> str:
    """Return the matching key of a name.

    >>> fold("Nur-Sultan") == fold("nur sultan") == fold("NURSULTAN")
    True
    >>> fold("Öskemen") == fold("Oskemen")
    True
    """
    value = strip_invisible(value).casefold()
    decomposed = unicodedata.normalize("NFD", value)
    # Drop combining marks (ö → o, ǵ → g) but keep Cyrillic letters whose identity is the mark
    # (й, ё are recomposed first so that "й" survives as its own letter).
    kept = []
    for ch in decomposed:
        if unicodedata.combining(ch):
            prev = kept[-1] if kept else ""
            composed = unicodedata.normalize("NFC", prev + ch)
            if len(composed) == 1 and _is_cyrillic(composed) and composed not in "ё":
                kept[-1] = composed
            continue
        kept.append(ch)
    return _SEPARATORS.sub("", "".join(kept).translate(_LOOKALIKES))


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def is_latin_or_cyrillic(value: str) -> bool:
    """True when every letter of value is Latin or Cyrillic (aliases in other scripts are dropped)."""
    letters = [ch for ch in value if ch.isalpha()]
    return bool(letters) and all(
        _is_cyrillic(ch) or unicodedata.name(ch, "").startswith("LATIN") for ch in letters
    )
