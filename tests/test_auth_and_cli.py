"""Sign-in primitives and the command line (same upload path as the page)."""

import subprocess
import sys

import pandas as pd
import pytest

from atlas.auth import AttemptLimiter, hash_password, sso_editor_name, verify_password, verify_token

from .conftest import DATA_DIR, ROOT


def test_password_hashes_are_salted_and_verified():
    first, second = hash_password("correct horse battery"), hash_password("correct horse battery")
    assert first != second and first.startswith("pbkdf2_sha256$")
    assert verify_password("correct horse battery", first)
    assert not verify_password("wrong", first)
    assert not verify_password("x", "garbage") and not verify_password("x", "")
    assert verify_token(" abc ", "abc") and not verify_token("abd", "abc")


def test_failed_sign_ins_slow_the_guesser_with_growing_delays():
    limiter = AttemptLimiter(free=3, base=2, cap=60, window=900, overall=30, tarpit=1)
    for i in range(3):
        assert limiter.wait_seconds("s1", "addr:a", now=i) == 0
        limiter.failed("s1", "addr:a", now=i)
    assert limiter.wait_seconds("s1", "addr:a", now=2) == pytest.approx(2)  # 3 failures: 2 s
    limiter.failed("s1", "addr:a", now=5)
    assert limiter.wait_seconds("s1", "addr:a", now=5) == pytest.approx(4)  # then 4 s, 8 s, ...
    # A fresh session from the same address gets one try, then the address's wait.
    assert limiter.wait_seconds("s2", "addr:a", now=6) == 0
    limiter.failed("s2", "addr:a", now=6)
    assert limiter.wait_seconds("s2", "addr:a", now=6) == pytest.approx(8)


def test_thirty_wrong_tokens_from_others_never_lock_the_editor_out():
    limiter = AttemptLimiter(overall=30, tarpit=1)
    holds = [limiter.failed(f"guess-{i}", "addr:guesser", now=float(i)) for i in range(31)]
    assert holds[:30] == [0.0] * 30 and holds[30] == 1.0  # overall: wrong answers are held back
    # The editor, in a fresh session (even on the same address), may try at once.
    assert limiter.wait_seconds("editor", "addr:guesser", now=31.0) == 0
    assert limiter.wait_seconds("editor", "addr:office", now=31.0) == 0


def cli(*args, db, env=None):
    import os

    return subprocess.run(
        [sys.executable, "-m", "atlas", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "ATLAS_DUCKDB_PATH": str(db), **(env or {})},
    )


def test_cli_import_validate_versions_export_rollback(tmp_path):
    db = tmp_path / "atlas.duckdb"
    good = tmp_path / "акции.csv"
    good.write_bytes(
        "Дата;Страна;Город;Тип акции;Ссылка\n05.01.2022;Германия;Берлин;митинг;https://x.org/a\n".encode(
            "cp1251"
        )
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "date,country,action_type\n31.02.2022,DE,rally\n05.01.2022,DE,dance\n", encoding="utf-8"
    )

    result = cli("validate", str(bad), "--dataset", "diaspora_actions", db=db)
    assert result.returncode == 1
    assert "error: line 2, column 'date': '31.02.2022' in 'date' is not a date" in result.stdout
    assert "error: line 3, column 'action_type'" in result.stdout

    assert cli("import", str(bad), "--dataset", "diaspora_actions", db=db).returncode == 1
    result = cli("import", str(good), "--dataset", "diaspora_actions", "--note", "one rally", db=db)
    assert result.returncode == 0, result.stderr
    assert "published diaspora_actions version 2 (1 row)" in result.stderr

    listing = cli("versions", "diaspora_actions", db=db).stdout.splitlines()
    assert (
        listing[0].startswith("* v2")
        and "акции.csv" in listing[0]
        and listing[1].startswith("  v1")
    )

    again = cli("import", str(good), "--dataset", "diaspora_actions", db=db)
    assert again.returncode == 1 and "already published as version 2" in again.stderr

    out = tmp_path / "out.csv"
    assert (
        cli("export", "diaspora_actions", "--version", "1", "-o", str(out), db=db).returncode == 0
    )
    exported = pd.read_csv(out, encoding="utf-8-sig", dtype=str)
    assert len(exported) == len(pd.read_csv(DATA_DIR / "diaspora_actions.csv"))

    assert cli("rollback", "diaspora_actions", "1", db=db).returncode == 0
    assert cli("versions", "diaspora_actions", db=db).stdout.splitlines()[1].startswith("* v1")


def test_cli_mapping_and_usage_errors(tmp_path):
    db = tmp_path / "atlas.duckdb"
    odd = tmp_path / "odd.csv"
    odd.write_text("Когда,Где,Что\n05.01.2022,DE,rally\n", encoding="utf-8")
    assert (
        cli("validate", str(odd), "--dataset", "diaspora_actions", db=db).returncode == 1
    )  # date unmapped
    mapped = cli(
        "validate",
        str(odd),
        "--dataset",
        "diaspora_actions",
        "--map",
        "Когда=date",
        "--map",
        "Где=country",
        "--map",
        "Что=action_type",
        db=db,
    )
    assert mapped.returncode == 0, mapped.stdout + mapped.stderr
    assert (
        cli(
            "validate", str(odd), "--dataset", "diaspora_actions", "--map", "Nope=date", db=db
        ).returncode
        == 2
    )
    assert (
        cli("import", str(tmp_path / "missing.csv"), "--dataset", "events", db=db).returncode == 2
    )
    assert cli("frobnicate", db=db).returncode == 2
    read_only = cli(
        "import", str(odd), "--dataset", "diaspora_actions", db=db, env={"ATLAS_READ_ONLY": "1"}
    )
    assert read_only.returncode == 2 and "read-only" in read_only.stderr


def test_identity_provider_sign_in_admits_only_listed_editors():
    editors = {"Aigerim@Example.org", " fellow@example.org "}
    assert (
        sso_editor_name(
            {"is_logged_in": True, "email": "aigerim@example.org", "name": "Aigerim"}, editors
        )
        == "Aigerim"
    )
    assert (
        sso_editor_name({"is_logged_in": True, "email": "fellow@example.org"}, editors)
        == "fellow@example.org"
    )
    assert sso_editor_name({"is_logged_in": True, "email": "someone@example.org"}, editors) is None
    assert sso_editor_name({"is_logged_in": False, "email": "aigerim@example.org"}, editors) is None
    assert sso_editor_name({}, editors) is None
