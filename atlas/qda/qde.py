"""Reading REFI-QDA project XML (`project.qde`) and codebooks (`.qdc`) as a stream of elements.

Follows the REFI-QDA Project schema, QDA-XML 1.0 (`Project.xsd`, 18 March 2019, published by REFI
at schema.qdasoftware.org; a copy is in enricllagostera/ponte `process/ref_materials/
Project-mrt2019.xsd`) and, for what tools actually write, QualCoder's exporter
(`src/qualcoder/refi.py`, `RefiExport`):

- `Project` → `Users`, `CodeBook/Codes/Code` (nested; `guid`, `name`, `isCodable`, `color`;
  QualCoder writes its categories as non-codable codes), `Variables/Variable` (`guid`, `name`,
  `typeOfVariable`), `Cases/Case` (`VariableValue` = `VariableRef` + one of `TextValue`,
  `BooleanValue`, `IntegerValue`, `FloatValue`, `DateValue`, `DateTimeValue`; `SourceRef`),
  `Sources/TextSource` (`plainTextPath="internal://<guid>.txt"` — the file `sources/<guid>.txt` in
  the archive — or `PlainTextContent`; `PlainTextSelection` with `startPosition`/`endPosition`,
  `Description`, `Coding/CodeRef targetGUID`; `VariableValue`), `PDFSource/Representation` (a text
  source of the PDF's text), picture, audio and video sources (their codings are counted, skipped).
- Positions are characters of the plain text, counted from 0, end exclusive.
"""

from __future__ import annotations

from collections.abc import Callable

from atlas.qda.model import Case, QdaProblem, qda_problem

TextLoader = Callable[[str], tuple[str | None, str]]  # path → (text or None, why not)

_VALUE_TAGS = {
    "TextValue",
    "BooleanValue",
    "IntegerValue",
    "FloatValue",
    "DateValue",
    "DateTimeValue",
}
_MEDIA_SELECTIONS = {
    "PictureSelection",
    "PDFSelection",
    "AudioSelection",
    "VideoSelection",
    "TranscriptSelection",
}


class ProjectReader:
    """An XmlHandler building the segments, cases, documents and codebook of a project."""

    def __init__(self, load_text: TextLoader | None = None):
        self.load_text = load_text or (lambda path: (None, "no archive"))
        self.root: str | None = None
        self.project_name = ""
        self.stack: list[str] = []
        self.codes: dict[str, tuple[str, ...]] = {}
        self.codable: list[tuple[str, ...]] = []
        self._code_stack: list[str] = []
        self.variables: dict[str, str] = {}
        self.cases: list[tuple[Case, list[str]]] = []
        self.sources: dict[str, str] = {}  # guid → name
        self.source_attributes: dict[str, dict[str, str]] = {}
        self.rows: list[dict] = []
        self.problems: list[QdaProblem] = []
        self.media_codings = 0
        self.unknown_refs = 0
        self._case: tuple[Case, list[str]] | None = None
        self._source: dict | None = None
        self._selection: dict | None = None
        self._value_ref: str | None = None
        self._value: str | None = None
        self._pdf: dict | None = None

    # --- events ---

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        parent = self.stack[-1] if self.stack else None
        self.stack.append(tag)
        if self.root is None:
            self.root = tag
            self.project_name = attrs.get("name", "")
        if tag == "Code" and parent in ("Codes", "Code"):
            self._code_stack.append(attrs.get("name", "").strip())
            path = tuple(self._code_stack)
            self.codes[_guid(attrs.get("guid"))] = path
            if attrs.get("isCodable", "true").strip().lower() in ("true", "1"):
                self.codable.append(path)
        elif tag == "Variable" and parent == "Variables":
            self.variables[_guid(attrs.get("guid"))] = attrs.get("name", "").strip()
        elif tag == "Case" and parent == "Cases":
            self._case = (Case(attrs.get("name", "").strip(), guid=_guid(attrs.get("guid"))), [])
        elif tag == "SourceRef" and parent == "Case" and self._case:
            self._case[1].append(_guid(attrs.get("targetGUID")))
        elif tag == "VariableValue":
            self._value_ref, self._value = None, None
        elif tag == "VariableRef" and parent == "VariableValue":
            self._value_ref = _guid(attrs.get("targetGUID"))
        elif tag == "TextSource" and parent == "Sources":
            self._begin_source(attrs, attrs.get("name", ""))
        elif tag == "PDFSource" and parent == "Sources":
            self._pdf = {"guid": _guid(attrs.get("guid")), "name": attrs.get("name", "")}
            self.sources[self._pdf["guid"]] = self._pdf["name"]
        elif tag == "Representation" and parent == "PDFSource" and self._pdf:
            self._begin_source({**attrs, "guid": self._pdf["guid"]}, self._pdf["name"])
        elif tag == "PlainTextSelection" and self._source is not None:
            self._selection = {
                "guid": _guid(attrs.get("guid")),
                "start": _int(attrs.get("startPosition")),
                "end": _int(attrs.get("endPosition")),
                "name": attrs.get("name", ""),
                "memo": "",
                "codes": [],
                "coder": attrs.get("creatingUser", ""),
            }
        elif tag == "CodeRef" and parent == "Coding":
            owner = self.stack[-3] if len(self.stack) >= 3 else None
            target = _guid(attrs.get("targetGUID"))
            if owner == "PlainTextSelection" and self._selection is not None:
                self._selection["codes"].append(target)
            elif owner in ("TextSource", "Representation") and self._source is not None:
                self._source["whole"].append(target)
            elif owner in _MEDIA_SELECTIONS or owner in (
                "PictureSource",
                "AudioSource",
                "VideoSource",
                "PDFSource",
            ):
                self.media_codings += 1

    def end(self, tag: str, text: str) -> None:
        self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        if tag == "Code" and self._code_stack and parent in ("Codes", "Code"):
            self._code_stack.pop()
        elif tag in _VALUE_TAGS and parent == "VariableValue":
            self._value = text.strip()
        elif tag == "VariableValue":
            self._store_value()
        elif tag == "Case" and self._case is not None:
            self.cases.append(self._case)
            self._case = None
        elif tag == "Description" and parent == "PlainTextSelection" and self._selection:
            self._selection["memo"] = text.strip()
        elif tag == "PlainTextContent" and self._source is not None:
            self._source["content"] = text
        elif tag == "PlainTextSelection" and self._selection is not None:
            self._source["selections"].append(self._selection)
            self._selection = None
        elif tag in ("TextSource", "Representation") and self._source is not None:
            self._finish_source()
        elif tag == "PDFSource":
            self._pdf = None

    # --- sources ---

    def _begin_source(self, attrs: dict[str, str], name: str) -> None:
        guid = _guid(attrs.get("guid"))
        self.sources[guid] = name
        self._source = {
            "guid": guid,
            "name": name,
            "path": attrs.get("plainTextPath", ""),
            "content": None,
            "selections": [],
            "whole": [],
        }

    def _store_value(self) -> None:
        if self._value_ref is None or self._value is None:
            return
        name = self.variables.get(self._value_ref, self._value_ref)
        if self._case is not None and self.stack and self.stack[-1] == "Case":
            self._case[0].attributes[name] = self._value
        elif self._source is not None:
            self.source_attributes.setdefault(self._source["guid"], {})[name] = self._value
        elif self._pdf is not None:
            self.source_attributes.setdefault(self._pdf["guid"], {})[name] = self._value

    def _finish_source(self) -> None:
        source, self._source = self._source, None
        selections = source["selections"]
        if source["whole"]:
            selections.append(
                {
                    "guid": "",
                    "start": 0,
                    "end": None,
                    "name": "",
                    "memo": "",
                    "codes": source["whole"],
                    "coder": "",
                }
            )
        if not selections:
            return
        text = source["content"]
        if text is None:
            text, why = self.load_text(source["path"])
            if text is None:
                self.problems.append(
                    qda_problem(
                        "warning",
                        "qda.source_text_undecodable"
                        if why == "undecodable"
                        else "qda.source_text_missing",
                        source=source["name"],
                        path=source["path"] or "—",
                        count=len(selections),
                    )
                )
        outside = 0
        for selection in selections:
            start, end = selection["start"], selection["end"]
            if text is None:
                excerpt = selection["name"]
            else:
                end = len(text) if end is None else end
                if start is None or end is None or not 0 <= start <= end <= len(text):
                    outside += 1
                    excerpt = ""
                else:
                    excerpt = text[start:end]
            for target in selection["codes"]:
                path = self.codes.get(target)
                if path is None:
                    self.unknown_refs += 1
                    continue
                self.rows.append(
                    {
                        "line": len(self.rows) + 1,
                        "document": source["guid"],
                        "code_path": path,
                        "excerpt": excerpt,
                        "start": start,
                        "end": end,
                        "memo": selection["memo"],
                        "coder": selection["coder"],
                        "segment_id": selection["guid"],
                    }
                )
        if outside:
            self.problems.append(
                qda_problem(
                    "warning",
                    "qda.selection_out_of_range",
                    count=outside,
                    source=source["name"],
                    length=len(text or ""),
                )
            )

    # --- results ---

    def document_names(self) -> dict[str, str]:
        """Source guid → a name unique within the project (a repeated name gets ' (2)')."""
        names, seen = {}, {}
        for guid, name in self.sources.items():
            name = name.strip() or guid
            seen[name] = seen.get(name, 0) + 1
            names[guid] = name if seen[name] == 1 else f"{name} ({seen[name]})"
        return names

    def finish(self) -> tuple[list[dict], dict[str, dict[str, str]], list[Case]]:
        names = self.document_names()
        for row in self.rows:
            row["document"] = names.get(row["document"], row["document"])
        documents = {names[guid]: dict(self.source_attributes.get(guid, {})) for guid in names}
        cases, owner = [], {}
        for case, refs in self.cases:
            case.documents = [names[ref] for ref in refs if ref in names]
            for document in case.documents:
                owner.setdefault(document, []).append(case.name)
            cases.append(case)
        for document, owners in owner.items():
            if len(owners) > 1:
                self.problems.append(
                    qda_problem(
                        "warning",
                        "qda.source_in_several_cases",
                        source=document,
                        cases=", ".join(owners),
                        case=owners[0],
                    )
                )
                for case in cases:
                    if case.name != owners[0] and document in case.documents:
                        case.documents.remove(document)
        if self.media_codings:
            self.problems.append(
                qda_problem("warning", "qda.non_text_skipped", count=self.media_codings)
            )
        if self.unknown_refs:
            self.problems.append(
                qda_problem("warning", "qda.unknown_code_ref", count=self.unknown_refs)
            )
        return self.rows, documents, cases


def _guid(value: str | None) -> str:
    return (value or "").strip().strip("{}").lower()


def _int(value: str | None) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None
