"""Coded interviews from the researcher's QDA tool (issue #15): Taguette, QualCoder, MAXQDA, and
NVivo / ATLAS.ti / MAXQDA / QualCoder projects in the REFI-QDA exchange format.

The steps a wizard or the command line takes, in order:

    detection = qda.detect(data, filename)           # "This looks like a Taguette highlights export"
    project = qda.read(data, filename)               # segments, documents, cases, codebook, warnings
    mapping = qda.prepare_mapping(project, store, vocabulary=..., gazetteer=...)
    mapping.units_frame() / mapping.codes_frame()    # shown, edited → mapping.with_edits(...)
    result = qda.check(project, mapping, store=..., gazetteer=..., vocabulary=...)
    qda.publish(store, result, author=...)           # one transaction; the mapping is remembered
    qda.export_qdpx(store, vocabulary)               # the active interview data back as .qdpx

Readers live in `atlas.qda.formats`, one module per format behind `Format(id, detect, read)`.
User-facing sentences are catalogue messages (`qda.*` in atlas/locales/en.py, ru.py, kk.py),
rendered in the user's language by `atlas.qda.messages.render`.
"""

from __future__ import annotations

from atlas.gazetteer import Gazetteer
from atlas.ingest import MAX_BYTES
from atlas.qda import saved
from atlas.qda.export import export_qdpx
from atlas.qda.formats import Probe, detect_probe, formats
from atlas.qda.importer import QdaCheck, check_project, guess_language
from atlas.qda.importer import publish as _publish
from atlas.qda.mapping import (
    CodeChoice,
    MappingOptions,
    QdaMapping,
    UnitChoice,
    apply_saved,
    fingerprint,
    from_json,
    propose_mapping,
)
from atlas.qda.model import Detection, QdaError, QdaProblem, QdaProject, qda_problem
from atlas.store import Store
from atlas.vocabulary import Vocabulary

__all__ = [
    "CodeChoice",
    "Detection",
    "MappingOptions",
    "QdaCheck",
    "QdaError",
    "QdaMapping",
    "QdaProblem",
    "QdaProject",
    "UnitChoice",
    "check",
    "detect",
    "export_qdpx",
    "formats",
    "from_json",
    "guess_language",
    "prepare_mapping",
    "publish",
    "read",
]


def detect(
    data: bytes, filename: str = "", *, max_bytes: int | None = MAX_BYTES
) -> Detection | None:
    """What QDA export `data` is, by its content (None: not one this package reads)."""
    return detect_probe(Probe(data, filename, max_bytes=max_bytes))


def read(
    data: bytes,
    filename: str = "",
    format_id: str | None = None,
    *,
    max_bytes: int | None = MAX_BYTES,
) -> QdaProject:
    """Read a QDA export (its format detected unless `format_id` is given). Raises QdaError, or
    atlas.ingest.ReadError when a table-shaped export cannot be read as a table."""
    probe = Probe(data, filename, max_bytes=max_bytes)
    known = formats()
    if format_id is None:
        detection = detect_probe(probe)
        if detection is None:
            raise QdaError("qda.not_detected")
        format_id = detection.format_id
    if format_id not in known:
        raise QdaError("qda.unknown_format", format=format_id, known=", ".join(sorted(known)))
    return known[format_id].read(probe)


def active_respondents(store: Store):
    """The active respondents' ids and cities, which document names are matched against."""
    import pandas as pd

    info = store.active_versions().get("respondents")
    if info is None:
        return pd.DataFrame(columns=["respondent_id", "city"])
    return store.frame("respondents", info.version, ["respondent_id", "city"])


def prepare_mapping(
    project: QdaProject,
    store: Store,
    *,
    vocabulary: Vocabulary,
    gazetteer: Gazetteer,
    given: QdaMapping | None = None,
    use_saved: bool = True,
) -> QdaMapping:
    """The mapping to show: proposals, overridden by `given` (a mapping file), else by the mapping
    saved for this project (unless `use_saved` is False). Its `notes` say which."""
    vocabulary = saved.extended_vocabulary(store, vocabulary)
    proposed = propose_mapping(
        project,
        vocabulary=vocabulary,
        gazetteer=gazetteer,
        respondents=active_respondents(store),
    )
    if given is not None:
        # A codebook's mapping (.qdc) holds only code choices: it fits any export of the project.
        if given.format_id not in (project.format_id, "refi_qdc"):
            raise QdaError(
                "qda.mapping_other_format",
                mapping_format=given.format_id,
                file_format=project.format_id,
            )
        return apply_saved(proposed, given)
    if use_saved:
        found = saved.saved_mapping(store, project, fingerprint(project))
        if found is not None:
            mapping, when = found
            merged = apply_saved(proposed, mapping)
            merged.notes.append(
                qda_problem("info", "qda.mapping_saved_from", date=f"{when:%Y-%m-%d %H:%M}")
            )
            return merged
    return proposed


def check(
    project: QdaProject,
    mapping: QdaMapping,
    *,
    store: Store,
    gazetteer: Gazetteer,
    vocabulary: Vocabulary,
    mode: str = "replace",
    allow_new_codes: bool = True,
    progress=None,
) -> QdaCheck:
    """Everything known before publishing: contract checks of the rows the mapping gives, plus the
    mapping's own problems (unmatched documents and codes). Writes nothing."""
    return check_project(
        project,
        mapping,
        store=store,
        gazetteer=gazetteer,
        vocabulary=vocabulary,
        mode=mode,
        allow_new_codes=allow_new_codes,
        progress=progress,
    )


def publish(store: Store, result: QdaCheck, *, author: str, note: str = "", insist: bool = False):
    """Publish every dataset of the import in one transaction (or none); remember the mapping."""
    return _publish(store, result, author=author, note=note, insist=insist)
