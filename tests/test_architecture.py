"""Rules of the layout: the UI-free package stays UI-free; settings come from env over secrets."""

import ast
from pathlib import Path

import pytest

from atlas.config import DEFAULT_DUCKDB_PATH, Settings

from .conftest import ROOT


@pytest.mark.parametrize("path", sorted((ROOT / "atlas").rglob("*.py")), ids=lambda p: p.name)
def test_atlas_never_imports_streamlit(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert "streamlit" not in imported


def test_settings_read_environment_over_secrets():
    settings = Settings.load(
        env={"ATLAS_DUCKDB_PATH": "/tmp/x.duckdb", "ATLAS_READ_ONLY": "1"},
        secrets={"ATLAS_DUCKDB_PATH": "/tmp/y.duckdb", "ATLAS_DATABASE_URL": "postgresql://h/db"},
    )
    assert str(settings.duckdb_path) == "/tmp/x.duckdb"
    assert settings.database_url == "postgresql://h/db"
    assert settings.read_only is True
    assert Settings.load(env={}, secrets={}).duckdb_path == DEFAULT_DUCKDB_PATH


def test_every_message_id_used_in_the_ui_exists():
    from atlas.locales.en import MESSAGES

    used = set()
    for path in [
        ROOT / "app.py",
        *(ROOT / "app_pages").glob("*.py"),
        *(ROOT / "components").glob("*.py"),
    ]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "t"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                used.add(node.args[0].value)
    assert used and used <= set(MESSAGES)
