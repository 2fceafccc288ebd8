"""The reference files every part of the app shares: gazetteer, vocabulary, the bundle manifest."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from atlas.gazetteer import Gazetteer
from atlas.vocabulary import Vocabulary


@dataclass(frozen=True)
class BundledDataset:
    name: str
    path: Path
    is_sample: bool
    note: str


@functools.cache
def gazetteer(data_dir: Path) -> Gazetteer:
    return Gazetteer.from_csv(data_dir / "gazetteer.csv")


@functools.cache
def vocabulary(data_dir: Path) -> Vocabulary:
    return Vocabulary.from_csv(data_dir / "vocabulary.csv")


def bundle(data_dir: Path) -> list[BundledDataset]:
    manifest = tomllib.loads((data_dir / "bundle.toml").read_text(encoding="utf-8"))
    return [
        BundledDataset(d["name"], data_dir / d["file"], bool(d["is_sample"]), d.get("note", ""))
        for d in manifest["dataset"]
    ]
