"""Uploads: every bad input of the guide gets a clear message and changes nothing.

Numbers in comments refer to the items of the project's bad-input checklist (docs/bad-inputs.md)."""

from __future__ import annotations

import datetime as dt
import threading

import pandas as pd
import pytest

from atlas import uploads
from atlas.export import to_csv_bytes
from atlas.ingest import ReadError, read_table, sniff_delimiter
from atlas.seed import seed

from .conftest import DATA_DIR

DIASPORA_HEADER = "date;country;city;action_type;description;source_url\n"


# --- reading: encodings and file structure ---


def test_russian_excel_export_windows_1251_semicolons_decimal_comma():  # 1
    text = "Дата;Страна;Город;Тип акции;Участники;Доля\n05.01.2022;Германия;Берлин;митинг;60;1,5\n"
    table = read_table(text.encode("cp1251"), "акции.csv")
    assert (table.encoding, table.delimiter, table.delimiter_confident) == ("cp1251", ";", True)
    assert list(table.frame.columns) == [
        "Дата",
        "Страна",
        "Город",
        "Тип акции",
        "Участники",
        "Доля",
    ]
    assert table.frame.iloc[0].tolist() == [
        "05.01.2022",
        "Германия",
        "Берлин",
        "митинг",
        "60",
        "1,5",
    ]
    assert table.decimal_comma


def notes(table) -> list[str]:
    return [p.message for p in table.problems if p.kind == "encoding-warning"]


def test_kazakh_letters_lost_to_question_marks_are_flagged():  # 2
    text = "city;description\nAlmaty;?ала ?ызметкерлері жұмыс істеді\n".replace("ұ", "?")
    table = read_table(text.encode("cp1251", errors="replace"))
    assert any("'?' inside words" in note and "line 2" in note for note in notes(table))


def test_kz1048_file_is_read_as_kazakh_or_flagged():  # 3
    text = "city;description\nӨскемен;Қазақстан әйелдері және ұйымдар\nҚонаев;Ғылым\n"
    table = read_table(text.encode("kz1048"))
    # KZ-1048 and Windows-1251 share most bytes: detection says Windows-1251, and the misread
    # Kazakh letters are flagged with the fix, on the lines where they are.
    assert table.encoding == "cp1251"
    assert [(p.kind, p.severity) for p in table.problems] == [("encoding-warning", "warning")]
    assert "KZ-1048" in notes(table)[0] and "lines 2, 3" in notes(table)[0]
    chosen = read_table(text.encode("kz1048"), encoding="kz1048")
    assert chosen.frame.iloc[1, 0] == "Қонаев"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("\ufeffdate,city\n2022-01-05,Алматы\n".encode(), "utf-8-sig"),
        (
            "date\tcity\n2022-01-05\tАлматы\n".encode("utf-16"),
            "utf-16",
        ),  # with BOM, as Excel writes
        ("date\tcity\n2022-01-05\tАлматы\n".encode("utf-16-be"), "utf-16-be"),
        ("date\tcity\n2022-01-05\tАлматы\n".encode("utf-16-le"), "utf-16-le"),
    ],
)
def test_bom_and_utf16_files(data, encoding):  # 4
    table = read_table(data)
    assert table.encoding == encoding
    assert list(table.frame.columns) == ["date", "city"]
    assert table.frame.iloc[0].tolist() == ["2022-01-05", "Алматы"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "not a text table"),  # 5
        (b"date,city\n2022-01-05,Alm\x00aty\n", "not a text table"),  # 6: NUL bytes
        (b"", "empty"),  # 8
        (b"\xef\xbb\xbf", "empty"),
        (b"\xef\xbb\xbf\r\n\r\n", "empty"),
        (b"date,city\n", "no rows"),
        ("date,city\n" + "x," * 5000 + "\n", "columns"),  # 26: far too many columns
    ],
)
def test_files_that_are_no_table_are_rejected_with_a_reason(data, message):
    with pytest.raises(ReadError, match=message):
        read_table(data if isinstance(data, bytes) else data.encode())


def test_undecodable_bytes_are_never_read_as_latin1():  # 5
    data = b"date,city\n2022-01-05," + bytes(range(0x80, 0x100)) * 3 + b"\n"
    with pytest.raises(ReadError, match="encoding") as refused:
        read_table(data)
    assert refused.value.message_id == "unknown_encoding"


def test_an_unbalanced_quote_is_reported_with_its_line():  # 6
    rows = "".join(f"2022-01-{d:02d},Almaty,rally\n" for d in range(1, 28))
    table = read_table(('date,city,action_type\n2022-01-05,"Almaty,rally\n' + rows).encode())
    assert [(p.line, p.kind) for p in table.problems] == [(2, "quote-error")]


def test_a_field_over_the_limit_is_rejected_not_truncated():  # 6
    with pytest.raises(ReadError, match="line 2"):
        read_table(("excerpt\n" + "x" * 1_100_000 + "\n").encode())


def test_quoted_newlines_and_mixed_line_ends_keep_file_line_numbers():  # 7
    data = (
        b'respondent_id,excerpt\r\nR1,"first line\nsecond ""quoted"" line"\rR2,plain\nR3,"a\r\nb"\n'
    )
    table = read_table(data)
    assert table.frame["respondent_id"].tolist() == ["R1", "R2", "R3"]
    assert table.frame.iloc[0, 1] == 'first line\nsecond "quoted" line'
    assert list(table.lines) == [2, 4, 5]


def test_header_problems_duplicate_blank_trailing_and_stray_spaces():  # 9
    table = read_table(
        "date,\u00a0city ,date,,action_type,\n2022-01-05,Almaty,x,y,rally,\n".encode()
    )
    assert list(table.frame.columns)[:2] == ["date", "city"]
    kinds = {(p.line, p.kind) for p in table.problems}
    assert kinds == {(1, "duplicate-label"), (1, "blank-label")}


def test_ragged_rows_are_reported_per_line():  # 10
    table = read_table(
        b"date,city,action_type\n2022-01-05,Almaty,rally,EXTRA\n2022-01-06,Almaty\n2022-01-07,Oral,rally,\n"
    )
    assert [(p.line, p.kind) for p in table.problems] == [(2, "extra-cell"), (3, "missing-cell")]


def test_an_unsure_delimiter_is_not_guessed_silently():  # 11
    assert sniff_delimiter("a;b,c\n1;2,3\n4;5,6\n")[1] is False
    assert sniff_delimiter("a;b;c\n1;2;3\n")[0] == ";"


# --- checking values (through the whole pipeline) ---


@pytest.fixture
def seeded(store):
    seed(store, DATA_DIR)
    return store


def run_check(store, gazetteer, vocabulary, text: str, dataset: str = "diaspora_actions", **kw):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return uploads.check(
        data, "upload.csv", dataset, store=store, gazetteer=gazetteer, vocabulary=vocabulary, **kw
    )


VALUE_CASES = [
    # 12: dates
    ("01.02.2022;DE;Berlin;rally;;", None, None),
    ("31.02.2022;DE;Berlin;rally;;", (2, "date", "type-error"), "not a date"),
    ("44566;DE;Berlin;rally;;", (2, "date", "type-error"), "not a date"),
    # 19: unknown required code, 21: non-http URL
    (
        "05.01.2022;DE;Berlin;dance;;",
        (2, "action_type", "unknown-code"),
        "unknown value 'dance' in 'action_type'",
    ),
    ("05.01.2022;DE;Berlin;rally;;javascript:alert(1)", (2, "source_url", "type-error"), "http"),
    ("05.01.2022;DE;Berlin;rally;;data:text/html,x", (2, "source_url", "type-error"), "http"),
    # unknown country
    ("05.01.2022;Narnia;Berlin;rally;;", (2, "country", "unresolved-place"), "unknown country"),
]


@pytest.mark.parametrize(("row", "expected", "message"), VALUE_CASES)
def test_value_problems_are_reported_in_the_users_terms(
    seeded, gazetteer, vocabulary, row, expected, message
):
    checked = run_check(seeded, gazetteer, vocabulary, DIASPORA_HEADER + row + "\n")
    errors = [(p.line, p.column, p.kind) for p in checked.errors]
    if expected is None:
        assert errors == []
        assert checked.prepared.frame.at[0, "date"] == pd.Timestamp(2022, 2, 1)  # day first
    else:
        assert errors == [expected]
        assert message in checked.errors[0].message


def test_end_date_before_start_and_counts(seeded, gazetteer, vocabulary):  # 12, 13
    text = "date;end_date;country;action_type;participants;reach\n05.01.2022;01.01.2022;DE;rally;1 234;many\n06.01.2022;;DE;rally;-5;1 234,5\n"
    checked = run_check(seeded, gazetteer, vocabulary, text)
    assert {(p.line, p.column, p.kind) for p in checked.errors} == {
        (2, "end_date", "constraint-error"),
        (2, "reach", "type-error"),
        (3, "participants", "constraint-error"),
        (3, "reach", "type-error"),
    }
    assert checked.prepared.frame.at[0, "participants"] == 1234


def test_missing_value_words_and_ids_stay_text(seeded, gazetteer, vocabulary):  # 14, 15
    text = "respondent_id;city;org_type\n007;Almaty;ngo\n1E3;Almaty;ngo\nNA;Almaty;ngo\n"
    checked = run_check(seeded, gazetteer, vocabulary, text, "respondents")
    assert checked.prepared.frame["respondent_id"].tolist() == ["007", "1E3", "NA"]
    assert checked.errors == []


@pytest.mark.parametrize(
    ("city", "resolved"),
    [
        ("Aлматы", "Almaty"),
        ("Нур-Султан", "Astana"),
        ("Alma-Ata", "Almaty"),
        ("Ust-Kamenogorsk", "Oskemen"),
        ("Uralsk", "Oral"),
        ("Семипалатинск", "Semey"),
        ("Kapchagay", "Konaev"),
        ("Şymkent", "Shymkent"),
        ("Qaraǵandy", "Karaganda"),
        ("Семей\u200b", "Semey"),
        ("Қарағанды", "Karaganda"),
    ],
)
def test_look_alikes_renames_and_alphabets_resolve(
    seeded, gazetteer, vocabulary, city, resolved
):  # 16, 17
    checked = run_check(
        seeded, gazetteer, vocabulary, f"respondent_id;city\nR1;{city}\n", "respondents"
    )
    assert checked.prepared.frame.at[0, "city"] == resolved
    assert checked.problems == []


def test_unknown_place_and_code_are_warnings_and_rows_are_kept(
    seeded, gazetteer, vocabulary
):  # 18, 19
    checked = run_check(
        seeded,
        gazetteer,
        vocabulary,
        "respondent_id;theme;code\nR01;challenge;lack_of_sleep\n",
        "interview_codes",
    )
    assert checked.errors == [] and [p.kind for p in checked.warnings] == ["unknown-code"]
    places = run_check(
        seeded, gazetteer, vocabulary, "respondent_id;city\nR1;Almatyy\n", "respondents"
    )
    assert [p.kind for p in places.warnings] == ["unresolved-place"]
    assert "Almaty" in places.warnings[0].message
    assert len(places.prepared.frame) == 1


def test_duplicate_ids_and_unknown_respondents(seeded, gazetteer, vocabulary):  # 20
    dupes = run_check(
        seeded, gazetteer, vocabulary, "respondent_id;city\nR1;Almaty\nR1;Oral\n", "respondents"
    )
    assert [(p.line, p.kind) for p in dupes.errors] == [(3, "unique-error")]
    codes = run_check(
        seeded,
        gazetteer,
        vocabulary,
        "respondent_id;theme;code\nR99;challenge;staff_burnout\n",
        "interview_codes",
    )
    assert [(p.line, p.kind) for p in codes.errors] == [(2, "foreign-key-error")]


HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "![x](http://host/pixel.png)",
    "[x](javascript:alert(1))",
    '=HYPERLINK("http://evil")',
    "+1+1",
    "@SUM(A1)",
]


def test_hostile_text_is_stored_verbatim_and_neutralised_on_export(
    seeded, gazetteer, vocabulary
):  # 22-24
    rows = "".join(
        f'05.01.2022;DE;Berlin;rally;"{h.replace(chr(34), chr(34) * 2)}";\n' for h in HOSTILE
    )
    checked = run_check(seeded, gazetteer, vocabulary, DIASPORA_HEADER + rows)
    assert checked.errors == []
    version = uploads.publish(seeded, checked, author="t")
    stored = seeded.frame("diaspora_actions", version.version)
    assert stored["description"].tolist() == HOSTILE
    exported = pd.read_csv(
        __import__("io").BytesIO(to_csv_bytes(stored)), dtype=str, encoding="utf-8-sig"
    )
    assert all(not v.startswith(("=", "+", "@")) for v in exported["description"])


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../a.csv", "a.csv"),
        ("C:\\Users\\x\\data.csv", "data.csv"),
        ("..", "upload"),
        ("a\x00b.csv", "ab.csv"),
    ],
)
def test_file_names_are_never_paths(name, safe):  # 25
    assert uploads.safe_filename(name) == safe


def test_oversized_file_is_rejected_early():  # 26
    with pytest.raises(ReadError, match="limit"):
        read_table(b"date\n" + b"x\n" * 100, max_bytes=50)


# --- publishing and faults ---


def active_bytes(store, dataset):
    version = store.active_versions()[dataset].version
    return version, store.frame(dataset, version).to_csv(index=False).encode()


def test_a_file_with_errors_publishes_nothing(seeded, gazetteer, vocabulary):
    before = active_bytes(seeded, "diaspora_actions")
    checked = run_check(
        seeded, gazetteer, vocabulary, DIASPORA_HEADER + "31.02.2022;DE;Berlin;rally;;\n"
    )
    with pytest.raises(uploads.UploadRejected, match="the file has 1 error; nothing"):
        uploads.publish(seeded, checked, author="t")
    assert active_bytes(seeded, "diaspora_actions") == before


def test_the_same_file_twice_is_detected(seeded, gazetteer, vocabulary):  # 30
    text = DIASPORA_HEADER + "05.01.2022;DE;Berlin;rally;;\n"
    first = uploads.publish(seeded, run_check(seeded, gazetteer, vocabulary, text), author="t")
    again = run_check(seeded, gazetteer, vocabulary, text)
    assert again.duplicate_of == [first.version]
    with pytest.raises(uploads.UploadRejected, match="already published"):
        uploads.publish(seeded, again, author="t")
    assert uploads.publish(seeded, again, author="t", insist=True).version == first.version + 1


def test_a_crash_mid_publish_leaves_the_active_version_intact(
    seeded, gazetteer, vocabulary, monkeypatch
):  # 28, 29
    before = active_bytes(seeded, "diaspora_actions")
    checked = run_check(
        seeded, gazetteer, vocabulary, DIASPORA_HEADER + "05.01.2022;DE;Berlin;rally;;\n"
    )
    original = seeded.engine.transaction

    class Boom(Exception):
        pass

    def failing_transaction():
        context = original()

        class Wrapper:
            def __enter__(self):
                tx = context.__enter__()
                insert = tx.insert_frame

                def insert_then_fail(*args, **kwargs):
                    insert(*args, **kwargs)
                    raise Boom("disk full")  # after the rows were written, before the switch

                tx.insert_frame = insert_then_fail
                return tx

            def __exit__(self, *exc):
                return context.__exit__(*exc)

        return Wrapper()

    monkeypatch.setattr(seeded.engine, "transaction", failing_transaction)
    with pytest.raises(Boom):
        uploads.publish(seeded, checked, author="t")
    monkeypatch.undo()
    assert active_bytes(seeded, "diaspora_actions") == before
    assert seeded.versions("diaspora_actions")["version"].tolist() == [1]


def test_two_editors_publishing_at_once_both_end_consistent(seeded, gazetteer, vocabulary):  # 27
    texts = [DIASPORA_HEADER + f"0{d}.01.2022;DE;Berlin;rally;editor {d};\n" for d in (5, 6)]
    checks = [run_check(seeded, gazetteer, vocabulary, t) for t in texts]
    results, failures = [], []

    def publish(c):
        try:
            results.append(uploads.publish(seeded, c, author="t").version)
        except Exception as exc:  # a clear "try again" is acceptable; a mix is not
            failures.append(exc)

    threads = [threading.Thread(target=publish, args=(c,)) for c in checks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) + len(failures) == 2 and results
    history = seeded.versions("diaspora_actions")
    assert sorted(history["version"]) == list(range(1, len(results) + 2))
    active = seeded.active_versions()["diaspora_actions"]
    assert len(seeded.frame("diaspora_actions", active.version)) == 1


def test_append_keeps_the_active_rows_and_refuses_repeated_ids(seeded, gazetteer, vocabulary):
    checked = run_check(
        seeded,
        gazetteer,
        vocabulary,
        "respondent_id;city\nR41;Taraz\n",
        "respondents",
        mode="append",
    )
    version = uploads.publish(seeded, checked, author="t", mode="append")
    assert version.row_count == 41
    repeated = run_check(
        seeded,
        gazetteer,
        vocabulary,
        "respondent_id;city\nR01;Taraz\n",
        "respondents",
        mode="append",
    )
    assert [(p.line, p.kind) for p in repeated.errors] == [(2, "unique-error")]


def test_diff_against_the_active_version(seeded, gazetteer, vocabulary):
    text = "respondent_id;city;org_type\nR01;Almaty;ngo\nR02;Almaty;foundation\nR99;Kokshetau;ngo\n"
    checked = run_check(seeded, gazetteer, vocabulary, text, "respondents")
    diff = uploads.compare(seeded, checked)
    assert (diff.added, diff.removed) == (1, 38)
    assert diff.new_places == ["Kokshetau"]


def test_maxqda_coded_segments_map_without_edits(seeded, gazetteer, vocabulary):
    text = (
        "Color\tDocument group\tDocument name\tCode\tSegment\tBegin\tEnd\tWeight score\tCreated by\n"
        "#ff0000\tAlmaty\tR01\tChallenge\\Funding shortage\tГранты сократились\t3\t3\t2\tanna\n"
        '#00ff00\tAlmaty\tR02\tDigital tool\\WhatsApp\t"Всё в WhatsApp,\nи всё."\t5\t6\t1\tanna\n'
    )
    checked = run_check(seeded, gazetteer, vocabulary, text.encode("utf-16"), "interview_codes")
    assert checked.mapping["Document name"] == "respondent_id"
    assert checked.mapping["Segment"] == "excerpt"
    assert checked.errors == [] and checked.warnings == []
    frame = checked.prepared.frame
    assert frame[["theme", "code"]].values.tolist() == [
        ["challenge", "funding_shortage"],
        ["digital_tool", "whatsapp"],
    ]
    assert frame.at[1, "excerpt"] == "Всё в WhatsApp,\nи всё."


def test_taguette_and_russian_headers_are_guessed(seeded, gazetteer, vocabulary):
    taguette = run_check(
        seeded,
        gazetteer,
        vocabulary,
        "id,document,tag,content\n1,R01,staff_burnout,Устали\n",
        "interview_codes",
    )
    assert taguette.mapping == {
        "id": "",
        "document": "respondent_id",
        "tag": "code",
        "content": "excerpt",
    }
    assert taguette.prepared.frame.at[0, "theme"] == "challenge"
    russian = run_check(
        seeded,
        gazetteer,
        vocabulary,
        "дата;страна;город;тип акции;ссылка\n05.01.2022;Турция;Стамбул;митинг;https://x.org\n",
    )
    assert russian.errors == []
    assert russian.prepared.frame.iloc[0][["country", "city", "action_type"]].tolist() == [
        "TR",
        "Istanbul",
        "rally",
    ]


def test_a_corrected_mapping_is_remembered_for_the_same_shape(seeded, gazetteer, vocabulary):
    text = "Когда;Где;Что\n05.01.2022;DE;rally\n"
    mapping = {"Когда": "date", "Где": "country", "Что": "action_type"}
    checked = run_check(seeded, gazetteer, vocabulary, text, mapping=mapping)
    uploads.publish(seeded, checked, author="t")
    again = run_check(seeded, gazetteer, vocabulary, "Когда;Где;Что\n06.01.2022;GB;petition\n")
    assert again.mapping == mapping and again.errors == []


def test_xlsx_first_sheet_is_read_as_text_without_evaluating_formulas(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Дата", "Страна", "Тип акции", "Участники", "Описание"])
    sheet.append([dt.datetime(2022, 1, 5), "Германия", "митинг", 60, '=HYPERLINK("http://evil")'])
    sheet.append([None, None, None, None, None])
    path = tmp_path / "акции.xlsx"
    workbook.save(path)
    table = read_table(path.read_bytes(), path.name)
    assert table.encoding == "xlsx"
    # A formula is never evaluated: its value is the one Excel cached (none in a workbook that no
    # spreadsheet program has calculated), never the formula run by us.
    assert table.frame.values.tolist() == [["2022-01-05", "Германия", "митинг", "60", ""]]
    assert list(table.lines) == [2]
    with pytest.raises(ReadError, match="not a valid XLSX"):
        read_table(b"PK\x03\x04garbage", "broken.xlsx")


def test_xlsx_declared_sizes_are_checked_first():  # 35
    import io
    import tracemalloc
    import zipfile

    def workbook(sheet: bytes) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/workbook.xml", "<workbook/>")
            archive.writestr("xl/worksheets/sheet1.xml", sheet)
        return buffer.getvalue()

    # A sheet of 450 MB of one repeated byte packs to about 450 KB: refused by its declared size.
    huge = workbook(b" " * (450 * 2**20))
    tracemalloc.start()
    with pytest.raises(ReadError, match="unpack to 450 MB") as refused:
        read_table(huge, "big.xlsx", max_bytes=None)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert refused.value.message_id == "xlsx_too_large"
    assert peak < 50 * 2**20  # nothing was unpacked
    # 20 MB packing 1000:1: refused as a bomb whatever its size.
    with pytest.raises(ReadError, match="compressed") as bomb:
        read_table(workbook(b"\0" * (20 * 2**20)), "bomb.xlsx")
    assert bomb.value.message_id == "xlsx_bomb"
