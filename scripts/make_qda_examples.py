"""Generate tests/files/qda/: coded interviews exported the way QDA tools write them.

Each file follows its tool's own export code or documentation (not this project's data contract);
tests/files/qda/README.md says which, for every file. The interviews are **illustrative, invented**
excerpts about COVID-19's effects on civil-society activists in Kazakhstan (funding, burnout,
pressure, restrictions, talking to the state, digital tools): no person, organisation or quote is
real. Document names carry the numbers and cities of the bundled illustrative respondents
(data/respondents.sample.csv), as a team's interview files would.

The output is deterministic: running the script again gives byte-identical files.

Run: .venv/bin/python scripts/make_qda_examples.py
"""

from __future__ import annotations

import csv
import io
import re
import uuid
import zipfile
from pathlib import Path
from xml.sax.saxutils import XMLGenerator
from xml.sax.xmlreader import AttributesNSImpl

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "files" / "qda"
FIXED = (2022, 2, 21, 9, 0, 0)
_NS = uuid.UUID("0b7c5d2e-8a41-4f3b-9e6d-1c2a3b4c5d6e")

# --- invented excerpts, by topic -------------------------------------------------------------

EXCERPTS = {
    "funding": [
        "Когда начался карантин, два гранта из трёх просто заморозили — донор сказал ждать до осени.",
        "We lost the office because the rent money went to food parcels instead.",
        "Қаржы жетпеді, еріктілер жол ақысын өз қалтасынан төледі.",
    ],
    "burnout": [
        "К декабрю половина команды выгорела: мы работали без выходных с марта.",
        'Honestly, by the second wave I stopped answering the "hotline" phone at night.',
    ],
    "repression": [
        "После поста о нехватке кислорода в больнице нас вызвали «на беседу» в акимат.",
        "A volunteer got a fine for 'violating the quarantine' while delivering medicine.",
    ],
    "restrictions": [
        "Блокпосты на въезде в город не пропускали нас к подопечным в сёлах.",
        "Карантин кезінде біз ауылдағы қарттарға бара алмадық.",
    ],
    "state_communication": [
        "Мы писали в управление здравоохранения три раза — ответа так и не было.",
        "Officials only talked to us when there were cameras around.",
    ],
    "online": [
        "Все тренинги перевели в Zoom, и неожиданно к нам подключились люди из районов.",
        "We moved the support group online; attendance doubled, but the hard cases disappeared.",
    ],
    "telegram": [
        "Telegram-канал стал главной доской объявлений: кто где раздаёт лекарства.",
        "Telegram арнасы арқылы еріктілерді бір сағатта жинадық.",
    ],
    "whatsapp": [
        "Бабушки не знали Zoom, но в WhatsApp-группе были все, даже аким села.",
    ],
    "zoom": [
        "Zoom saved our board meetings, though the free 40 minutes ended every argument early.",
    ],
    "fundraising": [
        "Первый онлайн-сбор на Kaspi закрыли за сутки — такого раньше не было.",
    ],
    "ngo_network": [
        "Мы созвонились с пятью НКО из соседних областей и поделили сёла между собой.",
        "Үкіметтік емес ұйымдар бір-біріне көлік пен волонтерлер берді.",
    ],
    "distrust": [
        "Люди больше верили нашему чату, чем официальной статистике по заболевшим.",
    ],
    "bureaucracy": [
        "Каждая справка для пропуска требовала печать, а печать была в закрытом офисе.",
    ],
}


def excerpt(topic: str, n: int = 0) -> str:
    pool = EXCERPTS[topic]
    return pool[n % len(pool)]


def _guid(*parts: object) -> str:
    return str(uuid.uuid5(_NS, "/".join(map(str, parts)))).upper()


def _csv_bytes(rows: list[list[str]], *, delimiter: str = ",", quoting=csv.QUOTE_MINIMAL) -> str:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, quoting=quoting, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def _xlsx(sheet: str, rows: list[list[object]]) -> bytes:
    """A workbook as openpyxl writes it, repacked with fixed timestamps (deterministic)."""
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    raw = io.BytesIO()
    book.save(raw)
    source = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)",
                    rb"\g<1>2022-02-21T09:00:00Z\g<2>",
                    content,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, content)
    return out.getvalue()


# --- Taguette: highlights export -------------------------------------------------------------
# taguette/export.py: header id, document, tag, content; one row per (highlight, tag); an
# untagged highlight is one row with an empty tag; Python's csv writer, so CRLF line ends.

TAGUETTE_HIGHLIGHTS = [
    # (highlight id, document name = the uploaded file's name, tags, text)
    (11, "Interview_03_Almaty.docx", ["funding"], excerpt("funding", 0)),
    (12, "Interview_03_Almaty.docx", ["burnout", "interesting"], excerpt("burnout", 0)),
    (13, "Interview_03_Almaty.docx", [], "(pause — respondent asked to stop the recording)"),
    (14, "Interview_10_Nur-Sultan.docx", ["moved online"], excerpt("online", 1)),
    (15, "Interview_10_Nur-Sultan.docx", ["whatsapp"], excerpt("whatsapp")),
    (16, "Interview_10_Nur-Sultan.docx", ["challenges.repression"], excerpt("repression", 1)),
    (21, "interview 18 Shymkent.odt", ["state communication"], excerpt("state_communication", 0)),
    (22, "interview 18 Shymkent.odt", ["telegram", "ngo network"], excerpt("telegram", 0)),
    (23, "interview 18 Shymkent.odt", [], "Ну вот, примерно так всё и было."),
    (31, "Int_22_Karaganda.txt", ["restrictions"], excerpt("restrictions", 0)),
    (32, "Int_22_Karaganda.txt", ["online fundraising"], excerpt("fundraising")),
    (41, "Интервью_29_Семей.docx", ["funding"], excerpt("funding", 2)),
    (42, "Интервью_29_Семей.docx", ["distrust of the state"], excerpt("distrust")),
]


def taguette() -> dict[str, bytes]:
    rows = [["id", "document", "tag", "content"]]
    for hid, document, tags, text in TAGUETTE_HIGHLIGHTS:
        for tag in tags or [""]:
            rows.append([str(hid), document, tag, text])
    return {
        "taguette-highlights.csv": _csv_bytes(rows).encode("utf-8"),
        "taguette-highlights.xlsx": _xlsx(
            "highlights", [[int(r[0]) if r[0].isdigit() else r[0], *r[1:]] for r in rows]
        ),
    }


# --- QualCoder: coded text report ------------------------------------------------------------
# src/qualcoder/report_codes.py export_csv_file: File, Coder, Coded, Id, Codename, Coded_Memo,
# then "Category" repeated (leaf to root), then FileVar_<name>; UTF-8 with BOM, all cells quoted.

# code name → categories of the code, leaf to root (categories_of_code)
QUALCODER_CODES = {
    "Финансирование": ["Трудности"],
    "Гранты заморожены": ["Финансирование", "Трудности"],  # a sub-code of a code
    "Выгорание": ["Трудности"],
    "Санитарные ограничения": ["Трудности"],
    "Telegram": ["Платформы", "Цифровые инструменты"],
    "WhatsApp": ["Платформы", "Цифровые инструменты"],
    "Переход в онлайн": ["Адаптация"],
    "Сеть НКО": ["Сотрудничество"],
}

QUALCODER_CODINGS = [
    # (file, city variable, code, text, memo)
    ("Интервью 09 (Нур-Султан).txt", "Нур-Султан", "Гранты заморожены", excerpt("funding", 0), ""),
    ("Интервью 09 (Нур-Султан).txt", "Нур-Султан", "Выгорание", excerpt("burnout", 0), "ср. R12"),
    ("Интервью 09 (Нур-Султан).txt", "Нур-Султан", "Telegram", excerpt("telegram", 0), ""),
    (
        "interview_16_shymkent.docx",
        "Шымкент",
        "Санитарные ограничения",
        excerpt("restrictions", 0),
        "",
    ),
    (
        "interview_16_shymkent.docx",
        "Шымкент",
        "Переход в онлайн",
        excerpt("online", 0) + "\nПотом это стало нормой.",
        "",
    ),
    ("interview_16_shymkent.docx", "Шымкент", "WhatsApp", excerpt("whatsapp"), ""),
    ("R31 Павлодар.txt", "Павлодар", "Финансирование", excerpt("funding", 1), ""),
    ("R31 Павлодар.txt", "Павлодар", "Сеть НКО", excerpt("ngo_network", 0), ""),
    ("R31 Павлодар.txt", "Павлодар", "Telegram", excerpt("telegram", 1), "kk"),
]


def qualcoder() -> dict[str, bytes]:
    depth = max(len(c) for c in QUALCODER_CODES.values())
    header = ["File", "Coder", "Coded", "Id", "Codename", "Coded_Memo"]
    header += ["Category"] * depth + ["FileVar_Город"]
    rows = [header]
    for number, (file, city, code, text, memo) in enumerate(QUALCODER_CODINGS, start=1):
        categories = QUALCODER_CODES[code] + [""] * (depth - len(QUALCODER_CODES[code]))
        rows.append([file, "anna", text, f"ctid:{number}", code, memo, *categories, city])
    # An image coding: QualCoder writes "image" as the coded text and an imid id.
    rows.append(
        [
            "R31 Павлодар.txt",
            "anna",
            "image",
            "imid:1",
            "Сеть НКО",
            "",
            "Сотрудничество",
            "",
            "Павлодар",
        ]
    )
    text = _csv_bytes(rows, quoting=csv.QUOTE_ALL)
    return {"qualcoder-coded-text.csv": text.encode("utf-8-sig")}


# --- MAXQDA: coded segments ------------------------------------------------------------------
# The MAXQDA manual's "Overview of Coded Segments" export: Color, Document group, Document name,
# Code (nested codes Parent\Child), Begin, End, Weight score, Segment, Comment, Area, Coverage %,
# Author, Creation date. Two exports pasted into one sheet repeat the header row.

MAXQDA_HEADER = [
    "Color",
    "Document group",
    "Document name",
    "Code",
    "Begin",
    "End",
    "Weight score",
    "Segment",
    "Comment",
    "Area",
    "Coverage %",
    "Author",
    "Creation date",
]
MAXQDA_SEGMENTS = [
    # (colour, group, document, code path, begin, end, weight, text, comment)
    (
        "#ff0000",
        "Алматы",
        "Интервью 05",
        "Трудности\\Нехватка финансирования",
        3,
        3,
        2,
        excerpt("funding", 0),
        "",
    ),
    (
        "#ff0000",
        "Алматы",
        "Интервью 05",
        "Трудности\\Выгорание сотрудников",
        5,
        6,
        3,
        excerpt("burnout", 0) + "\n" + excerpt("burnout", 1),
        "два абзаца",
    ),
    (
        "#0000ff",
        "Алматы",
        "Интервью 05",
        "Цифровые инструменты\\Мессенджеры\\Telegram",
        8,
        8,
        0,
        excerpt("telegram", 0),
        "",
    ),
    (
        "#00aa00",
        "Шымкент",
        "Интервью 17",
        "Адаптация\\Переход в онлайн",
        2,
        2,
        0,
        excerpt("online", 0),
        "",
    ),
    (
        "#ff0000",
        "Шымкент",
        "Интервью 17",
        "Challenges\\Repression",
        4,
        4,
        3,
        excerpt("repression", 0),
        "",
    ),
    (
        "#ff0000",
        "Шымкент",
        "Интервью 17",
        "Қиындықтар\\Қаржының жетіспеуі",
        7,
        7,
        0,
        excerpt("funding", 2),
        "",
    ),
]
MAXQDA_SECOND_EXPORT = [
    ("#0000ff", "Актобе", "Интервью 24", "Digital tools\\Zoom", 1, 1, 0, excerpt("zoom"), ""),
    (
        "#aa00aa",
        "Актобе",
        "Интервью 24",
        "Сотрудничество\\Сеть НКО",
        3,
        4,
        0,
        excerpt("ngo_network", 1),
        "",
    ),
    (
        "#ff0000",
        "Актобе",
        "Интервью 24",
        "Трудности\\Санитарные ограничения",
        6,
        6,
        2,
        excerpt("restrictions", 1),
        "",
    ),
    (
        "#777777",
        "Уральск",
        "Interview 33 Oral",
        "Восприятие\\Недоверие к государству",
        2,
        2,
        0,
        excerpt("distrust"),
        "",
    ),
    (
        "#ff0000",
        "Уральск",
        "Interview 33 Oral",
        "Трудности\\Плохая коммуникация с госорганами",
        5,
        5,
        0,
        excerpt("state_communication", 1),
        "",
    ),
]


def _maxqda_rows(segments) -> list[list[object]]:
    rows = []
    for number, (colour, group, document, code, begin, end, weight, text, comment) in enumerate(
        segments
    ):
        coverage = f"{(len(text) / 40):.2f}"
        created = f"14.06.2021 {10 + number % 8:02d}:{(7 * number) % 60:02d}"
        rows.append(
            [
                colour,
                group,
                document,
                code,
                begin,
                end,
                weight,
                text,
                comment,
                "",
                coverage,
                "Айгерим",
                created,
            ]
        )
    return rows


def maxqda() -> dict[str, bytes]:
    rows = [
        MAXQDA_HEADER,
        *_maxqda_rows(MAXQDA_SEGMENTS),
        MAXQDA_HEADER,
        *_maxqda_rows(MAXQDA_SECOND_EXPORT),
    ]
    text_rows = [[str(v) for v in row] for row in rows]
    return {
        "maxqda-coded-segments.xlsx": _xlsx("Coded segments", rows),
        # The same sheet saved by Excel as "CSV UTF-8" in a Russian locale: BOM, ';', CRLF.
        "maxqda-coded-segments.csv": _csv_bytes(text_rows, delimiter=";").encode("utf-8-sig"),
    }


# --- REFI-QDA project (.qdpx) -----------------------------------------------------------------
# Project.xsd (QDA-XML 1.0): Users, CodeBook (nested Codes), Variables, Cases (VariableValue,
# SourceRef), Sources (TextSource plainTextPath="internal://<guid>.txt" with PlainTextSelection →
# Coding → CodeRef; an AudioSource with a coded AudioSelection); the archive holds project.qde and
# sources/<guid>.txt (REFI-QDA 1.5, section 8.1).

CODEBOOK = [
    (
        "Challenges",
        False,
        [
            ("Funding shortage", True, []),
            ("Burnout", True, []),
            ("Repression and pressure", True, []),
            ("Bureaucracy", True, []),
        ],
    ),
    (
        "Digital tools",
        False,
        [
            ("Messengers", False, [("Telegram", True, []), ("WhatsApp", True, [])]),
            ("Zoom", True, []),
        ],
    ),
    ("Adaptation", False, [("Moved online", True, []), ("Online fundraising", True, [])]),
    ("Cooperation", False, [("NGO network", True, [])]),
    ("Perception", False, [("Distrust of the state", True, [])]),
]
VARIABLES = [
    ("City", "Text"),
    ("Organisation type", "Text"),
    ("Focus area", "Text"),
    ("Gender", "Text"),
    ("Age group", "Text"),
    ("Interview date", "Date"),
    ("Interview mode", "Text"),
]
CASES = [
    ("P01", ["Almaty", "NGO", "Human rights", "Female", "30-44", "2021-06-14", "Online"]),
    (
        "P02",
        [
            "Шымкент",
            "Informal initiative",
            "Social services; Youth",
            "Male",
            "18-29",
            "2021-07-02",
            "In person",
        ],
    ),
    ("P03", ["Нур-Султан", "Foundation", "Health", "Female", "45-59", "2021-07-20", "Phone"]),
    (
        "P04",
        [
            "Уральск",
            "Individual activist",
            "Environment",
            "Undisclosed",
            "30-44",
            "2021-08-05",
            "Online",
        ],
    ),
    ("P05", ["Семей", "Media", "Human rights", "Female", "60+", "2021-08-30", "Online"]),
]
# source name, case, line end, BOM, [(topic, variant, code paths, memo)]
SOURCES = [
    (
        "P01 interview.docx",
        "P01",
        "\n",
        True,
        [
            ("funding", 0, [("Challenges", "Funding shortage")], ""),
            (
                "burnout",
                0,
                [("Challenges", "Burnout"), ("Perception", "Distrust of the state")],
                "two codes",
            ),
            ("online", 0, [("Adaptation", "Moved online"), ("Digital tools", "Zoom")], ""),
        ],
    ),
    (
        "P02 интервью.docx",
        "P02",
        "\r\n",
        False,
        [
            ("restrictions", 1, [("Challenges", "Repression and pressure")], "блокпосты"),
            ("telegram", 1, [("Digital tools", "Messengers", "Telegram")], ""),
            ("bureaucracy", 0, [("Challenges", "Bureaucracy")], ""),
        ],
    ),
    (
        "P03 session 1.txt",
        "P03",
        "\n",
        True,
        [
            ("whatsapp", 0, [("Digital tools", "Messengers", "WhatsApp")], ""),
            ("fundraising", 0, [("Adaptation", "Online fundraising")], ""),
        ],
    ),
    (
        "P03 session 2.txt",
        "P03",
        "\n",
        True,
        [
            ("ngo_network", 0, [("Cooperation", "NGO network")], ""),
            ("state_communication", 0, [("Challenges", "Repression and pressure")], ""),
        ],
    ),
    (
        "P04 notes.txt",
        "P04",
        "\r\n",
        False,
        [
            ("repression", 1, [("Challenges", "Repression and pressure")], ""),
            ("funding", 1, [("Challenges", "Funding shortage")], ""),
        ],
    ),
]


class _Xml:
    def __init__(self, namespace: str = "urn:QDA-XML:project:1.0"):
        self.NS = namespace
        self.buffer = io.BytesIO()
        self.out = XMLGenerator(self.buffer, encoding="utf-8", short_empty_elements=True)
        self.out.startDocument()
        self.out.startPrefixMapping(None, self.NS)
        self.depth = 0

    def _indent(self):
        self.out.ignorableWhitespace("\n" + "  " * self.depth)

    def start(self, tag, **attrs):
        self._indent()
        self.out.startElementNS(
            (self.NS, tag),
            tag,
            AttributesNSImpl(
                {(None, k): str(v) for k, v in attrs.items()}, {(None, k): k for k in attrs}
            ),
        )
        self.depth += 1

    def end(self, tag, inline=False):
        self.depth -= 1
        if not inline:
            self._indent()
        self.out.endElementNS((self.NS, tag), tag)

    def leaf(self, tag, text=None, **attrs):
        self.start(tag, **attrs)
        if text is not None:
            self.out.characters(text)
        self.end(tag, inline=True)

    def done(self) -> bytes:
        self.out.endPrefixMapping(None)
        self.out.endDocument()
        return self.buffer.getvalue() + b"\n"


def _codebook(xml: _Xml, items, parents=()) -> None:
    for name, codable, children in items:
        path = (*parents, name)
        attrs = {
            "guid": _guid("code", *path),
            "name": name,
            "isCodable": "true" if codable else "false",
        }
        if children:
            xml.start("Code", **attrs)
            _codebook(xml, children, path)
            xml.end("Code")
        else:
            xml.leaf("Code", **attrs)


def qdpx() -> dict[str, bytes]:
    xml = _Xml()
    user = _guid("user")
    xml.start(
        "Project",
        name="COVID-19 and civil society in Kazakhstan (illustrative)",
        origin="scripts/make_qda_examples.py",
        creatingUserGUID=user,
        creationDateTime="2022-02-21T09:00:00Z",
    )
    xml.start("Users")
    xml.leaf("User", guid=user, name="Айгерим")
    xml.end("Users")
    xml.start("CodeBook")
    xml.start("Codes")
    _codebook(xml, CODEBOOK)
    xml.end("Codes")
    xml.end("CodeBook")
    xml.start("Variables")
    for name, kind in VARIABLES:
        xml.leaf("Variable", guid=_guid("variable", name), name=name, typeOfVariable=kind)
    xml.end("Variables")
    xml.start("Cases")
    for case, values in CASES:
        xml.start("Case", guid=_guid("case", case), name=case)
        for (name, kind), value in zip(VARIABLES, values, strict=True):
            xml.start("VariableValue")
            xml.leaf("VariableRef", targetGUID=_guid("variable", name))
            xml.leaf("DateValue" if kind == "Date" else "TextValue", value)
            xml.end("VariableValue")
        for source, owner, *_ in SOURCES:
            if owner == case:
                xml.leaf("SourceRef", targetGUID=_guid("source", source))
        xml.end("Case")
    xml.end("Cases")
    files: dict[str, bytes] = {}
    xml.start("Sources")
    for source, _case, line_end, bom, selections in SOURCES:
        guid = _guid("source", source)
        text, spans = "", []
        for topic, variant, codes, memo in selections:
            quote = excerpt(topic, variant)
            text += f"Q: …{line_end}A: "
            spans.append((len(text), len(text) + len(quote), codes, memo))
            text += quote + line_end + line_end
        xml.start(
            "TextSource",
            guid=guid,
            name=source,
            plainTextPath=f"internal://{guid}.txt",
            creatingUser=user,
            creationDateTime="2022-02-21T09:00:00Z",
        )
        for number, (start, end, codes, memo) in enumerate(spans):
            xml.start(
                "PlainTextSelection",
                guid=_guid("selection", source, number),
                startPosition=start,
                endPosition=end,
                creatingUser=user,
            )
            if memo:
                xml.leaf("Description", memo)
            for code in codes:
                xml.start("Coding", guid=_guid("coding", source, number, *code), creatingUser=user)
                xml.leaf("CodeRef", targetGUID=_guid("code", *code))
                xml.end("Coding")
            xml.end("PlainTextSelection")
        xml.end("TextSource")
        files[f"sources/{guid}.txt"] = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    # A recorded interview: its coded audio stretch is not text, so an importer of text skips it.
    audio = _guid("source", "P05 recording.m4a")
    xml.start(
        "AudioSource", guid=audio, name="P05 recording.m4a", path="relative://P05 recording.m4a"
    )
    xml.start("AudioSelection", guid=_guid("selection", "audio"), begin=61000, end=95000)
    xml.start("Coding", guid=_guid("coding", "audio"))
    xml.leaf("CodeRef", targetGUID=_guid("code", "Challenges", "Burnout"))
    xml.end("Coding")
    xml.end("AudioSelection")
    xml.end("AudioSource")
    xml.end("Sources")
    xml.end("Project")
    project = xml.done()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in [("project.qde", project), *sorted(files.items())]:
            entry = zipfile.ZipInfo(name, date_time=FIXED)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            zf.writestr(entry, content)
    return {"refi-project.qdpx": archive.getvalue()}


def qualcoder_codebook() -> dict[str, bytes]:
    """QualCoder's REFI codebook export (refi.py `codebook_exchange_xml`): categories are
    non-codable codes, written UTF-8 with BOM."""
    xml = _Xml("urn:QDA-XML:codebook:1.0")
    xml.start("CodeBook", origin="QualCoder")
    xml.start("Codes")
    tree: dict = {}
    for code, categories in QUALCODER_CODES.items():
        node = tree
        for name in [*reversed(categories), code]:
            node = node.setdefault(name, {})

    def write(node: dict, parents: tuple[str, ...] = ()) -> None:
        for name, children in node.items():
            path = (*parents, name)
            attrs = {
                "guid": _guid("qualcoder", *path),
                "name": name,
                "isCodable": "true" if name in QUALCODER_CODES else "false",
            }
            if children:
                xml.start("Code", **attrs)
                write(children, path)
                xml.end("Code")
            else:
                xml.leaf("Code", **attrs)

    write(tree)
    xml.end("Codes")
    xml.end("CodeBook")
    return {"qualcoder-codebook.qdc": b"\xef\xbb\xbf" + xml.done()}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for make in (taguette, qualcoder, qualcoder_codebook, maxqda, qdpx):
        for name, content in make().items():
            (OUT / name).write_bytes(content)
            print(f"{name}: {len(content)} bytes")


if __name__ == "__main__":
    main()
