"""Settings from the environment (and, in the app, Streamlit secrets): where the data lives."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA_DIR = ROOT / "data"
DEFAULT_DUCKDB_PATH = ROOT / "var" / "atlas.duckdb"


@dataclass(frozen=True)
class Settings:
    database_url: str | None = None  # PostgreSQL for shared deployments
    duckdb_path: Path = DEFAULT_DUCKDB_PATH
    data_dir: Path = DEFAULT_DATA_DIR
    read_only: bool = False
    public: bool = False  # open to anyone: interview excerpts and respondents hidden from viewers

    @classmethod
    def load(cls, env: Mapping[str, str] | None = None, secrets: Mapping | None = None) -> Settings:
        """Environment variables win over secrets; both are optional."""
        env = os.environ if env is None else env
        secrets = secrets or {}

        def get(name: str) -> str | None:
            return env.get(name) or secrets.get(name) or None

        return cls(
            database_url=get("ATLAS_DATABASE_URL"),
            duckdb_path=Path(get("ATLAS_DUCKDB_PATH") or DEFAULT_DUCKDB_PATH),
            data_dir=Path(get("ATLAS_DATA_DIR") or DEFAULT_DATA_DIR),
            read_only=(get("ATLAS_READ_ONLY") or "").strip().lower() in ("1", "true", "yes"),
            public=(get("ATLAS_PUBLIC") or "").strip().lower() in ("1", "true", "yes"),
        )
