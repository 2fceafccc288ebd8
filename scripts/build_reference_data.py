"""Convert the sourced reference tables in data/sources/ into the contract's CSVs in data/.

- data/sources/january-2022-chronology.csv + sources.txt → data/events.csv
- data/sources/diaspora-observations.csv + sources.txt → data/diaspora_actions.csv

The transformation is mechanical and keeps every fact as reported:
- a row that names several places becomes one row per place (so the map can draw each), and a
  figure that covers all of them is then kept only as text in `figures_as_reported`, never repeated
  as a number that a sum would count several times;
- figures such as "~2000" or ">3000" keep the number in `deaths`/`detained` and the reported text
  (with its qualifier) in `figures_as_reported`;
- `title` is the first clause of the source summary, `description` the whole summary;
- the first source becomes `source_name`/`source_url`, further ones go to `other_source_urls`.

Run: python scripts/build_reference_data.py
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "data" / "sources"

# Publisher names by web domain (the outlet that published the page the URL points to).
PUBLISHERS = {
    "theglobaleye.it": "The Global Eye (republishing The Jamestown Foundation)",
    "pledgetimes.com": "Pledge Times",
    "tass.com": "TASS",
    "antena3.ro": "Antena 3",
    "vlast.kz": "Vlast.kz",
    "opendemocracy.net": "openDemocracy",
    "knowasiak.com": "Knowasiak",
    "datacenterdynamics.com": "DatacenterDynamics",
    "cyberlaw.ccdcoe.org": "NATO CCDCOE Cyber Law Toolkit",
    "ccbsnews.info": "CCBS News",
    "inform.kz": "Kazinform",
    "kursiv.media": "Kursiv",
    "tolerance.ca": "Tolerance.ca",
    "dailysabah.com": "Daily Sabah",
    "russia-islworld.ru": "Russia – Islamic World",
    "europediplomatic.com": "Europe Diplomatic Magazine",
    "asiaplustj.info": "Asia-Plus",
    "laprensalatina.com": "La Prensa Latina",
    "punchng.com": "Punch",
    "anews.com.tr": "A News",
    "oodaloop.com": "OODA Loop",
    "taipeitimes.com": "Taipei Times",
    "newsbharati.com": "News Bharati",
    "nationalpost.com": "National Post",
    "jam-news.net": "JAMnews",
    "ukrainetoday.org": "Ukraine Today",
    "dogruhaber.com.tr": "Doğru Haber",
    "24hod.sk": "24hod.sk",
    "armradio.am": "Public Radio of Armenia",
    "click2houston.com": "KPRC 2 Click2Houston",
    "intellinews.com": "bne IntelliNews",
    "brightuzbekistan.uz": "Bright Uzbekistan",
    "sb.by": "SB. Belarus Segodnya",
    "europarl.europa.eu": "European Parliament",
    "sputniknews.com": "Sputnik",
    "babel.ua": "Babel",
    "rferl.org": "RFE/RL",
    "iwpr.net": "IWPR",
    "theglobaldaily.net": "The Global Daily",
    "novastan.org": "Novastan",
    "pressreader.com": "Houston Chronicle (via PressReader)",
    "nv.ua": "NV",
    "24tv.ua": "24 Kanal",
    "ghall.com.ua": "Ghall",
    "ecosocialist.scot": "Ecosocialist Scotland",
    "the-village-kz.com": "The Village Kazakhstan",
    "azattyq.org": "Azattyq (RFE/RL)",
    "iphronline.org": "IPHR",
    "yenisafak.com": "Yeni Şafak",
    "iep-berlin.de": "Institut für Europäische Politik",
    "tepsa.eu": "TEPSA",
    "monitor.civicus.org": "CIVICUS Monitor",
}

REGION_WORDS = re.compile(r"\bRegion\b")


def load_sources() -> dict[str, str]:
    sources = {}
    for line in (SOURCES / "sources.txt").read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"([SDE]\d+) (https?://\S+)", line.strip())
        if match:
            sources[match[1]] = match[2]
    return sources


def publisher(url: str) -> str:
    host = urlparse(url).hostname or ""
    for domain, name in PUBLISHERS.items():
        if host == domain or host.endswith("." + domain):
            return name
    raise SystemExit(f"no publisher name for {host}: add it to PUBLISHERS")


def cite(codes: str, sources: dict[str, str]) -> dict[str, str]:
    urls = [sources[c] for c in codes.split(";")]
    return {
        "source_name": "; ".join(dict.fromkeys(publisher(u) for u in urls)),
        "source_url": urls[0],
        "other_source_urls": " ".join(urls[1:]),
    }


def title_of(summary: str) -> str:
    first = re.split(r";|\. ", summary, maxsplit=1)[0].strip()
    if len(first) <= 90:
        return first
    return first[:88].rsplit(" ", 1)[0] + "…"


def figure(text: str) -> tuple[int | None, str]:
    """'~2000' → (2000, '~2000'); '' → (None, '')."""
    text = text.strip()
    if not text:
        return None, ""
    return int(re.sub(r"\D", "", text)), text


def build_events(sources: dict[str, str]) -> pd.DataFrame:
    raw = pd.read_csv(SOURCES / "january-2022-chronology.csv", dtype=str, keep_default_na=False)
    rows = []
    per_day: dict[str, int] = {}
    for item in raw.itertuples():
        places = [p for p in item.place.split(";") if p] or [""]
        deaths, deaths_text = figure(item.deaths)
        detained, detained_text = figure(item.detained)
        reported = "; ".join(
            f"{label}: {text}"
            for label, text in (("deaths", deaths_text), ("detained", detained_text))
            if text
        )
        split = len(places) > 1
        if split and reported:
            reported += f" (one figure for all of {', '.join(places)})"
        time_match = re.search(r"from (?:about )?(\d{2}:\d{2})", item.summary)
        for place in places:
            is_region = bool(REGION_WORDS.search(place))
            n = per_day[item.date] = per_day.get(item.date, 0) + 1
            rows.append(
                {
                    "event_id": f"E{item.date.replace('-', '')}-{n:02d}",
                    "date": item.date,
                    "end_date": item.end_date,
                    "time": time_match[1] if time_match else "",
                    "city": "" if is_region else place,
                    "region": place if is_region else item.region,
                    "event_type": item.event_type,
                    "title": title_of(item.summary),
                    "description": item.summary,
                    "deaths": "" if split or deaths is None else deaths,
                    "detained": "" if split or detained is None else detained,
                    "figures_as_reported": reported,
                    **cite(item.sources, sources),
                }
            )
    return pd.DataFrame(rows)


def build_diaspora(sources: dict[str, str]) -> pd.DataFrame:
    raw = pd.read_csv(SOURCES / "diaspora-observations.csv", dtype=str, keep_default_na=False)
    rows = []
    per_day: dict[str, int] = {}
    for item in raw.itertuples():
        n = per_day[item.date] = per_day.get(item.date, 0) + 1
        people = re.search(r"About (\d+) people", item.summary)
        rows.append(
            {
                "action_id": f"A{item.date.replace('-', '')}-{n:02d}",
                "date": item.date,
                "end_date": "",
                "country": item.country,
                "city": item.city,
                "actor": item.organiser,
                "actor_type": "informal_group" if item.organiser == "informal group" else "",
                "action_type": item.action_type,
                "platform": "offline",
                "motivation": "",
                "barriers": "",
                "participants": people[1] if people else "",
                "reach": "",
                "description": item.summary,
                "confidence": item.confidence,
                **{
                    k: v for k, v in cite(item.sources, sources).items() if k != "other_source_urls"
                },
            }
        )
    return pd.DataFrame(rows)


def main() -> None:
    sources = load_sources()
    for name, frame in (
        ("events", build_events(sources)),
        ("diaspora_actions", build_diaspora(sources)),
    ):
        path = ROOT / "data" / f"{name}.csv"
        frame.to_csv(path, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        print(f"{path.relative_to(ROOT)}: {len(frame)} rows")


if __name__ == "__main__":
    main()
