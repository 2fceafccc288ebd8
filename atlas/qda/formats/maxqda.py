"""MAXQDA's coded segments ("Overview of Coded Segments" / "Retrieved Segments" exported as an
Excel table, or that table saved as CSV).

Follows the MAXQDA manual's description of the export (maxqda.com, "Overview of Coded Segments":
the segments as a table with their origin, comments, coder and date; "Importing codes from an Excel
table": subcodes are written `Parent\\Child`, or with `>`): the columns `Color`, `Document group`,
`Document name`, `Code`, `Begin`, `End`, `Weight score`, `Segment`, `Comment`, `Area`,
`Coverage %`, `Author` (older versions `Created by`), `Creation date`. Only `Document name`, `Code`
and `Segment` are required; the others are recognised and kept. Nested codes are split into their
path (`Challenges\\Funding` → theme `Challenges`, code `Funding`). Header rows repeated inside the
body — two exports pasted into one sheet — are dropped with a warning. `Begin`/`End` are paragraph
numbers for text documents, kept as they are.
"""

from __future__ import annotations

import re

from atlas.qda.formats import Format, Probe
from atlas.qda.model import Detection, QdaProject, evidence, segments_frame
from atlas.qda.tabular import carried_problems, cell, drop_repeated_headers, find_column, require

FORMAT_ID = "maxqda_coded_segments"
REQUIRED = ("Document name", "Code", "Segment")
KNOWN = (
    "Color",
    "Document group",
    "Begin",
    "End",
    "Weight score",
    "Comment",
    "Area",
    "Coverage %",
    "Author",
    "Created by",
    "Creation date",
    "Created",
    "Modified by",
    "Modified",
)


def detect(probe: Probe) -> Detection | None:
    headers = probe.headers()
    if not headers or any(find_column(headers, name) is None for name in REQUIRED):
        return None
    extras = [name for name in KNOWN if find_column(headers, name)]
    if not extras:
        return None  # a plain table that happens to use these words: the generic path maps it
    confidence = min(0.96, 0.6 + 0.08 * len(extras))
    found = [evidence("qda.evidence.columns", columns=", ".join([*REQUIRED, *extras[:4]]))]
    code_col = find_column(headers, "Code")
    example = next(
        (v for v in probe.table().frame[code_col].dropna().astype(str).head(50) if "\\" in v),
        None,
    )
    if example:
        found.append(evidence("qda.evidence.code_paths", example=example))
    return Detection(FORMAT_ID, confidence, tuple(found))


def code_path(code: str) -> tuple[str, ...]:
    """'Challenges\\Funding' → ('Challenges', 'Funding'); MAXQDA's import also accepts '>'."""
    return tuple(p.strip() for p in re.split(r"\\|>", code) if p.strip())


def read(probe: Probe) -> QdaProject:
    table = probe.table()
    frame, lines, problems = drop_repeated_headers(table)
    headers = list(frame.columns)
    require(headers, REQUIRED, FORMAT_ID)
    doc_col, code_col, segment_col = (find_column(headers, name) for name in REQUIRED)
    group_col = find_column(headers, "Document group")
    begin_col, end_col = find_column(headers, "Begin"), find_column(headers, "End")
    weight_col = find_column(headers, "Weight score", "Weight")
    comment_col = find_column(headers, "Comment")
    author_col = find_column(headers, "Author", "Created by")
    rows, documents = [], {}
    for line, row in zip(lines, frame.to_dict("records"), strict=True):
        document = cell(row, doc_col).strip()
        attributes = documents.setdefault(document, {})
        group = cell(row, group_col).strip()
        if group:
            attributes.setdefault("Document group", group)
        rows.append(
            {
                "line": int(line),
                "document": document,
                "code_path": code_path(cell(row, code_col)),
                "excerpt": re.sub(r"\r\n?", "\n", cell(row, segment_col)),
                "start": cell(row, begin_col) or None,
                "end": cell(row, end_col) or None,
                "memo": cell(row, comment_col),
                "coder": cell(row, author_col),
                "weight": cell(row, weight_col).strip(),
            }
        )
    segments = segments_frame(rows)
    return QdaProject(
        FORMAT_ID,
        probe.filename,
        probe.sha256,
        segments,
        documents=documents,
        codebook=sorted(set(segments["code_path"])),
        problems=carried_problems(table) + problems,
    )


FORMAT = Format(FORMAT_ID, detect, read)
