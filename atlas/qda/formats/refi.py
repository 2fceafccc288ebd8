"""REFI-QDA exchange files: the project archive `.qdpx` (NVivo, ATLAS.ti, MAXQDA, QualCoder, …),
its project XML alone (`.qde`, texts missing), and the codebook `.qdc`.

A `.qdpx` is a zip archive with `project.qde` at its root and the sources' texts under `sources/`
(REFI-QDA 1.5, section 8.1; QualCoder's `export_project` writes exactly that). The archive is opened
with `atlas.qda.safety.SafeArchive` and the XML streamed through `atlas.qda.safety.parse_xml`;
see `atlas.qda.qde` for the elements read.
"""

from __future__ import annotations

from atlas.qda.formats import Format, Probe
from atlas.qda.model import Detection, QdaError, QdaProject, evidence, segments_frame
from atlas.qda.qde import ProjectReader
from atlas.qda.safety import decode_text, parse_xml

PROJECT_XML = "project.qde"


def detect_qdpx(probe: Probe) -> Detection | None:
    if not probe.is_zip or PROJECT_XML not in probe.zip_names:
        return None
    return Detection("refi_qdpx", 0.99, (evidence("qda.evidence.project_xml"),))


def detect_qde(probe: Probe) -> Detection | None:
    return _detect_xml(probe, "Project", "refi_qde")


def detect_qdc(probe: Probe) -> Detection | None:
    return _detect_xml(probe, "CodeBook", "refi_qdc")


def _detect_xml(probe: Probe, root: str, format_id: str) -> Detection | None:
    found = probe.xml_root
    if found == root:
        return Detection(format_id, 0.97, (evidence("qda.evidence.root", root=root),))
    if found == "!DOCTYPE" and f"<{root}".encode() in probe.data[:65536]:
        # A DTD stops every look inside: reading refuses the file with the reason.
        return Detection(format_id, 0.5, (evidence("qda.evidence.root", root=root),))
    return None


def read_qdpx(probe: Probe) -> QdaProject:
    archive = probe.archive()
    name = archive.find(PROJECT_XML)
    if name is None:
        raise QdaError("qda.no_project_xml")

    def load_text(path: str) -> tuple[str | None, str]:
        if not path.lower().startswith("internal://"):
            return None, "external"  # never read from the server's disk
        entry = archive.find(f"sources/{path[len('internal://') :]}")
        if entry is None:
            return None, "missing"
        text = decode_text(archive.read(entry))
        return (text, "") if text is not None else (None, "undecodable")

    return _read(probe, "refi_qdpx", archive.chunks(name), PROJECT_XML, "Project", load_text)


def read_qde(probe: Probe) -> QdaProject:
    return _read(probe, "refi_qde", iter([probe.data]), probe.filename or "project.qde", "Project")


def read_qdc(probe: Probe) -> QdaProject:
    return _read(
        probe, "refi_qdc", iter([probe.data]), probe.filename or "codebook.qdc", "CodeBook"
    )


def _read(probe, format_id, chunks, name, expected, load_text=None) -> QdaProject:
    reader = ProjectReader(load_text)
    parse_xml(chunks, name, reader)
    if reader.root != expected:
        raise QdaError(
            "qda.xml_wrong_root",
            name=name,
            expected=expected,
            root=reader.root or "—",
        )
    rows, documents, cases = reader.finish()
    segments = segments_frame(rows)
    return QdaProject(
        format_id,
        probe.filename,
        probe.sha256,
        segments,
        documents=documents,
        cases=cases,
        codebook=list(dict.fromkeys(reader.codable)),
        name=reader.project_name,
        problems=reader.problems,
        line_unit="coding",
    )


FORMATS = [
    Format("refi_qdpx", detect_qdpx, read_qdpx),
    Format("refi_qde", detect_qde, read_qde),
    Format("refi_qdc", detect_qdc, read_qdc),
]
