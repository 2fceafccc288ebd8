"""The readers, one module per QDA format, behind one small interface.

A format module defines `FORMAT = Format(id, detect, read)`: `detect(probe)` says how sure it is
(a `Detection`, or None) from the file's content — columns, structure, root element — never its
name; `read(probe)` returns the `QdaProject`. Every module in this package that defines `FORMAT`
is registered, so a new format is one new file.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import io
import pkgutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from atlas.ingest import MAX_BYTES, ReadError, Table, read_table
from atlas.qda.model import Detection, QdaError, QdaProject
from atlas.qda.safety import SafeArchive, root_element
from atlas.text import fold


class Probe:
    """The uploaded file, with what detectors ask of it worked out once: its table (read with the
    upload path's own decoding: encodings, delimiters, line ends, XLSX guards), its archive, the
    root element of its XML."""

    def __init__(self, data: bytes, filename: str = "", *, max_bytes: int | None = MAX_BYTES):
        self.data, self.filename, self.max_bytes = data, filename, max_bytes
        self.sha256 = hashlib.sha256(data).hexdigest()
        self._table: Table | ReadError | None = None
        self._archive: SafeArchive | QdaError | None = None

    @property
    def is_zip(self) -> bool:
        return self.data[:4] == b"PK\x03\x04"

    @functools.cached_property
    def zip_names(self) -> set[str]:
        """Lower-case names of the archive's entries (empty when it is no zip)."""
        if not self.is_zip:
            return set()
        try:
            return {n.casefold() for n in zipfile.ZipFile(io.BytesIO(self.data)).namelist()}
        except (zipfile.BadZipFile, ValueError, OSError):
            return set()

    def archive(self) -> SafeArchive:
        if self._archive is None:
            try:
                self._archive = SafeArchive(self.data)
            except QdaError as exc:
                self._archive = exc
        if isinstance(self._archive, QdaError):
            raise self._archive
        return self._archive

    @functools.cached_property
    def xml_root(self) -> str | None:
        head = self.data[:65536].lstrip()
        if not head.startswith((b"<", b"\xef\xbb\xbf<", b"\xff\xfe", b"\xfe\xff")):
            return None
        return root_element(self.data[:65536])

    @property
    def is_workbook(self) -> bool:
        return "xl/workbook.xml" in self.zip_names

    def table(self) -> Table:
        """The file as a table of text (raises ReadError when it is none)."""
        if self._table is None:
            try:
                self._table = read_table(self.data, self.filename, max_bytes=self.max_bytes)
            except ReadError as exc:
                self._table = exc
        if isinstance(self._table, ReadError):
            raise self._table
        return self._table

    def headers(self) -> list[str] | None:
        """The table's headers, or None when the file is no table (a zip other than a workbook,
        XML, binary data, an empty file)."""
        if (self.is_zip and not self.is_workbook) or self.xml_root is not None:
            return None
        try:
            return list(self.table().frame.columns)
        except ReadError:
            return None

    def folded_headers(self) -> list[str]:
        return [fold(h) for h in self.headers() or []]


@dataclass(frozen=True)
class Format:
    id: str
    detect: Callable[[Probe], Detection | None]
    read: Callable[[Probe], QdaProject]


@functools.cache
def formats() -> dict[str, Format]:
    """Every registered format by id (the modules of this package that define FORMAT)."""
    found: dict[str, Format] = {}
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        loaded = importlib.import_module(f"{__name__}.{module.name}")
        for item in getattr(loaded, "FORMATS", None) or [getattr(loaded, "FORMAT", None)]:
            if isinstance(item, Format):
                found[item.id] = item
    return found


def detect_probe(probe: Probe) -> Detection | None:
    """The most confident detection, or None when no format recognises the file."""
    found = [d for f in formats().values() if (d := f.detect(probe)) is not None]
    return max(found, key=lambda d: d.confidence, default=None)
