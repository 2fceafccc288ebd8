"""One gazetteer for every place name: cities, Kazakh regions and countries, with their aliases."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from atlas.text import fold


@dataclass(frozen=True)
class Place:
    place_id: str
    kind: str  # city | region | country
    name: str
    country: str  # ISO 3166-1 alpha-2
    region: str
    latitude: float | None
    longitude: float | None


class Gazetteer:
    def __init__(self, table: pd.DataFrame):
        self.table = table.reset_index(drop=True)
        index: dict[str, list[tuple[tuple, int]]] = {}
        for i, row in enumerate(self.table.itertuples()):
            names = [
                (row.name, 0),
                *((a, 1) for a in str(row.aliases or "").split("|") if a),
            ]
            for name, is_alias in names:
                key = fold(name)
                if not key:
                    continue
                # Lower ranks win: Kazakhstan over abroad (the datasets are about Kazakhstan, so
                # "Shevchenko" is old Aktau), the place's own name over an alias, the larger place.
                rank = (row.country != "KZ", is_alias, -int(row.population or 0))
                index.setdefault(key, []).append((rank, i))
        self._index = {k: [i for _, i in sorted(v)] for k, v in index.items()}
        self._keys = list(self._index)

    @classmethod
    def from_csv(cls, path: Path) -> Gazetteer:
        table = pd.read_csv(
            path,
            dtype={"aliases": str},
            keep_default_na=False,
            na_values={"latitude": [""], "longitude": [""]},
        )
        return cls(table)

    def resolve(
        self,
        value: str,
        *,
        kinds: tuple[str, ...] = ("city",),
        country: str | None = None,
    ) -> Place | None:
        """The place a name means, or None. Ignores case, diacritics, separators and look-alikes."""
        for i in self._index.get(fold(value or ""), []):
            row = self.table.iloc[i]
            if row["kind"] in kinds and (country is None or row["country"] == country):
                return self._place(row)
        return None

    def country_code(self, value: str) -> str | None:
        place = self.resolve(value, kinds=("country",))
        return place.country if place else None

    def suggest(self, value: str, *, kinds: tuple[str, ...] = ("city",), n: int = 3) -> list[str]:
        """The closest known names, for 'did you mean' messages."""
        found: list[str] = []
        for key in difflib.get_close_matches(fold(value or ""), self._keys, n=n * 4, cutoff=0.6):
            for i in self._index[key]:
                row = self.table.iloc[i]
                if row["kind"] in kinds and row["name"] not in found:
                    found.append(row["name"])
        return found[:n]

    def places(self, kind: str) -> pd.DataFrame:
        return self.table[self.table["kind"] == kind]

    @staticmethod
    def _place(row: pd.Series) -> Place:
        lat, lon = row["latitude"], row["longitude"]
        return Place(
            place_id=row["place_id"],
            kind=row["kind"],
            name=row["name"],
            country=row["country"],
            region=row["region"],
            latitude=None if pd.isna(lat) else float(lat),
            longitude=None if pd.isna(lon) else float(lon),
        )
