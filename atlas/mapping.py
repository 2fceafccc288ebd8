"""Mapping a file's own headers onto the contract's columns.

Guesses come from synonyms in Russian, Kazakh and English and from the exports of QDA tools
(MAXQDA "Coded segments", QualCoder coding reports, Taguette highlights); the user can override
every one. MAXQDA writes nested codes as `Parent\\Child`: the parent names the theme.
"""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pandas as pd

from atlas.contract import DATASETS
from atlas.text import fold
from atlas.vocabulary import Vocabulary

IGNORE = ""  # a file column mapped to nothing

SYNONYMS: dict[str, tuple[str, ...]] = {
    "respondent_id": (
        "ID",
        "респондент",
        "respondent",
        "Document name",
        "document",
        "Документ",
        "Case",
        "case name",
        "filename",
        "file",
        "интервью",
        "interview",
    ),
    "city": ("город", "қала", "City", "Town", "населённый пункт", "place"),
    "region": ("регион", "область", "облыс", "өңір", "Region", "oblast"),
    "org_type": (
        "тип организации",
        "ұйым түрі",
        "organisation type",
        "organization type",
        "org type",
    ),
    "focus_area": ("сфера", "направление", "бағыт", "focus", "focus area", "area"),
    "gender": ("пол", "жынысы", "Gender", "sex"),
    "age_group": ("возраст", "жас", "age", "age group"),
    "interview_date": ("дата интервью", "сұхбат күні", "interview date", "date of interview"),
    "interview_mode": ("формат", "формат интервью", "mode", "interview mode"),
    "theme": ("тема", "тақырып", "theme", "parent code", "category"),
    "code": ("код", "Code", "codename", "code name", "tag", "тег"),
    "period": ("период", "кезең", "period"),
    "excerpt": (
        "цитата",
        "Segment",
        "Quote",
        "фрагмент",
        "coded text",
        "text",
        "content",
        "үзінді",
    ),
    "language": ("язык", "тіл", "language", "lang"),
    "intensity": ("интенсивность", "intensity", "Weight score", "weight"),
    "action_id": ("id акции", "action id"),
    "date": ("дата", "күні", "Date", "күн"),
    "end_date": ("дата окончания", "аяқталу күні", "end date", "until", "по"),
    "country": ("страна", "ел", "мемлекет", "Country"),
    "actor": ("организатор", "актор", "ұйымдастырушы", "actor", "organiser", "organizer"),
    "actor_type": ("тип актора", "actor type"),
    "action_type": ("тип акции", "тип", "Type", "action type", "әрекет түрі"),
    "platform": ("платформа", "platform", "channel"),
    "motivation": ("мотивация", "мотив", "motivation", "motive"),
    "barriers": ("барьеры", "препятствия", "кедергілер", "barriers", "obstacles"),
    "participants": ("участники", "число участников", "қатысушылар", "participants"),
    "reach": ("охват", "reach", "views", "followers"),
    "description": ("описание", "сипаттама", "description", "summary"),
    "source_name": ("источник", "дереккөз", "source", "source name", "publisher"),
    "source_url": ("ссылка", "URL", "Link", "сілтеме", "source url"),
    "confidence": ("достоверность", "confidence"),
    "time": ("время", "уақыт", "time"),
    "event_type": ("тип события", "event type", "оқиға түрі"),
    "title": ("название", "заголовок", "атауы", "title", "headline"),
    "deaths": ("погибшие", "погибло", "қаза тапқандар", "deaths", "killed", "dead"),
    "detained": ("задержанные", "задержано", "ұсталғандар", "detained", "arrested"),
    "event_id": ("id события", "event id"),
    # reported figures and sources (#12); each dataset looks only at its own columns' synonyms
    "date_reported": ("дата", "күні", "Date", "дата сообщения", "date reported", "reported on"),
    "date_precision": ("точность даты", "precision"),
    "value": ("число", "значение", "сан", "value", "number", "figure"),
    "qualifier": ("уточнение", "qualifier"),
    "scope": ("охват", "scope"),
    "place": ("место", "город", "қала", "place", "city"),
    "reporting_body": ("кто сообщил", "источник цифры", "орган", "reported by", "body"),
    "status": ("статус", "status"),
    "quote": ("цитата", "quote"),
    "note": ("примечание", "ескерту", "note", "notes"),
    "outlet": ("издание", "СМИ", "outlet", "publisher"),
    "url": ("ссылка", "URL", "Link", "сілтеме"),
    "organiser_kind": ("кто организовал", "organiser kind", "organizer kind"),
}


# Exports whose whole header is known: Taguette's highlights ("id" is the highlight's, not the
# respondent's; the document is the interview).
KNOWN_SHAPES = {
    ("id", "document", "tag", "content"): {
        "id": IGNORE,
        "document": "respondent_id",
        "tag": "code",
        "content": "excerpt",
    },
}


def guess_mapping(headers: list[str], dataset: str) -> dict[str, str]:
    """file header → contract column (or IGNORE), each contract column used at most once.
    Known export shapes first; then exact column names win over synonyms; the earlier file column
    wins a tie."""
    shape = tuple(fold(h) for h in headers)
    if dataset == "interview_codes" and shape in KNOWN_SHAPES:
        known = KNOWN_SHAPES[shape]
        return {h: known[fold(h)] for h in headers}
    fields = DATASETS[dataset].column_names
    by_key: dict[str, str] = {}
    for field_name in fields:
        for name in (field_name, field_name.replace("_", " ")):
            by_key.setdefault(fold(name), field_name)
    for field_name in fields:
        for name in SYNONYMS.get(field_name, ()):
            by_key.setdefault(fold(name), field_name)
    mapping, used = {}, set()
    for header in headers:
        field_name = by_key.get(fold(header), IGNORE)
        if field_name and field_name in used:
            field_name = IGNORE
        mapping[header] = field_name
        used.add(field_name)
    return mapping


def shape_signature(headers: list[str], dataset: str) -> str:
    """Identifies files of the same shape, to remember their mapping."""
    key = json.dumps([dataset, [fold(h) for h in headers]], ensure_ascii=False)
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def apply_mapping(
    frame: pd.DataFrame, mapping: dict[str, str], dataset: str, vocabulary: Vocabulary
) -> pd.DataFrame:
    """The file's columns renamed to the contract's; unmapped ones dropped. For interview codes,
    MAXQDA's `Parent\\Child` code paths give the theme (from the parent) and the code (the child)."""
    chosen = {
        header: field for header, field in mapping.items() if field and header in frame.columns
    }
    mapped = frame[list(chosen)].rename(columns=chosen)
    if dataset == "interview_codes" and "code" in mapped:
        mapped = _split_code_paths(mapped, vocabulary)
    return mapped


def _split_code_paths(frame: pd.DataFrame, vocabulary: Vocabulary) -> pd.DataFrame:
    """Theme and code from MAXQDA paths, worked out once per distinct (code, theme) pair."""
    frame = frame.copy()
    code_text = frame["code"].fillna("").astype(str)
    theme_text = (
        frame["theme"].fillna("").astype(str)
        if "theme" in frame
        else pd.Series([""] * len(frame), index=frame.index, dtype="str")
    )
    pairs, distinct = pd.factorize(code_text + "\x1f" + theme_text)
    themes, codes = [], []
    for key in distinct:
        code, theme = key.split("\x1f", 1)
        parts = [p.strip() for p in code.replace("/", "\\").split("\\") if p.strip()]
        if len(parts) >= 2:
            parent = next(
                (
                    vocabulary.canonical("theme", p)
                    for p in parts[:-1]
                    if vocabulary.canonical("theme", p)
                ),
                None,
            )
            themes.append(theme or parent or _theme_of(parts[-1], vocabulary) or parts[0])
            codes.append(parts[-1])
        else:
            themes.append(theme or _theme_of(code, vocabulary) or "")
            codes.append(code)
    frame["code"] = pd.Series(np.array(codes, dtype=object)[pairs], index=frame.index, dtype="str")
    frame["theme"] = pd.Series(
        np.array(themes, dtype=object)[pairs], index=frame.index, dtype="str"
    )
    return frame


def _theme_of(code: str, vocabulary: Vocabulary) -> str | None:
    canonical = vocabulary.canonical("code", code)
    return vocabulary.themes_of().get(canonical) if canonical else None
