"""Opening what a QDA tool wrote without trusting it: zip archives and XML.

A `.qdpx` is a zip archive, so it gets the guards the XLSX reader has (`atlas.ingest`: sizes the
parts declare, compression ratio) plus a limit on the number of entries, names that could point
outside the project (`../`, absolute paths, drive letters), encrypted entries, and a hard cap on
the bytes actually unpacked (declared sizes can lie). Only the parts that hold text are ever
unpacked; media files are listed, never read.

XML is parsed with expat — the streaming parser under `xml.etree.ElementTree.iterparse` — driven
directly, with the handlers defusedxml sets: a document type declaration (where every entity
trick lives: billion laughs, external entities, DTD retrieval) refuses the file before any of it is
expanded, and an undeclared entity is an error. Elements reach the reader as events, so a large
project never sits in memory as a tree.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from collections.abc import Iterator
from typing import Protocol
from xml.parsers import expat

from atlas.ingest import MAX_XLSX_RATIO, MAX_XLSX_UNPACKED
from atlas.qda.model import QdaError

MAX_ENTRIES = 10_000  # a project with thousands of sources is plausible; millions are not
MAX_ENTRY_BYTES = 200 * 1024 * 1024  # one project XML or one source text
MAX_TEXT_BYTES = MAX_XLSX_UNPACKED  # all the parts read from one archive, together
RATIO_FROM_BYTES = (
    10 * 1024 * 1024
)  # small parts may compress well; big ones may not compress 150:1
MAX_XML_DEPTH = 200
CHUNK = 1 << 16

_DRIVE = re.compile(r"^[A-Za-z]:")


def unsafe_name(name: str) -> bool:
    """True for an entry name that would land outside a folder it was unpacked into."""
    if not name or any(ord(ch) < 32 for ch in name):
        return True
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        return True
    return any(part == ".." for part in re.split(r"[\\/]", name))


class SafeArchive:
    """A zip archive whose entries are read only within limits; names are checked on opening."""

    def __init__(self, data: bytes):
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            raise QdaError("qda.not_zip") from exc
        if len(infos) > MAX_ENTRIES:
            raise QdaError("qda.too_many_entries", count=len(infos), limit=MAX_ENTRIES)
        for info in infos:
            if unsafe_name(info.filename):
                raise QdaError("qda.unsafe_name", name=info.filename[:200])
        self._infos = {info.filename: info for info in infos if not info.is_dir()}
        self._folded = {name.casefold(): name for name in self._infos}
        self._read = 0

    @property
    def names(self) -> list[str]:
        return list(self._infos)

    def find(self, name: str) -> str | None:
        """The entry called `name`, ignoring case (tools differ on 'Sources/' and 'sources/')."""
        return self._folded.get(name.casefold())

    def chunks(self, name: str) -> Iterator[bytes]:
        """The entry's bytes in chunks, refused when it is encrypted, too big or a bomb."""
        info = self._infos[name]
        if info.flag_bits & 0x1:
            raise QdaError("qda.encrypted", name=name)
        size, packed = info.file_size, max(info.compress_size, 1)
        if size > MAX_ENTRY_BYTES:
            raise QdaError(
                "qda.entry_too_large",
                name=name,
                size=f"{size / 2**20:.0f}",
                limit=MAX_ENTRY_BYTES // 2**20,
            )
        if size > RATIO_FROM_BYTES and size / packed > MAX_XLSX_RATIO:
            raise QdaError("qda.zip_bomb", name=name, ratio=f"{size / packed:.0f}")
        if self._read + size > MAX_TEXT_BYTES:
            raise QdaError(
                "qda.archive_too_large",
                size=f"{(self._read + size) / 2**20:.0f}",
                limit=MAX_TEXT_BYTES // 2**20,
            )
        unpacked = 0
        try:
            with self._zip.open(info) as stream:
                while chunk := stream.read(CHUNK):
                    unpacked += len(chunk)
                    if unpacked > size:  # more than it declared: a lie, so a bomb
                        raise QdaError("qda.zip_bomb", name=name, ratio=f"{unpacked / packed:.0f}")
                    yield chunk
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as exc:
            raise QdaError("qda.damaged_zip", reason=str(exc)[:120]) from exc
        finally:
            self._read += unpacked

    def read(self, name: str) -> bytes:
        return b"".join(self.chunks(name))


class XmlHandler(Protocol):
    def start(self, tag: str, attrs: dict[str, str]) -> None: ...

    def end(self, tag: str, text: str) -> None: ...


def parse_xml(chunks: Iterator[bytes], name: str, handler: XmlHandler) -> None:
    """Stream XML `chunks` into `handler` (`start(tag, attrs)`, `end(tag, text)`; tags without their
    namespace; `text` is the element's own character data). Refuses DTDs and entities."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    texts: list[list[str]] = []

    def refuse_doctype(*_args):
        raise QdaError("qda.xml_doctype", name=name)

    def refuse_entity(*_args):
        raise QdaError("qda.xml_entity", name=name)

    def start(tag, attrs):
        if len(texts) >= MAX_XML_DEPTH:
            raise QdaError("qda.xml_too_deep", name=name, limit=MAX_XML_DEPTH)
        texts.append([])
        handler.start(tag.rsplit(" ", 1)[-1], {k.rsplit(" ", 1)[-1]: v for k, v in attrs.items()})

    def end(tag):
        text = "".join(texts.pop())
        handler.end(tag.rsplit(" ", 1)[-1], text)

    def characters(data):
        if texts:
            texts[-1].append(data)

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_entity
    parser.UnparsedEntityDeclHandler = refuse_entity
    parser.ExternalEntityRefHandler = refuse_entity
    parser.SkippedEntityHandler = refuse_entity
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parser.buffer_text = True
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        if exc.code == expat.errors.codes[expat.errors.XML_ERROR_UNDEFINED_ENTITY]:
            raise QdaError("qda.xml_entity", name=name) from exc
        raise QdaError(
            "qda.xml_invalid",
            name=name,
            line=exc.lineno,
            column=exc.offset + 1,
            reason=expat.errors.messages[exc.code],
        ) from exc


def root_element(head: bytes) -> str | None:
    """The local name of the root element of an XML document starting with `head`, or None when
    `head` is not XML. Never expands anything: a DTD stops it like any other refusal."""

    class _Found(Exception):
        pass

    found: list[str] = []

    class _Handler:
        def start(self, tag, attrs):
            found.append(tag)
            raise _Found

        def end(self, tag, text):
            pass

    try:
        parse_xml(iter([head]), "", _Handler())
    except _Found:
        return found[0]
    except QdaError as exc:
        if exc.message_id in ("qda.xml_doctype", "qda.xml_entity"):
            return "!DOCTYPE"
        return None
    return None


def decode_text(data: bytes) -> str | None:
    """A source text as REFI-QDA stores it: UTF-8 (with or without BOM) or UTF-16 with a BOM.
    None when it is neither: a text is never guessed into mojibake."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None
