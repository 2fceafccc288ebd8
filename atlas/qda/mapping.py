"""Mapping a QDA project onto the contract, once: documents (or cases) → respondents, code paths →
theme and code of the vocabulary, case variables → respondent columns.

`propose_mapping` proposes every choice with a score (0–1) and the reason, from exact names,
respondent ids, numbers and cities in document names, document and case attributes, and normalised
and fuzzy matches of code names and paths (difflib); a saved mapping of the same project wins over a
proposal. The editor changes any row (`QdaMapping.units_frame` / `codes_frame` → edit →
`with_edits`), or the command line's mapping file (`to_json` / `from_json`). Choices:

- a unit: `map` to `respondent_id`, `skip` it, or `unmatched` (blocks until chosen);
- a code: `map` to a vocabulary code, `keep` it as an unknown code under a known theme (the contract
  keeps unknown codes with a warning), `new` — add it to the vocabulary with labels (editors only) —,
  `skip` its segments, or `unmatched` (blocks until chosen).
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import json
import re
from dataclasses import dataclass, field

import pandas as pd

from atlas.contract import normalise_code
from atlas.gazetteer import Gazetteer
from atlas.mapping import guess_mapping
from atlas.qda.messages import render
from atlas.qda.model import QdaError, QdaProblem, QdaProject, qda_problem
from atlas.text import fold
from atlas.vocabulary import LANGUAGES, Vocabulary

MAP_AT = 0.75  # a proposal at least this sure is taken; below it, the editor decides
UNIT_ACTIONS = ("map", "skip", "unmatched")
CODE_ACTIONS = ("map", "keep", "new", "skip", "unmatched")
REFI_PROJECTS = ("refi_qdpx", "refi_qde")
_EXTENSIONS = re.compile(r"\.(docx?|odt|rtf|txt|pdf|md|html?|epub)$", re.IGNORECASE)
_ID_WORDS = {
    fold(w)
    for w in (
        "respondent_id",
        "respondent",
        "respondent id",
        "id",
        "participant",
        "participant id",
        "респондент",
        "id респондента",
        "код респондента",
    )
}


@dataclass
class UnitChoice:
    """A document (or case) of the project and the respondent its segments belong to."""

    kind: str  # "document" | "case"
    name: str
    respondent_id: str = ""
    action: str = "unmatched"
    score: float = 0.0
    reason: str = "qda.reason.none"
    reason_params: dict[str, object] = field(default_factory=dict)
    segments: int = 0
    source: str = "proposed"  # proposed | saved | file

    def why(self, language: str = "en") -> str:
        return render(self.reason, language, **self.reason_params)


@dataclass
class CodeChoice:
    """A code path of the project and what it becomes in the vocabulary."""

    path: tuple[str, ...]
    theme: str = ""
    code: str = ""
    action: str = "unmatched"
    score: float = 0.0
    reason: str = "qda.reason.code_none"
    reason_params: dict[str, object] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # for `new`: en, ru, kk
    segments: int = 0
    source: str = "proposed"

    @property
    def shown_path(self) -> str:
        return " \\ ".join(self.path)

    def why(self, language: str = "en") -> str:
        return render(self.reason, language, **self.reason_params)


@dataclass
class MappingOptions:
    period: str = ""  # a period code for every excerpt, or blank
    language: str = "auto"  # "auto" (from the excerpt's letters), a language code, or blank
    weight_as_intensity: bool = True  # MAXQDA weights 1–3 become intensity


@dataclass
class QdaMapping:
    format_id: str
    project: str
    fingerprint: str
    units: list[UnitChoice]
    codes: list[CodeChoice]
    respondent_columns: dict[str, str] = field(default_factory=dict)  # case variable → column
    cases_as_respondents: bool | None = False  # None only in a file that does not say
    options: MappingOptions = field(default_factory=MappingOptions)
    notes: list[QdaProblem] = field(default_factory=list)  # how it came about (not saved)

    # --- for the editor ---

    def units_frame(self, language: str = "en") -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "kind": u.kind,
                    "name": u.name,
                    "segments": u.segments,
                    "respondent_id": u.respondent_id,
                    "action": u.action,
                    "score": round(u.score, 2),
                    "why": u.why(language),
                }
                for u in self.units
            ],
            columns=["kind", "name", "segments", "respondent_id", "action", "score", "why"],
        )

    def codes_frame(self, language: str = "en") -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "path": c.shown_path,
                    "segments": c.segments,
                    "theme": c.theme,
                    "code": c.code,
                    "action": c.action,
                    "score": round(c.score, 2),
                    "why": c.why(language),
                    # labels of a `new` code, one column per language
                    **{f"label_{lang}": c.labels.get(lang, "") for lang in LANGUAGES},
                }
                for c in self.codes
            ],
            columns=[
                "path",
                "segments",
                "theme",
                "code",
                "action",
                "score",
                "why",
                *(f"label_{lang}" for lang in LANGUAGES),
            ],
        )

    def with_edits(
        self, units: pd.DataFrame | None = None, codes: pd.DataFrame | None = None
    ) -> QdaMapping:
        """A copy with the editor's rows applied (matched by name / shown path; other columns of
        the frames are ignored)."""
        edited = dataclasses.replace(
            self,
            units=[dataclasses.replace(u) for u in self.units],
            codes=[dataclasses.replace(c, labels=dict(c.labels)) for c in self.codes],
        )
        if units is not None:
            by_name = {(u.kind, u.name): u for u in edited.units}
            for row in units.to_dict("records"):
                unit = by_name.get((row["kind"], row["name"]))
                if unit and (unit.respondent_id, unit.action) != (
                    str(row["respondent_id"] or "").strip(),
                    row["action"],
                ):
                    unit.respondent_id = str(row["respondent_id"] or "").strip()
                    unit.action, unit.source = row["action"], "edited"
        if codes is not None:
            by_path = {c.shown_path: c for c in edited.codes}
            for row in codes.to_dict("records"):
                code = by_path.get(row["path"])
                if code is None:
                    continue
                given = (str(row["theme"] or "").strip(), str(row["code"] or "").strip())
                labels = {
                    lang: str(row.get(f"label_{lang}") or "").strip()
                    for lang in LANGUAGES
                    if str(row.get(f"label_{lang}") or "").strip()
                }
                if (code.theme, code.code) != given or code.action != row["action"]:
                    code.theme, code.code = given
                    code.action, code.source = row["action"], "edited"
                if labels and labels != code.labels:
                    code.labels, code.source = labels, "edited"
        return edited

    # --- as a file ---

    def to_dict(self) -> dict:
        return {
            "format": self.format_id,
            "project": self.project,
            "fingerprint": self.fingerprint,
            "cases_as_respondents": self.cases_as_respondents,
            "respondent_columns": self.respondent_columns,
            "options": dataclasses.asdict(self.options),
            "units": [
                {
                    "kind": u.kind,
                    "name": u.name,
                    "respondent_id": u.respondent_id,
                    "action": u.action,
                    "segments": u.segments,
                    "score": round(u.score, 2),
                    "why": u.why(),
                }
                for u in self.units
            ],
            "codes": [
                {
                    "path": list(c.path),
                    "theme": c.theme,
                    "code": c.code,
                    "action": c.action,
                    **({"labels": c.labels} if c.action == "new" or c.labels else {}),
                    "segments": c.segments,
                    "score": round(c.score, 2),
                    "why": c.why(),
                }
                for c in self.codes
            ],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    def decisions(self) -> str:
        """The choices alone (no scores or reasons), canonical: two mappings that import the same
        rows give the same text."""
        data = self.to_dict()
        for item in (*data["units"], *data["codes"]):
            for key in ("segments", "score", "why"):
                item.pop(key, None)
        data.pop("fingerprint")
        return json.dumps(data, ensure_ascii=False, sort_keys=True)


def from_json(text: str, source: str = "file") -> QdaMapping:
    """A mapping from its JSON: a mapping file (`source` "file") or one saved in the store
    ("saved"). Raises QdaError."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise QdaError(
            "qda.mapping_file_invalid", line=exc.lineno, column=exc.colno, reason=exc.msg
        ) from exc
    return from_dict(data, source)


def from_dict(data: object, source: str = "file") -> QdaMapping:
    def shape(reason: str) -> QdaError:
        return QdaError("qda.mapping_file_shape", reason=reason)

    if not isinstance(data, dict) or not isinstance(data.get("format"), str):
        raise shape("it has no 'format'")
    units, codes = data.get("units", []), data.get("codes", [])
    if not isinstance(units, list) or not isinstance(codes, list):
        raise shape("'units' and 'codes' must be lists")
    parsed_units = []
    for item in units:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise shape("every unit needs a 'name'")
        action = str(item.get("action", "map"))
        if action not in UNIT_ACTIONS:
            raise QdaError(
                "qda.bad_action", action=action, name=item["name"], actions=", ".join(UNIT_ACTIONS)
            )
        parsed_units.append(
            UnitChoice(
                kind=str(item.get("kind", "document")),
                name=item["name"],
                respondent_id=str(item.get("respondent_id") or "").strip(),
                action=action,
                score=1.0,
                reason=f"qda.reason.{source}",
                source=source,
            )
        )
    parsed_codes = []
    for item in codes:
        path = item.get("path") if isinstance(item, dict) else None
        if isinstance(path, str):
            path = [path]
        if not isinstance(path, list) or not path or not all(isinstance(p, str) for p in path):
            raise shape("every code needs a 'path' (a list of names, root first)")
        action = str(item.get("action", "map"))
        if action not in CODE_ACTIONS:
            raise QdaError(
                "qda.bad_action",
                action=action,
                name=" \\ ".join(path),
                actions=", ".join(CODE_ACTIONS),
            )
        labels = item.get("labels") or {}
        if not isinstance(labels, dict):
            raise shape("'labels' must map a language (en, ru, kk) to a label")
        parsed_codes.append(
            CodeChoice(
                path=tuple(path),
                theme=str(item.get("theme") or "").strip(),
                code=str(item.get("code") or "").strip(),
                action=action,
                score=1.0,
                reason=f"qda.reason.{source}",
                labels={str(k): str(v) for k, v in labels.items() if k in LANGUAGES},
                source=source,
            )
        )
    columns = data.get("respondent_columns") or {}
    options = data.get("options") or {}
    if not isinstance(columns, dict) or not isinstance(options, dict):
        raise shape("'respondent_columns' and 'options' must be objects")
    known = {f.name for f in dataclasses.fields(MappingOptions)}
    return QdaMapping(
        format_id=data["format"],
        project=str(data.get("project") or ""),
        fingerprint=str(data.get("fingerprint") or ""),
        units=parsed_units,
        codes=parsed_codes,
        respondent_columns={str(k): str(v or "") for k, v in columns.items()},
        # None when the file does not say: the proposal's choice stands.
        cases_as_respondents=data.get("cases_as_respondents"),
        options=MappingOptions(**{k: v for k, v in options.items() if k in known}),
    )


# --- proposals ---


def fingerprint(project: QdaProject) -> str:
    """Identifies a project across exports: its format, name and codebook."""
    codes = sorted("\\".join(path) for path in project.code_counts())
    key = json.dumps([project.format_id, project.name, codes], ensure_ascii=False)
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def propose_mapping(
    project: QdaProject,
    *,
    vocabulary: Vocabulary,
    gazetteer: Gazetteer,
    respondents: pd.DataFrame | None = None,
    saved: QdaMapping | None = None,
) -> QdaMapping:
    """Every choice proposed; a `saved` mapping (same format) overrides the proposals it covers.
    `respondents`: the active respondents (respondent_id, city) documents are matched against."""
    variables = sorted({name for case in project.cases for name in case.attributes})
    columns = guess_mapping(variables, "respondents") if variables else {}
    cases_as_respondents = project.format_id in REFI_PROJECTS and any(
        field_name == "city" for field_name in columns.values()
    )
    known = _known_respondents(respondents)
    units = []
    counts = project.document_counts()
    in_cases = set()
    for case in project.cases:
        in_cases.update(case.documents)
        segments = sum(counts.get(d, 0) for d in case.documents)
        if cases_as_respondents:
            id_variable = next((v for v, f in columns.items() if f == "respondent_id"), None)
            given = case.attributes.get(id_variable, "") if id_variable else ""
            units.append(
                UnitChoice(
                    "case",
                    case.name,
                    (given or case.name).strip(),
                    "map",
                    1.0,
                    "qda.reason.case",
                    {"case": case.name},
                    segments,
                )
            )
        else:
            units.append(
                _propose_unit("case", case.name, case.attributes, segments, known, gazetteer)
            )
    if cases_as_respondents:
        city_variable = next((v for v, f in columns.items() if f == "city"), None)
        for case, unit in zip(project.cases, units, strict=False):
            city = case.attributes.get(city_variable, "") if city_variable else ""
            place = gazetteer.resolve(city) if city else None
            known[unit.respondent_id] = place.name if place else city
    for document, attributes in project.documents.items():
        if document in in_cases:
            continue
        units.append(
            _propose_unit(
                "document", document, attributes, counts.get(document, 0), known, gazetteer
            )
        )
    codes = [
        _propose_code(path, count, vocabulary, project.format_id)
        for path, count in sorted(project.code_counts().items())
    ]
    mapping = QdaMapping(
        format_id=project.format_id,
        project=project.name,
        fingerprint=fingerprint(project),
        units=units,
        codes=codes,
        respondent_columns=columns,
        cases_as_respondents=cases_as_respondents,
    )
    if saved is not None and saved.format_id == project.format_id:
        mapping = apply_saved(mapping, saved)
    return mapping


def apply_saved(proposed: QdaMapping, saved: QdaMapping) -> QdaMapping:
    """The proposal with every choice `saved` has for the same document, case or code path; the
    rest stays proposed (and is counted in a note when `saved` came from a file)."""
    units = {(u.kind, u.name): u for u in saved.units}
    by_name = {u.name: u for u in saved.units}
    codes = {c.path: c for c in saved.codes}
    merged_units, merged_codes, filled = [], [], 0
    for unit in proposed.units:
        given = units.get((unit.kind, unit.name)) or by_name.get(unit.name)
        if given is None:
            filled += 1
            merged_units.append(unit)
            continue
        merged_units.append(
            dataclasses.replace(
                unit,
                respondent_id=given.respondent_id,
                action=given.action,
                score=1.0,
                reason=given.reason,
                reason_params={},
                source=given.source,
            )
        )
    for code in proposed.codes:
        given = codes.get(code.path)
        if given is None:
            filled += 1
            merged_codes.append(code)
            continue
        merged_codes.append(
            dataclasses.replace(
                code,
                theme=given.theme,
                code=given.code,
                action=given.action,
                labels=dict(given.labels),
                score=1.0,
                reason=given.reason,
                reason_params={},
                source=given.source,
            )
        )
    notes = list(proposed.notes)
    from_file = any(u.source == "file" for u in saved.units) or any(
        c.source == "file" for c in saved.codes
    )
    if filled and from_file:
        notes.append(qda_problem("warning", "qda.mapping_filled", count=filled))
    return dataclasses.replace(
        proposed,
        units=merged_units,
        codes=merged_codes,
        respondent_columns={
            **proposed.respondent_columns,
            **{
                k: v
                for k, v in saved.respondent_columns.items()
                if k in proposed.respondent_columns
            },
        },
        cases_as_respondents=bool(saved.cases_as_respondents)
        if saved.cases_as_respondents is not None and _has_cases(proposed)
        else proposed.cases_as_respondents,
        options=dataclasses.replace(saved.options),
        notes=notes,
    )


def _has_cases(mapping: QdaMapping) -> bool:
    return mapping.format_id in REFI_PROJECTS and any(u.kind == "case" for u in mapping.units)


# --- documents → respondents ---


def _known_respondents(respondents: pd.DataFrame | None) -> dict[str, str]:
    """respondent id → city, as the store keeps them."""
    if respondents is None or respondents.empty:
        return {}
    cities = respondents["city"] if "city" in respondents else [""] * len(respondents)
    return {
        str(rid): ("" if pd.isna(city) else str(city))
        for rid, city in zip(respondents["respondent_id"], cities, strict=True)
        if not pd.isna(rid)
    }


def _number(value: str) -> int | None:
    found = re.findall(r"\d+", value)
    return int(found[-1]) if found else None


def _cities(texts: list[str], gazetteer: Gazetteer) -> list[str]:
    """Kazakh cities named in `texts` (single words and runs of up to three words)."""
    found = []
    for text in texts:
        words = [w for w in re.split(r"[\s_.,;:()\[\]/\\]+", text) if w and not w.isdigit()]
        for size in (3, 2, 1):
            for i in range(len(words) - size + 1):
                place = gazetteer.resolve(" ".join(words[i : i + size]), country="KZ")
                if place is not None and place.name not in found:
                    found.append(place.name)
    return found


def _propose_unit(
    kind: str,
    name: str,
    attributes: dict[str, str],
    segments: int,
    known: dict[str, str],
    gazetteer: Gazetteer,
) -> UnitChoice:
    unit = UnitChoice(kind, name, segments=segments)
    by_fold = {fold(rid): rid for rid in known}
    for attribute, value in attributes.items():
        if fold(attribute) in _ID_WORDS and fold(value) in by_fold:
            return _chosen(
                unit,
                by_fold[fold(value)],
                1.0,
                "qda.reason.attribute",
                attribute=attribute,
                value=value,
            )
    stem = _EXTENSIONS.sub("", name.strip())
    if fold(stem) in by_fold:
        return _chosen(unit, by_fold[fold(stem)], 1.0, "qda.reason.exact_id")
    for token in re.split(r"[\s_.,;:()\[\]/\\-]+", stem):
        if token and not token.isdigit() and fold(token) in by_fold:
            return _chosen(
                unit, by_fold[fold(token)], 0.95, "qda.reason.id_in_name", id=by_fold[fold(token)]
            )
    cities = _cities([stem, *attributes.values()], gazetteer)
    number = _number(stem)
    if number is not None:
        candidates = [rid for rid in known if _number(rid) == number]
        in_city = [rid for rid in candidates if known[rid] in cities]
        if len(in_city) == 1:
            return _chosen(
                unit,
                in_city[0],
                0.9,
                "qda.reason.number_city",
                number=number,
                city=known[in_city[0]],
            )
        if len(candidates) == 1 and not cities:
            return _chosen(unit, candidates[0], 0.8, "qda.reason.number", number=number)
        if len(candidates) == 1:
            unit.respondent_id, unit.score = candidates[0], 0.5
            unit.reason = "qda.reason.number_other_city"
            unit.reason_params = {
                "number": number,
                "id": candidates[0],
                "city": known[candidates[0]],
            }
            return unit
    return unit


def _chosen(
    unit: UnitChoice, respondent_id: str, score: float, reason: str, **params
) -> UnitChoice:
    unit.respondent_id, unit.score, unit.reason, unit.reason_params = (
        respondent_id,
        score,
        reason,
        params,
    )
    unit.action = "map" if score >= MAP_AT else "unmatched"
    return unit


# --- code paths → vocabulary ---


def similarity(a: str, b: str) -> float:
    """How alike two folded names are: difflib's ratio, or 0.85 when one contains the other
    (at least four letters: "Funding" in "Funding shortage")."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    ratio = difflib.SequenceMatcher(None, a, b).ratio()
    short, long = sorted((a, b), key=len)
    if len(short) >= 4 and short in long:
        ratio = max(ratio, 0.85)
    return ratio


def _words(name: str) -> list[str]:
    return [fold(w) for w in re.split(r"[\s_\-/\\.,;:()]+", name) if len(w) >= 3]


def _same_word(a: str, b: str) -> bool:
    """Equal, or the same word in another form: a shared beginning of all but two letters
    ("финансирование" / "финансирования", "restriction" / "restrictions")."""
    if a == b:
        return True
    stem = max(4, min(len(a), len(b)) - 2)
    return len(a) >= stem and len(b) >= stem and a[:stem] == b[:stem]


def name_similarity(name: str, label: str) -> float:
    """`similarity` of the folded names, or 0.85 when every word of the name is a word of the
    label in some form ("state communication" in "Poor communication with the state")."""
    score = similarity(fold(name), fold(label))
    words, label_words = _words(name), _words(label)
    if words and all(any(_same_word(w, lw) for lw in label_words) for w in words):
        score = max(score, 0.85)
    return score


def _names(
    vocabulary: Vocabulary, field_name: str, theme: str | None = None
) -> list[tuple[str, str, str]]:
    """(code, shown name, folded name) of every code and label of `field_name` (in `theme`)."""
    rows = vocabulary.table[vocabulary.table["field"] == field_name]
    if theme is not None:
        rows = rows[rows["theme"] == theme]
    names = []
    for row in rows.itertuples():
        for shown in (row.code.replace("_", " "), row.label_en, row.label_ru, row.label_kk):
            if shown:
                names.append((row.code, shown, fold(shown)))
    return names


def _best(
    name: str, candidates: list[tuple[str, str, str]]
) -> tuple[str | None, float, str, list[str]]:
    """(code, score, the label it matched, tied codes) of the closest candidate to `name`."""
    scores: dict[str, tuple[float, str]] = {}
    for code, shown, _folded in candidates:
        score = name_similarity(name, shown)
        if score > scores.get(code, (0.0, ""))[0]:
            scores[code] = (score, shown)
    if not scores:
        return None, 0.0, "", []
    ranked = sorted(scores.items(), key=lambda kv: kv[1][0], reverse=True)
    code, (score, shown) = ranked[0]
    tied = [c for c, (s, _) in ranked[1:] if s >= score - 0.02]
    return code, score, shown, tied


def match_theme(part: str, vocabulary: Vocabulary) -> tuple[str | None, float]:
    exact = vocabulary.canonical("theme", part)
    if exact:
        return exact, 1.0
    code, score, _, tied = _best(part, _names(vocabulary, "theme"))
    return (code, score) if code and score >= 0.8 and not tied else (None, 0.0)


def _propose_code(
    path: tuple[str, ...], segments: int, vocabulary: Vocabulary, format_id: str
) -> CodeChoice:
    choice = CodeChoice(path, segments=segments)
    if format_id == "taguette_highlights" and len(path) == 1 and fold(path[0]) == "interesting":
        choice.action, choice.score, choice.reason = "skip", 1.0, "qda.reason.review_tag"
        return choice
    themes_of = vocabulary.themes_of()
    theme = None
    for part in path[:-1]:
        found, _ = match_theme(part, vocabulary)
        if found:
            theme = found
            break
    best: tuple[float, str, str, str, dict] | None = None  # score, theme, code, reason, params
    for depth, part in enumerate(reversed(path)):
        penalty = 0.05 * depth
        exact = vocabulary.canonical("code", part)
        if exact:
            candidate = (
                1.0 - penalty,
                themes_of.get(exact, theme or ""),
                exact,
                "qda.reason.code_exact"
                if fold(part) == fold(exact.replace("_", " "))
                else "qda.reason.code_label",
                {"label": part},
            )
        else:
            code, score, shown, tied = _best(part, _names(vocabulary, "code", theme))
            if code is None:
                continue
            if tied:
                candidate = (
                    score - 0.2 - penalty,
                    theme or "",
                    code,
                    "qda.reason.code_ambiguous",
                    {"codes": ", ".join([code, *tied][:4])},
                )
            else:
                candidate = (
                    score - penalty,
                    themes_of.get(code, theme or ""),
                    code,
                    "qda.reason.code_fuzzy",
                    {"label": shown, "score": score},
                )
        if best is None or candidate[0] > best[0]:
            best = candidate
    if best is not None and best[0] >= MAP_AT:
        score, choice.theme, choice.code, choice.reason, choice.reason_params = best
        choice.action, choice.score = "map", score
        return choice
    if theme is None and len(path) == 1:
        found, _ = match_theme(path[0], vocabulary)
        if found:  # a theme alone is no code
            choice.theme, choice.reason = found, "qda.reason.code_none"
            return choice
    if theme:
        choice.theme, choice.code = theme, normalise_code(path[-1])
        choice.action, choice.score = "keep", best[0] if best else 0.0
        choice.reason, choice.reason_params = "qda.reason.code_theme_only", {"theme": theme}
        return choice
    if best is not None:
        choice.score, choice.theme, choice.code = best[0], best[1], best[2]
        choice.reason, choice.reason_params = best[3], best[4]
    return choice


def new_code_labels(choice: CodeChoice) -> dict[str, str]:
    """The labels a `new` code gets: those given, else its own name in every language."""
    return {language: choice.labels.get(language) or choice.path[-1] for language in LANGUAGES}
