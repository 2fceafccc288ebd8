"""What a QDA import leaves in the store besides versions: the mapping of each project, reused the
next time an export of it comes, and the codes editors added to the vocabulary (with labels in the
three languages). Tables of migration 5 (`atlas.migrations`)."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd

from atlas.qda.mapping import CodeChoice, QdaMapping, from_json, new_code_labels
from atlas.qda.model import QdaProject
from atlas.store import Store
from atlas.vocabulary import Vocabulary

# Another export of the same project shares most of its codebook: reuse its mapping from this much.
OVERLAP = 0.5


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _code_keys(mapping: QdaMapping) -> list[str]:
    return sorted("\\".join(c.path) for c in mapping.codes)


def remember_mapping(store: Store, mapping: QdaMapping, author: str = "") -> None:
    """Save `mapping` for its project (keyed by the project's fingerprint)."""
    with store.engine.transaction() as tx:
        tx.execute(
            "INSERT INTO qda_mappings (fingerprint, format_id, project, code_keys, mapping,"
            " saved_by, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (fingerprint) DO UPDATE SET mapping = excluded.mapping,"
            " code_keys = excluded.code_keys, saved_by = excluded.saved_by,"
            " saved_at = excluded.saved_at",
            [
                mapping.fingerprint,
                mapping.format_id,
                mapping.project,
                json.dumps(_code_keys(mapping), ensure_ascii=False),
                mapping.to_json(),
                author,
                _now(),
            ],
        )


def saved_mapping(
    store: Store, project: QdaProject, fingerprint: str
) -> tuple[QdaMapping, dt.datetime] | None:
    """The mapping saved for this project: the same fingerprint, else the newest of the same
    format and project name, else the one of the same format whose codebook overlaps most."""
    found = store.engine.read(
        "SELECT fingerprint, project, code_keys, mapping, saved_at FROM qda_mappings"
        " WHERE format_id = ? ORDER BY saved_at DESC",
        [project.format_id],
    )
    if found.empty:
        return None
    exact = found[found["fingerprint"] == fingerprint]
    if exact.empty and project.name:
        exact = found[found["project"] == project.name]
    if exact.empty:
        keys = {"\\".join(p) for p in project.code_counts()}
        overlaps = [
            len(keys & set(json.loads(row))) / max(len(keys | set(json.loads(row))), 1)
            for row in found["code_keys"]
        ]
        best = max(range(len(overlaps)), key=overlaps.__getitem__)
        if overlaps[best] < OVERLAP:
            return None
        exact = found.iloc[[best]]
    row = exact.iloc[0]
    return from_json(row["mapping"], "saved"), pd.Timestamp(row["saved_at"]).to_pydatetime()


def vocabulary_additions(store: Store) -> pd.DataFrame:
    return store.engine.read(
        "SELECT field, theme, code, label_en, label_ru, label_kk FROM vocabulary_additions"
        " ORDER BY added_at, code"
    )


def extended_vocabulary(store: Store, vocabulary: Vocabulary) -> Vocabulary:
    """The vocabulary with the codes editors added (the file's own codes win a clash)."""
    added = vocabulary_additions(store)
    if added.empty:
        return vocabulary
    table = vocabulary.table
    fresh = added[~added["code"].isin(table.loc[table["field"] == "code", "code"])]
    return with_codes(vocabulary, fresh)


def with_codes(vocabulary: Vocabulary, rows: pd.DataFrame) -> Vocabulary:
    if rows.empty:
        return vocabulary
    columns = list(vocabulary.table.columns)
    return Vocabulary(pd.concat([vocabulary.table, rows[columns]], ignore_index=True))


CODE_COLUMNS = ["field", "theme", "code", "label_en", "label_ru", "label_kk"]


def code_row(choice: CodeChoice, code: str) -> dict[str, str]:
    """A `new` choice as a vocabulary row (its labels, else its name in every language)."""
    labels = new_code_labels(choice)
    return {
        "field": "code",
        "theme": choice.theme,
        "code": code,
        "label_en": labels["en"],
        "label_ru": labels["ru"],
        "label_kk": labels["kk"],
    }


def add_codes(store: Store, rows: pd.DataFrame, author: str = "") -> None:
    if rows.empty:
        return
    now = _now()
    with store.engine.transaction() as tx:
        for row in rows.to_dict("records"):
            tx.execute(
                "INSERT INTO vocabulary_additions (field, theme, code, label_en, label_ru,"
                " label_kk, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (field, code) DO NOTHING",
                [
                    row["field"],
                    row["theme"],
                    row["code"],
                    row["label_en"],
                    row["label_ru"],
                    row["label_kk"],
                    author,
                    now,
                ],
            )
