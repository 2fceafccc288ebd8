"""One gazetteer for every place name: cities, Kazakh regions and countries, with their aliases.

Places are written as people write them in a spreadsheet: "г. Алматы", "Мангистауская обл.",
"область Абай", "Akmola Region", "Nur-Sultan". The rules, in order:

1. A value that names a region in full ("Mangystau Region", "Маңғыстау облысы", "ВКО"), or carries a
   region word (область, обл., облысы, oblysy, oblast, region, province), is that region — never a
   city. A city word (г., город, қ., қаласы, city) keeps only cities.
2. Where a city is expected, a bare name that is a city's current name is that city, even when a
   region shares it: "Pavlodar", "Туркестан" and "Almaty" are the cities.
3. A bare name that is both a region's short name and only a *former* name of a city is ambiguous:
   "Akmola" is Astana's name of 1992–1998 and today's Akmola Region; "Zhambyl" is Taraz's name of
   1993–1997 and Jambyl Region. So are two Kazakh towns of one name ("Aksu"). An ambiguous value is
   never placed; the caller reports the candidates.
4. Where a region is expected, a region's short name is the region ("Pavlodar" → Pavlodar Region),
   unless it is also a city of republican significance: "Almaty" there is the city or the region.

`within` narrows the candidates to those inside a region, so "Aksu" with "Pavlodar Region" is the
Aksu of Pavlodar Region.

`local_name` gives a place's name in Russian or Kazakh where a source gives one (`name_ru`,
`name_kk`: see scripts/build_gazetteer.py): "Oskemen" and "Ust-Kamenogorsk" are "Өскемен" in
Kazakh and "Усть-Каменогорск" in Russian. A former name ("Nur-Sultan") is what the data said at the
time and stays as it is; so does a place no source names in the language.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from atlas.text import fold, strip_invisible

# Words that say what a name is, as people write them before or after it (compared case-folded,
# trailing apostrophes dropped: "oblast'").
REGION_WORDS = frozenset(
    {"область", "обл", "облысы", "oblysy", "oblast", "obl", "oblasty", "region", "province"}
)
CITY_WORDS = frozenset({"г", "гор", "город", "қ", "қала", "қаласы", "g", "gorod", "qalasy", "city"})
_TOKENS = re.compile(r"[\s.,]+")
# The languages a place may have a sourced name in, and the column that holds it.
LOCAL_NAME_COLUMNS = {"ru": "name_ru", "kk": "name_kk"}


@dataclass(frozen=True)
class Place:
    place_id: str
    kind: str  # city | region | country
    name: str
    country: str  # ISO 3166-1 alpha-2
    region: str  # a city's January 2022 region; a region's own name (or, for a region formed
    # later, the January 2022 region it was carved from)
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class Match:
    """What a value names: one place, several (ambiguous), or none."""

    place: Place | None
    candidates: tuple[Place, ...] = ()
    rows: tuple[int, ...] = ()  # the gazetteer rows of the candidates

    @property
    def ambiguous(self) -> bool:
        return self.place is None and len(self.candidates) > 1


@dataclass(frozen=True)
class _Entry:
    row: int
    kind: str
    rank: tuple  # lower wins among cities: Kazakhstan first, own name over alias, larger first
    former: bool  # a name the place no longer has
    short: bool  # a region's name without its region word ("Mangystau", "Мангистауская")


def split_kind_word(value: str) -> tuple[str, str | None]:
    """("Мангистауская", "region") for "Мангистауская обл."; ("Алматы", "city") for "г.Алматы";
    (value, None) when no leading or trailing word says what the name is."""
    tokens = [t for t in _TOKENS.split(strip_invisible(value)) if t]
    words = [t.casefold().rstrip("'’ʼ") for t in tokens]
    for vocabulary, kind in ((REGION_WORDS, "region"), (CITY_WORDS, "city")):
        start, end = 0, len(tokens)
        if kind == "city" and words[:2] == ["city", "of"] and len(tokens) > 2:
            start = 2
        while start < end - 1 and words[start] in vocabulary:
            start += 1
        while end - 1 > start and words[end - 1] in vocabulary:
            end -= 1
        if (start, end) != (0, len(tokens)):
            return " ".join(tokens[start:end]), kind
    return value, None


class Gazetteer:
    def __init__(self, table: pd.DataFrame):
        self.table = table.reset_index(drop=True)
        if "former_names" not in self.table:
            self.table["former_names"] = ""
        for column in LOCAL_NAME_COLUMNS.values():
            if column not in self.table:
                self.table[column] = ""
        index: dict[str, list[_Entry]] = {}
        for i, row in enumerate(self.table.itertuples()):
            names = [
                (row.name, False, False),
                *((a, True, False) for a in str(row.aliases or "").split("|") if a),
                *((a, True, True) for a in str(row.former_names or "").split("|") if a),
            ]
            for name, is_alias, former in names:
                rank = (row.country != "KZ", is_alias, -int(row.population or 0))
                keys = [(fold(name), False)]
                if row.kind == "region":
                    short, word = split_kind_word(name)
                    if word == "region":
                        keys.append((fold(short), True))
                for key, short in keys:
                    if key:
                        index.setdefault(key, []).append(_Entry(i, row.kind, rank, former, short))
        self._index = index
        self._keys = list(index)
        self._local_names: dict[tuple, str] = {}  # every page run names its places again

    @classmethod
    def from_csv(cls, path: Path) -> Gazetteer:
        table = pd.read_csv(
            path,
            dtype={"aliases": str, "former_names": str, "name_ru": str, "name_kk": str},
            keep_default_na=False,
            na_values={"latitude": [""], "longitude": [""]},
        )
        return cls(table)

    def lookup(
        self,
        value: str,
        *,
        kinds: tuple[str, ...] = ("city",),
        country: str | None = None,
        within: str | None = None,
    ) -> Match:
        """What `value` names among places of `kinds` (the first is the kind the column expects).
        Ignores case, diacritics, separators and look-alikes; see the module's rules."""
        entries = self._entries(fold(value or ""), kinds, country, None)
        word = None
        if not entries:
            short, word = split_kind_word(value or "")
            if word is not None:
                entries = self._entries(fold(short), kinds, country, word)
        if within and entries:
            inside = [e for e in entries if self.table.at[e.row, "region"] == within]
            entries = inside or entries
        if not entries:
            return Match(None)
        regions = [e for e in entries if e.kind == "region"]
        named = [e for e in regions if not e.short or word == "region"]
        if named:
            return self._one(named)
        if kinds[0] == "country" or all(e.kind == "country" for e in entries):
            return Match(self._place(min(entries, key=lambda e: e.rank).row))
        cities = [e for e in entries if e.kind == "city"]
        if any(
            not e.rank[0] for e in cities
        ):  # the data is about Kazakhstan: "Shevchenko" is Aktau
            cities = [e for e in cities if not e.rank[0]]
        current = [e for e in cities if not e.former]
        former = [e for e in cities if e.former]
        if kinds[0] == "region":
            # Cities of republican significance are region-level units of their own.
            units = [e for e in cities if self.table.at[e.row, "region"] == self._name(e)]
            if regions and units:
                return self._ambiguous(units + regions)
            if regions:
                return self._one(regions)
            if units:
                return self._best_city(units)
            return self._region_of(self._best_city(current or former))
        if current:
            best = self._best_city(current)
            if best.ambiguous and regions:  # "Абай": two towns and Abai Region
                return self._ambiguous([e for e in current if e.row in best.rows] + regions)
            return best
        if regions and former:
            return self._ambiguous(former + regions)
        if regions:
            return self._one(regions)
        return self._best_city(former)

    def resolve(
        self,
        value: str,
        *,
        kinds: tuple[str, ...] = ("city",),
        country: str | None = None,
    ) -> Place | None:
        """The place a name means, or None (unknown or ambiguous)."""
        return self.lookup(value, kinds=kinds, country=country).place

    def local_name(
        self,
        value: str,
        language: str,
        *,
        kinds: tuple[str, ...] = ("city", "region", "country"),
        country: str | None = None,
    ) -> str:
        """`value` as `language` writes the place it names: its sourced name in that language
        when `value` is the place's current name or one of its current aliases and names one
        place; else `value` itself (English, a former name, an unknown or ambiguous place)."""
        column = LOCAL_NAME_COLUMNS.get(language)
        if column is None or not isinstance(value, str) or not value:
            return value
        key = (value, language, tuple(kinds), country)
        if key not in self._local_names:
            if len(self._local_names) > 100_000:  # names from uploads: keep the memo bounded
                self._local_names.clear()
            self._local_names[key] = self._local_name(value, column, kinds, country)
        return self._local_names[key]

    def _local_name(
        self, value: str, column: str, kinds: tuple[str, ...], country: str | None
    ) -> str:
        entries = [
            e
            for e in self._index.get(fold(value), [])
            if e.kind in kinds
            and not e.former
            and not e.short
            and (country is None or self.table.at[e.row, "country"] == country)
        ]
        if not entries:
            return value
        best = min(entries, key=lambda e: (e.rank[0], e.kind != kinds[0], e.rank[1:]))
        rivals = {
            e.row
            for e in entries
            if e.kind == best.kind and e.rank[:2] == best.rank[:2] and e.row != best.row
        }
        if rivals and not best.rank[0]:  # two Kazakh places of one name: say which is unknown
            return value
        return self.table.at[best.row, column] or value

    def country_code(self, value: str) -> str | None:
        place = self.resolve(value, kinds=("country",))
        return place.country if place else None

    def suggest(self, value: str, *, kinds: tuple[str, ...] = ("city",), n: int = 3) -> list[str]:
        """The closest known names, for 'did you mean' messages."""
        found: list[str] = []
        for key in difflib.get_close_matches(fold(value or ""), self._keys, n=n * 4, cutoff=0.6):
            for entry in sorted(self._index[key], key=lambda e: e.rank):
                row = self.table.iloc[entry.row]
                if row["kind"] in kinds and row["name"] not in found:
                    found.append(row["name"])
        return found[:n]

    def places(self, kind: str) -> pd.DataFrame:
        return self.table[self.table["kind"] == kind]

    # --- helpers ---

    def _entries(
        self, key: str, kinds: tuple[str, ...], country: str | None, word: str | None
    ) -> list[_Entry]:
        allowed = {"region": ("region",), "city": ("city",)}.get(word or "", kinds)
        return [
            e
            for e in self._index.get(key, [])
            if e.kind in kinds
            and e.kind in allowed
            and (country is None or self.table.at[e.row, "country"] == country)
        ]

    def _name(self, entry: _Entry) -> str:
        return self.table.at[entry.row, "name"]

    def _one(self, entries: list[_Entry]) -> Match:
        rows = list(dict.fromkeys(e.row for e in entries))
        return Match(self._place(rows[0])) if len(rows) == 1 else self._ambiguous(entries)

    def _best_city(self, entries: list[_Entry]) -> Match:
        """The best-ranked city; two Kazakh towns equally well named are ambiguous."""
        if not entries:
            return Match(None)
        best: dict[int, _Entry] = {}
        for e in sorted(entries, key=lambda e: e.rank):
            best.setdefault(e.row, e)
        ordered = list(best.values())
        top = ordered[0]
        rivals = [e for e in ordered if e.rank[:2] == top.rank[:2] and not top.rank[0]]
        return self._ambiguous(rivals) if len(rivals) > 1 else Match(self._place(top.row))

    def _region_of(self, match: Match) -> Match:
        """A town written where a region goes: the town's region."""
        if match.place is None:
            return match
        rows = self.table.index[
            (self.table["kind"] == "region") & (self.table["name"] == match.place.region)
        ]
        return Match(self._place(rows[0])) if len(rows) else match

    def _ambiguous(self, entries: list[_Entry]) -> Match:
        ordered = sorted(entries, key=lambda e: (e.kind != "city", e.rank))
        rows = list(dict.fromkeys(e.row for e in ordered))
        if len(rows) == 1:
            return Match(self._place(rows[0]))
        return Match(None, tuple(self._place(row) for row in rows), tuple(rows))

    def _place(self, i: int) -> Place:
        row = self.table.iloc[i]
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
