"""Taguette's highlights export (CSV or XLSX).

Follows `taguette/export.py` (remram44/taguette): `highlights_csv` writes the header
`id, document, tag, content` with Python's csv module (so CRLF line ends), `highlights_xslx` the
same four columns on a sheet named "highlights"; one row per (highlight, tag) — a highlight with two
tags is two rows with the same id, a highlight without a tag is one row with an empty tag.
`document` is the document's name, which the upload form fills with the file's name when left
blank; `content` is the highlight as plain text. Untagged highlights are skipped and counted (a
warning, never blocking). Taguette has no code hierarchy of its own; a tag written as a dotted path
("challenges.funding") is split like one, since its tag filter matches such prefixes.
"""

from __future__ import annotations

import re

from atlas.qda.formats import Format, Probe
from atlas.qda.model import Detection, QdaProject, evidence, few, qda_problem, segments_frame
from atlas.qda.tabular import carried_problems, cell, drop_repeated_headers, find_column, require

COLUMNS = ("id", "document", "tag", "content")
FORMAT_ID = "taguette_highlights"
# The tag every new Taguette project starts with ("Further review required"): a flag, not a code.
REVIEW_TAG = "interesting"


def detect(probe: Probe) -> Detection | None:
    headers = probe.folded_headers()
    if not headers or not set(COLUMNS) <= set(headers):
        return None
    confidence = 0.98 if headers == list(COLUMNS) else 0.7
    return Detection(
        FORMAT_ID, confidence, (evidence("qda.evidence.columns", columns=", ".join(COLUMNS)),)
    )


def tag_path(tag: str) -> tuple[str, ...]:
    """'challenges.funding' → ('challenges', 'funding'); a dot inside words or beside a space
    ("N.B. later") is not a separator."""
    tag = tag.strip()
    parts = tag.split(".")
    if len(parts) > 1 and all(len(p) >= 2 and p == p.strip() for p in parts):
        return tuple(parts)
    return (tag,)


def read(probe: Probe) -> QdaProject:
    table = probe.table()
    frame, lines, problems = drop_repeated_headers(table)
    headers = list(frame.columns)
    require(headers, COLUMNS[1:], FORMAT_ID)
    id_col, doc_col, tag_col, content_col = (find_column(headers, c) for c in COLUMNS)
    rows, untagged, documents = [], [], {}
    for line, row in zip(lines, frame.to_dict("records"), strict=True):
        document = cell(row, doc_col).strip()
        documents.setdefault(document, {})
        tag = cell(row, tag_col)
        if not tag.strip():
            untagged.append(int(line))
            continue
        rows.append(
            {
                "line": int(line),
                "document": document,
                "code_path": tag_path(tag),
                "excerpt": re.sub(r"\r\n?", "\n", cell(row, content_col)),
                "segment_id": cell(row, id_col),
            }
        )
    problems = carried_problems(table) + problems
    if untagged:
        problems.append(
            qda_problem("warning", "qda.untagged_skipped", count=len(untagged), where=few(untagged))
        )
    segments = segments_frame(rows)
    return QdaProject(
        FORMAT_ID,
        probe.filename,
        probe.sha256,
        segments,
        documents=documents,
        codebook=sorted(set(segments["code_path"])),
        problems=problems,
    )


FORMAT = Format(FORMAT_ID, detect, read)
