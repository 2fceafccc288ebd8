"""QualCoder's coded-text report ("Report codings", exported as CSV or XLSX).

Follows `src/qualcoder/report_codes.py` (ccbogel/QualCoder), `export_csv_file` and
`export_xlsx_file`: the header is `File` (or `Case`, then `Filename`), `Coder`, `Coded` (the coded
text; "image" or "a/v" for media codings), `Id` (`ctid:N` for text, `imid:`/`avid:` for media),
`Codename`, `Coded_Memo`, then one `Category` column per level of the deepest code — the same name
repeated — holding the code's parent codes and categories leaf to root (`categories_of_code`),
then `FileVar_<name>` and `CaseVar_<name>` when variables are included. The CSV is UTF-8 with BOM,
every cell quoted. The code path is read root first: reversed categories, then the code name.
"""

from __future__ import annotations

import re

from atlas.qda.formats import Format, Probe
from atlas.qda.model import (
    Case,
    Detection,
    QdaProject,
    evidence,
    qda_problem,
    segments_frame,
)
from atlas.qda.tabular import (
    carried_problems,
    cell,
    drop_repeated_headers,
    find_column,
    repeated_columns,
    require,
)
from atlas.text import fold

FORMAT_ID = "qualcoder_coded_text"
REQUIRED = ("coder", "coded", "id", "codename")
_MEDIA_ID = re.compile(r"(imid|avid):", re.IGNORECASE)


def detect(probe: Probe) -> Detection | None:
    headers = probe.folded_headers()
    if not headers or headers[0] not in ("file", "case") or not set(REQUIRED) <= set(headers):
        return None
    found = [evidence("qda.evidence.columns", columns=", ".join(probe.headers()[:6]))]
    confidence = 0.95
    table = probe.table()
    id_col = find_column(list(table.frame.columns), "Id")
    ids = table.frame[id_col].dropna().astype(str).head(50) if id_col else []
    example = next((v for v in ids if re.match(r"(ctid|imid|avid):\d+$", v)), None)
    if example:
        confidence = 0.99
        found.append(evidence("qda.evidence.coding_ids", example=example))
    return Detection(FORMAT_ID, confidence, tuple(found))


def read(probe: Probe) -> QdaProject:
    table = probe.table()
    frame, lines, problems = drop_repeated_headers(table)
    headers = list(frame.columns)
    require(headers, ("Coded", "Codename"), FORMAT_ID)
    first = headers[0]
    by_case = fold(first) == "case"
    filename_col = find_column(headers, "Filename") if by_case else None
    coder_col, coded_col, id_col, name_col, memo_col = (
        find_column(headers, name) for name in ("Coder", "Coded", "Id", "Codename", "Coded_Memo")
    )
    categories = repeated_columns(headers, "Category")
    file_vars = [h for h in headers if h.casefold().startswith("filevar_")]
    case_vars = [h for h in headers if h.casefold().startswith("casevar_")]
    rows, media, documents, cases = [], 0, {}, {}
    for line, row in zip(lines, frame.to_dict("records"), strict=True):
        owner = cell(row, first).strip()
        document = cell(row, filename_col).strip() if by_case else owner
        attributes = documents.setdefault(document, {})
        for column in file_vars:
            if cell(row, column).strip():
                attributes[column[len("FileVar_") :]] = cell(row, column).strip()
        if by_case:
            case = cases.setdefault(owner, Case(owner))
            if document not in case.documents:
                case.documents.append(document)
            for column in case_vars:
                if cell(row, column).strip():
                    case.attributes[column[len("CaseVar_") :]] = cell(row, column).strip()
        if _MEDIA_ID.match(cell(row, id_col)):
            media += 1
            continue
        parents = [cell(row, c).strip() for c in categories]
        path = (*reversed([p for p in parents if p]), cell(row, name_col).strip())
        rows.append(
            {
                "line": int(line),
                "document": document,
                "code_path": path,
                "excerpt": re.sub(r"\r\n?", "\n", cell(row, coded_col)),
                "memo": cell(row, memo_col),
                "coder": cell(row, coder_col),
                "segment_id": cell(row, id_col),
            }
        )
    problems = carried_problems(table, ("Category",)) + problems
    if media:
        problems.append(qda_problem("warning", "qda.non_text_skipped", count=media))
    segments = segments_frame(rows)
    return QdaProject(
        FORMAT_ID,
        probe.filename,
        probe.sha256,
        segments,
        documents=documents,
        cases=list(cases.values()),
        codebook=sorted(set(segments["code_path"])),
        problems=problems,
    )


FORMAT = Format(FORMAT_ID, detect, read)
