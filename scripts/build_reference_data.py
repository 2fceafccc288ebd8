"""Build the sourced datasets in data/ from the reference tables in data/sources/.

- `events.csv`: the chronology (`january-2022-chronology.csv` + `sources.txt`) corrected by the
  review of its sources (`january-2022-sources-review.csv`) and the additions
  (`january-2022-additions.csv`): every event cites the primary source the review found; a claim the
  review could not support is dropped; the state of emergency is one span per region with its own
  start and end.
- `diaspora_actions.csv`: `diaspora-observations.csv` + `diaspora-reports-2.csv`, each action with
  a primary source, the kind of its organiser and the precision of its date.
- `reported_figures.csv`: `reported-figures.csv`, one row per figure per report.
- `sources.csv`: every page the three files cite, with its outlet and kind (primary or
  re-publication); `SOURCES.md`: the same table for readers.

Nothing here reads outside the repository. Editorial decisions (a corrected title, the organiser's
kind, a dropped row) sit in the tables below, each with the reference row it comes from; the
facts themselves are copied from the reference files. A few pages were found with the project's
search of stored public pages; they are listed in FOUND_BY_SEARCH.

Run: python scripts/build_reference_data.py  (the output is the same on every run)
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "data" / "sources"
DATA = ROOT / "data"

# --- the pages cited: outlet, kind, language ---------------------------------------------------

PRIMARY, COPY = "primary", "re-publication"


@dataclass(frozen=True)
class Outlet:
    name: str
    language: str
    kind: str = PRIMARY


# By web domain: the outlet that published the page and the page's language.
OUTLETS = {
    "rferl.org": Outlet("RFE/RL", "en"),
    "staging.rferl.org": Outlet("RFE/RL", "en"),
    "d1len9mmddvt3u.cloudfront.net": Outlet("Sever.Realii (RFE/RL), mirror", "ru"),
    "rus.azattyq.org": Outlet("Azattyq (RFE/RL)", "ru"),
    "svoboda.org": Outlet("Radio Svoboda (RFE/RL)", "ru"),
    "aljazeera.com": Outlet("Al Jazeera", "en"),
    "theglobaleye.it": Outlet("The Global Eye (copy of The Jamestown Foundation)", "en", COPY),
    "pledgetimes.com": Outlet("Pledge Times", "en", COPY),
    "tass.com": Outlet("TASS", "en"),
    "tass.ru": Outlet("TASS", "ru"),
    "mgorod.kz": Outlet("Moi Gorod (Oral)", "ru"),
    "ria24.today": Outlet("Interfax (copy at ria24.today)", "ru", COPY),
    "informburo.kz": Outlet("Informburo.kz", "ru"),
    "ria.ru": Outlet("RIA Novosti", "ru"),
    "tengrinews.kz": Outlet("Tengrinews", "ru"),
    "antena3.ro": Outlet("Antena 3 (translation of RFE/RL)", "ro", COPY),
    "vlast.kz": Outlet("Vlast.kz", "ru"),
    "opendemocracy.net": Outlet("openDemocracy", "en"),
    "netblocks.org": Outlet("NetBlocks", "en"),
    "knowasiak.com": Outlet("Knowasiak (copy of NetBlocks)", "en", COPY),
    "datacenterdynamics.com": Outlet("DatacenterDynamics", "en"),
    "cyberlaw.ccdcoe.org": Outlet("NATO CCDCOE Cyber Law Toolkit", "en"),
    "bestnews.kz": Outlet("Bestnews.kz (decree text from Akorda)", "ru"),
    "trend.az": Outlet("Trend", "en"),
    "ccbsnews.info": Outlet("CCBS News (copy of a TASS text)", "en", COPY),
    "lada.kz": Outlet("Lada.kz (Aktau)", "ru"),
    "azattyq-ruhy.kz": Outlet("Azattyq Rukhy", "ru"),
    "inform.kz": Outlet("Kazinform", "en"),
    "kursiv.media": Outlet("Kursiv", "en"),
    "rt.com": Outlet("RT", "en"),
    "tolerance.ca": Outlet("Tolerance.ca (copy of a Human Rights Watch dispatch)", "en", COPY),
    "ktk.kz": Outlet("KTK", "ru"),
    "liter.kz": Outlet("Liter.kz (decree text from Akorda)", "ru"),
    "iwpr.net": Outlet("IWPR", "en"),
    "brightuzbekistan.uz": Outlet("Bright Uzbekistan (re-publication)", "en", COPY),
    "eurasianet.org": Outlet("Eurasianet", "en"),
    "sputnikglobe.com": Outlet("Sputnik", "en"),
    "sputniknews.com": Outlet("Sputnik", "en"),
    "fr.sputniknews.com": Outlet("Sputnik France", "fr"),
    "rosbalt.ru": Outlet("Rosbalt", "ru"),
    "urdupoint.com": Outlet("UrduPoint (copy of an agency report)", "en", COPY),
    "armradio.am": Outlet("Public Radio of Armenia", "en"),
    "europediplomatic.com": Outlet("Europe Diplomatic Magazine", "en"),
    "asiaplustj.info": Outlet("Asia-Plus", "en"),
    "smotrim.ru": Outlet("Vesti (Russia-1)", "ru"),
    "laprensalatina.com": Outlet("La Prensa Latina (copy of EFE)", "en", COPY),
    "thenationalnews.com": Outlet("The National", "en"),
    "taipeitimes.com": Outlet("Taipei Times (copy of AFP)", "en", COPY),
    "punchng.com": Outlet("Punch (copy of AFP)", "en", COPY),
    "efe.com": Outlet("EFE", "en"),
    "anews.com.tr": Outlet("A News (aggregator of an AFP copy)", "en", COPY),
    "oodaloop.com": Outlet("OODA Loop (brief aggregator)", "en", COPY),
    "newsbharati.com": Outlet("News Bharati (copy of AP)", "en", COPY),
    "rbc.ru": Outlet("RBC", "ru"),
    "primeminister.am": Outlet("Government of Armenia", "en"),
    "jam-news.net": Outlet("JAMnews", "en"),
    "dw.com": Outlet("Deutsche Welle", "en"),
    "ukrainetoday.org": Outlet("Ukraine Today (copy of RFE/RL)", "en", COPY),
    "news.cgtn.com": Outlet("CGTN (with input from Reuters)", "en"),
    "dogruhaber.com.tr": Outlet("Doğru Haber", "en"),
    "trtworld.com": Outlet("TRT World", "en"),
    "24hod.sk": Outlet("24hod.sk (Slovak re-publication)", "sk", COPY),
    "qazaqtv.com": Outlet("Qazaq TV", "en"),
    "scmp.com": Outlet("South China Morning Post", "en"),
    "zerkalo.az": Outlet("Zerkalo.az (copy of TASS)", "ru", COPY),
    "interfax.com.ua": Outlet("Interfax-Ukraine", "uk"),
    "intellinews.com": Outlet("bne IntelliNews", "en"),
    "sb.by": Outlet("SB. Belarus Segodnya", "en"),
    "europarl.europa.eu": Outlet("European Parliament", "en"),
    "euronews.com": Outlet("Euronews", "en"),
    "interfax.com": Outlet("Interfax", "en"),
    "dziennikwschodni.pl": Outlet("Dziennik Wschodni", "pl"),
    "middleeasteye.net": Outlet("Middle East Eye", "en"),
    "rbb24.de": Outlet("rbb24", "de"),
    "michigan-post.com": Outlet("Michigan Post (re-publication)", "en", COPY),
    "silkway.news": Outlet("Silkway.news (citing Orda.kz)", "ru", COPY),
    "info24.ru": Outlet("info24.ru", "ru"),
    "orer.am": Outlet("Orer.am", "hy"),
    "newizv.ru": Outlet("Novye Izvestia", "ru"),
    "avtorambler.com": Outlet("Rambler (copy at avtorambler.com)", "ru", COPY),
    "belta.by": Outlet("BELTA (copy of Kazinform)", "ru", COPY),
    "cabar.asia": Outlet("CABAR.asia", "en"),
    "08info.kz": Outlet("08info.kz (citing egemen.kz)", "kk", COPY),
    "kresy.pl": Outlet("Kresy.pl", "pl"),
    "ovdinfo.org": Outlet("OVD-Info", "ru"),
    "theglobaldaily.net": Outlet("The Global Daily (copy of Reuters)", "en", COPY),
    "focus.ua": Outlet("Focus.ua (citing Censor.NET)", "uk", COPY),
    "ghall.com.ua": Outlet("Ghall (citing Azattyq)", "ru", COPY),
    "sova.news": Outlet("SOVA", "ru"),
    "novastan.org": Outlet("Novastan", "de"),
    "texasstandard.org": Outlet("Texas Standard", "en"),
    "ukrainesolidaritycampaign.org": Outlet("Ukraine Solidarity Campaign", "en"),
    "anticapitalistresistance.org": Outlet("Anti*Capitalist Resistance", "en"),
    "pressreader.com": Outlet("Houston Chronicle (print edition via PressReader)", "en"),
    "esslinger-zeitung.de": Outlet("Esslinger Zeitung", "de"),
    "swr.de": Outlet("SWR", "de"),
    "gdansk.naszemiasto.pl": Outlet("Nasze Miasto Gdańsk", "pl"),
    "topnews.odessa.ua": Outlet("Topnews.odessa.ua", "ru"),
    "rus.lb.ua": Outlet("LB.ua", "ru"),
    "english.nv.ua": Outlet("NV (citing Suspilne)", "en"),
    "hurriyetdailynews.com": Outlet("Hürriyet Daily News", "en"),
    "yenisafak.com": Outlet("Yeni Şafak", "tr"),
    "haberturk.com": Outlet("Habertürk", "tr"),
    "66.ru": Outlet("66.ru", "ru"),
    "kazakhamericanassociation.org": Outlet("Kazakh American Association", "en"),
    "themilitant.com": Outlet("The Militant", "en"),
    "24tv.ua": Outlet("24 Kanal", "uk"),
    "the-village-kz.com": Outlet("The Village Kazakhstan", "ru"),
}

# Pages whose outlet is not the site's: licensed copies of a news agency's story that name the
# agency count as the agency's report (primary); other copies are re-publications. Language
# overrides for sites that publish in several.
PAGES = {
    "https://www.indiatoday.in/world/story/kazakhs-abroad-call-for-calm-russia-troops-quell-uprising-1897034-2022-01-07": Outlet(
        "Reuters (wire copy at India Today)", "en"
    ),
    "https://www.dailysabah.com/world/asia-pacific/kazakh-dissident-ablyazov-casts-himself-as-leader-of-mass-protests/amp": Outlet(
        "Reuters (wire copy at Daily Sabah)", "en"
    ),
    "https://www.fairfieldcitizenonline.com/news/article/Kazakhstan-says-5-800-detained-in-week-of-protests-16760713.php": Outlet(
        "AP (wire copy at Fairfield Citizen)", "en"
    ),
    "https://www.westport-news.com/news/article/Nearly-8-000-detained-in-Kazakhstan-amid-unrest-16763147.php": Outlet(
        "AP (wire copy at Westport News)", "en"
    ),
    "https://www.newschainonline.com/news/world-news/nearly-8000-detained-in-kazakhstan-amid-unrest-246250": Outlet(
        "AP (wire copy at Newschain)", "en"
    ),
    "https://www.click2houston.com/news/world/2022/01/15/kazakhstan-raises-death-toll-to-225-in-days-of-protests": Outlet(
        "AP (wire copy at KPRC 2 Click2Houston)", "en"
    ),
    "https://nationalpost.com/pmn/news-pmn/crime-pmn/kazakhstan-detains-7939-people-over-unrest": Outlet(
        "Reuters (wire copy at National Post)", "en"
    ),
    "https://nationalpost.com/pmn/news-pmn/kazakh-president-tokayev-takes-over-as-ruling-party-leader": Outlet(
        "Reuters (wire copy at National Post)", "en"
    ),
    "https://m.investing.com/news/world-news/kazakhstan-puts-unrest-death-toll-at-225-2739850?ampMode=1": Outlet(
        "Reuters (wire copy at Investing.com)", "en"
    ),
    "https://www.news18.com/news/world/kazakh-prosecutors-say-225-people-have-died-in-violent-unrest-4662272.html": Outlet(
        "AFP (wire copy at News18)", "en"
    ),
    "https://vlast.kz/english/53384-a-nation-in-agony-how-is-it-possible-to-live-on-without-justice.html": Outlet(
        "Vlast.kz", "en"
    ),
    "https://kz.kursiv.media/ru/2022-01-10/v-kazakhstane-zaderzhali-pochti-8-tys-chelovek": Outlet(
        "Kursiv", "ru"
    ),
    "https://www.inform.kz/ru/novye-dannye-o-postradavshih-i-pogibshih-vo-vremya-chp-ozvuchila-glava-minzdrava_a3887556": Outlet(
        "Kazinform", "ru"
    ),
}

# Pages found with the project's search of stored public pages (not in the reference files); each
# was read saying what the row that cites it says.
FOUND_BY_SEARCH = {
    "https://sputnikglobe.com/amp/20220105/kazakh-president-tokayev-says-asked-csto-for-assistance-in-tackling-terrorist-aggression-1092058645.html",
    "https://news.cgtn.com/news/2022-01-13/CSTO-troops-returning-security-duties-to-Kazakh-forces-16MUMdPHIti/index.html",
    "https://www.inform.kz/ru/novye-dannye-o-postradavshih-i-pogibshih-vo-vremya-chp-ozvuchila-glava-minzdrava_a3887556",
    "https://ua.interfax.com.ua/news/general/791779.html",
    "https://kz.kursiv.media/ru/2022-01-10/v-kazakhstane-zaderzhali-pochti-8-tys-chelovek",
    "https://topnews.odessa.ua/culture/2022/01/09/329246-amp.html",
}


def outlet_of(url: str) -> Outlet:
    if url in PAGES:
        return PAGES[url]
    host = (urlparse(url).hostname or "").removeprefix("www.").removeprefix("m.")
    for domain in sorted(OUTLETS, key=len, reverse=True):  # the most specific domain first
        if host == domain or host.endswith("." + domain):
            outlet = OUTLETS[domain]
            if domain in ("inform.kz", "kursiv.media", "rferl.org") and "/ru/" in url:
                return Outlet(outlet.name, "ru", outlet.kind)
            return outlet
    raise SystemExit(f"no outlet for {url}: add its domain to OUTLETS")


def reference_text() -> str:
    """Every reference file as one text: a cited page must be written in it (or found by search)."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SOURCES.glob("*.csv")))
    return text + (SOURCES / "sources.txt").read_text(encoding="utf-8")


def in_references(url: str, text: str) -> bool:
    """The page is named in the reference files (the review writes a few without 'https://')."""
    return url in FOUND_BY_SEARCH or url in text or url.split("://", 1)[1] in text


def short_codes() -> dict[str, str]:
    codes = {}
    for line in (SOURCES / "sources.txt").read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"([SDE]\d+) (https?://\S+)", line.strip())
        if match:
            codes[match[1]] = match[2]
    return codes


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(SOURCES / name, dtype=str, keep_default_na=False)


# --- events -------------------------------------------------------------------------------------

REGION_WORDS = re.compile(r"\bRegion\b")
RFERL_3_JAN = "https://www.rferl.org/a/kazakhstan-enrgy-price-protests-zhanaozen/31637647.html"
TASS_2_JAN = "https://tass.com/world/1383999"
TASS_5_JAN = "https://tass.com/world/1384173"
TASS_7_JAN = "https://tass.com/world/1384901"
TASS_14_JAN = "https://tass.com/world/1388367"
NETBLOCKS = "https://netblocks.org/reports/internet-disrupted-in-kazakhstan-amid-energy-price-protests-oy9YQgy3"
SOE_DECREE_ALMATY = (
    "https://bestnews.kz/vlast/9894-v-mangistauskoj-oblasti-i-v-almaty-vvoditsya-rezhim-chp-ukaz"
)
SOE_REGIONS = (
    "https://www.inform.kz/en/state-of-emergency-declared-in-regions-of-kazakhstan_a3881814"
)
SOE_END = "https://rus.azattyq-ruhy.kz/society/32401-rezhim-chp-i-komendantskii-chas-zavershaiutsia-v-nur-sultane-almaty-i-riade-regionov"
KAZINFORM_MOURNING = (
    "https://en.inform.kz/news/10-january-day-of-national-mourning-in-kazakhstan_a3882888/"
)

# Per event of the first chronology: what the review of its sources changes. `source` replaces the
# cited page (default: the review's best source); `also` adds pages the review names; `drop_urls`
# removes cited pages the review found not to support the row; the other keys replace fields.
# Every figure moved to reported_figures: `deaths`/`detained` stay blank.
EVENT_EDITS: dict[str, dict] = {
    "E20220101-01": {
        "title": "LPG price caps lifted; pump price in Mangystau rises to 120 tenge a litre",
        "description": "The price of a litre of LPG at filling stations in Mangystau jumped to"
        " 120 tenge at the start of 2022, from 50–60 tenge in 2021 (RFE/RL); the rise followed"
        " the lifting of price caps on LPG (Al Jazeera, 4 January).",
        "also": [
            "https://www.aljazeera.com/news/2022/1/4/protests-erupt-in-kazakhstan-after-fuel-price-rise"
        ],
    },
    "E20220102-01": {
        "title": "Hundreds rally in Zhanaozen's main square over the LPG price",
        "description": "Hundreds of people rallied in Zhanaozen's main square on 2–3 January"
        " (RFE/RL). Gatherings at the akimat and a blocked road on 2 January are not confirmed by"
        " a primary source.",
    },
    "E20220102-02": {
        "description": "On 2 January crowds took to the streets of Zhanaozen and Aktau in the"
        " Mangystau region over high fuel prices (TASS).",
        "also": [TASS_5_JAN],
    },
    "E20220103-01": {
        "title": "President orders the government to review the situation in Zhanaozen urgently",
        "description": "Tokayev's order of 3 January: the government is to review the situation in"
        " Zhanaozen urgently, with regard to economic expediency and within the law (his tweet,"
        " quoted by Moi Gorod); a government commission led by Deputy Prime Minister Yeraly"
        " Tugzhanov is to go to Aktau (Interfax).",
        "also": ["https://ria24.today/news/vice-premer-kazahstana-otpravitsya-v-region/11419411"],
    },
    "E20220103-02": {"drop": "unsupported: only copies found, no KazTAG or other primary"},
    "E20220104-01": {
        "title": "Government commission: LPG to cost 50 tenge a litre in Mangystau",
        "description": "Deputy Prime Minister Yeraly Tugzhanov, heading the government commission,"
        " told protesters that a litre of LPG would cost 50 tenge (Informburo); on 4 January the"
        " government said it was ready to meet the protesters' main demand (RIA Novosti)."
        " Protests continued in Aktau on 5 January (RFE/RL).",
        "also": [
            "https://ria.ru/amp/20220105/gruppy-1766648342.html",
            "https://tengrinews.kz/kazakhstan_news/v-aktau-pravitelstvennaya-komissiya-pristupila-k-rabote-458182/",
            "https://www.rferl.org/a/kazakhstan-aqtau-aqtobe-protests/31640979.html",
        ],
    },
    **{
        f"E20220104-0{n}": {
            "title": "Protests spread to other cities",
            "description": "Two days after 2 January the protests reached Almaty and other"
            " cities, including Atyrau, Aktobe, Uralsk, Taraz, Shymkent, Kyzylorda, Karaganda and"
            " Nur-Sultan (TASS).",
            # 'More than 20 detained' is RFE/RL's figure, whose page was not found; not kept.
            "figures_as_reported": "",
        }
        for n in range(2, 7)
    },
    "E20220104-07": {"also": ["https://ria.ru/amp/20220105/gruppy-1766648342.html"]},
    "E20220104-08": {
        "title": "Internet disrupted from the evening, mobile services first",
        "description": "NetBlocks: significant disruption to internet service in Kazakhstan from"
        " the evening of Tuesday 4 January, with high impact on mobile services and some fixed"
        " lines.",
    },
    "E20220105-03": {"also": [TASS_5_JAN]},
    "E20220105-07": {
        "description": "A nation-scale blackout from about 17:00 local time on 5 January, with a"
        " brief partial restoration during the president's televised address; connectivity was"
        " largely restored on 10 January after 08:00 and cut again some hours later (NetBlocks).",
        "also": ["https://www.rferl.org/a/kazakhstan-unrest-internet-resumes-almaty/31646931.html"],
    },
    "E20220105-08": {
        "also": ["https://www.rt.com/russia/545197-protesters-storm-almaty-mayor-office/"]
    },
    "E20220105-09": {
        "description": "Protesters stormed the regional akimat in Aktobe on 5 January, around"
        " 14:00, after police had used force (Moi Gorod).",
    },
    "E20220105-10": {"also": [TASS_5_JAN]},
    "E20220105-11": {
        # The Daily Sabah page is about the later treason detention.
        "drop_urls": [
            "https://www.dailysabah.com/world/asia-pacific/kazakhstans-ex-domestic-intelligence-chief-detained-over-treason/amp"
        ],
    },
    "E20220105-12": {
        # The review's page is UrduPoint's copy of AFP; Sputnik's own report was found by search.
        "source": "https://sputnikglobe.com/amp/20220105/kazakh-president-tokayev-says-asked-csto-for-assistance-in-tackling-terrorist-aggression-1092058645.html",
        "description": "President Tokayev says on Khabar 24 that he has asked the heads of the CSTO"
        " member states to help Kazakhstan overcome a 'terrorist threat' (Sputnik). Interior"
        " Ministry: eight police officers and National Guard soldiers killed, 317 security"
        " personnel injured (Rosbalt).",
        "figures_as_reported": "deaths: 8 (security forces only); injured: 317 (security forces)",
        "also": [
            "https://www.rosbalt.ru/world/2022/01/05/1938434.html",
            "https://www.urdupoint.com/en/miscellaneous/kazakhstan-appeals-to-moscow-led-alliance-for-1442216.html",
        ],
        # 'Russia – Islamic World' is weak (review).
        "drop_urls": [
            "https://russia-islworld.ru/novosti/tokayev-turned-to-the-csto-for-help-he-considers-the-protests-an-act-of-aggression-2022-01-06-21757"
        ],
    },
    "E20220106-01": {
        "title": "CSTO Collective Peacekeeping Forces sent to Kazakhstan",
        "description": "By the decision of the CSTO Collective Security Council of 6 January, its"
        " Collective Peacekeeping Forces were sent to Kazakhstan; advance units of the Russian"
        " contingent began their tasks the same day (CSTO Secretariat). 2,030 troops and 250"
        " pieces of equipment (Kursiv, 19 January).",
        "also": ["https://kz.kursiv.media/en/2022-01-19/csto-peacekeepers-leave-kazakhstan/"],
    },
    "E20220106-02": {
        "title": "Almaty police: 'dozens of attackers' killed overnight",
        "description": "Almaty police: during the night extremists tried to attack administrative"
        " buildings and police premises; 'dozens of attackers are eliminated' (Khabar 24 via"
        " Kazinform). Interior Ministry: about 2,000 people detained (Vesti, 6 January).",
        "figures_as_reported": "detained: about 2,000 (Interior Ministry)",
        "also": ["https://smotrim.ru/article/2660842"],
    },
    "E20220106-03": {
        "also": ["https://www.taipeitimes.com/News/world/archives/2022/01/09/2003771041"],
    },
    "E20220107-01": {
        "also": ["https://www.rt.com/russia/545367-kazakhstan-authorizes-lethal-force/"]
    },
    "E20220107-02": {
        "title": "Official counts: 26 'armed criminals' and 18 security officers dead; over 3,000"
        " detained",
        "description": "EFE: security forces killed at least 26 people in Almaty, at least 18"
        " security officers died, and the home ministry said more than 3,000 people had been"
        " arrested. The Interior Ministry's figures via TASS: 3,811 detained, 26 'armed criminals'"
        " killed. The two death counts are separate official counts, not one total.",
        "figures_as_reported": "deaths: 26 ('armed criminals'); deaths: 18 (security officers);"
        " detained: more than 3,000 (EFE), 3,811 (TASS)",
        "also": [TASS_7_JAN],
    },
    "E20220107-03": {
        "title": "Government: order generally restored in all regions; Almaty the most difficult",
        "description": "The government said order had generally been restored in all of the"
        " country's regions by the morning of 7 January, while the situation was most difficult"
        " in Almaty (TASS).",
        # The cited TASS item 1384877 was not found (review).
        "drop_urls": ["https://tass.com/world/1384877"],
    },
    "E20220109-01": {
        "title": "164 deaths published on a government Telegram channel, then withdrawn",
        "description": "On 9 January a government Telegram channel and Khabar 24 published 164"
        " deaths (103 in Almaty), attributed to the Health Ministry; the Information Ministry"
        " withdrew the figure as a 'technical error', and the Health Ministry said it had given no"
        " such figures (TASS; RBC).",
        "figures_as_reported": "deaths: 164 (retracted)",
        "also": ["https://rbc.ru/rbcfreenews/61dae0569a7947664d2c3176"],
    },
    "E20220109-02": {
        "title": "President's office: about 5,800 detained",
        "description": "The office of the president said on Sunday 9 January that about 5,800"
        " people had been detained by police during the protests (AP). The Interior Ministry gave"
        " 5,135 detained the same day (Kazinform).",
        "figures_as_reported": "detained: about 5,800 (President's office); 5,135 (Interior"
        " Ministry)",
        "also": [KAZINFORM_MOURNING],
    },
    "E20220110-01": {
        "also": [
            "https://www.inform.kz/en/president-tokayev-signs-decree-declaring-day-of-national-mourning_a3882758/amp"
        ],
    },
    "E20220110-02": {
        "title": "Interior Ministry: 7,939 detained",
        "description": "Interior Ministry: security forces had detained a total of 7,939 people as"
        " of 10 January (Reuters; AP).",
        "figures_as_reported": "detained: 7,939 (Interior Ministry)",
        "also": [
            "https://www.westport-news.com/news/article/Nearly-8-000-detained-in-Kazakhstan-amid-unrest-16763147.php"
        ],
    },
    "E20220110-03": {
        "title": "Extraordinary session of the CSTO Collective Security Council by video",
    },
    "E20220111-02": {
        # The review's page copies RFE/RL; CGTN's own report was found by search. The '412
        # pre-trial investigations' were seen only in an unverified page: not kept.
        "source": "https://news.cgtn.com/news/2022-01-13/CSTO-troops-returning-security-duties-to-Kazakh-forces-16MUMdPHIti/index.html",
        "title": "Interior Ministry: 9,900 detained",
        "description": "The Interior Ministry said on Tuesday 11 January that security forces had"
        " detained 9,900 people over the unrest (CGTN, with input from Reuters; RFE/RL reported"
        " the same).",
        "figures_as_reported": "detained: 9,900 (Interior Ministry)",
    },
    "E20220112-01": {
        "title": "About 12,000 detained in total, reported by the Almaty authorities",
        "description": "1,678 more people detained in 24 hours, reported on Wednesday 12 January"
        " by the authorities in Almaty, bringing the total number of arrests to about 12,000 (TRT"
        " World); whether the total is Almaty's or the country's is not stated.",
        "figures_as_reported": "detained: about 12,000 (scope unclear)",
    },
    "E20220113-01": {
        "also": [
            "https://www.scmp.com/news/world/russia-central-asia/article/3163278/russian-led-troops-begin-pullback-kazakhstan"
        ],
    },
    "E20220115-01": {
        # The review's page (Zerkalo.az) is a copy of TASS; the AP copy is acceptable (review).
        "source": "https://www.click2houston.com/news/world/2022/01/15/kazakhstan-raises-death-toll-to-225-in-days-of-protests",
        "description": "Prosecutor General's Office (Serik Shalabayev): 225 bodies delivered to"
        " morgues during the state of emergency, including 19 police and military; 4,578"
        " victims, of them 4,353 injured including 3,393 security personnel.",
        "figures_as_reported": "deaths: 225 (including 19 security personnel)",
        "also": [
            "https://m.zerkalo.az/v-kazahstane-zhertvami-besporyadkov-stali-225-chelovek/",
            "https://ua.interfax.com.ua/news/general/791779.html",
        ],
    },
    "E20220118-01": {
        "description": "Former president Nursultan Nazarbayev appears on video for the first time"
        " since the unrest; the video was 'apparently shot in the capital Nur-Sultan' (bne"
        " IntelliNews).",
    },
    "E20220119-01": {
        "title": "State of emergency ends at midnight in the seven units still under it",
        "description": "From midnight on 19 January the state of emergency and the curfew end in"
        " Nur-Sultan and Almaty and in the Almaty, Atyrau, Zhambyl, Kyzylorda and Mangystau"
        " regions (presidential spokesman Berik Uali); the other ten units had left it on 13–16"
        " January. The elevated terror-threat level stays in Almaty (Kazinform).",
        "also": [
            "https://www.inform.kz/en/state-of-emergency-and-curfew-to-end-in-almaty_a3887610/amp"
        ],
    },
    "E20220119-02": {
        "description": "The withdrawal of the CSTO peacekeepers is over, Interfax reports citing"
        " the Russian Ministry of Defence (Kursiv, 19 January); the day is the report's, by which"
        " the last units had left.",
    },
    "E20220314-01": {
        "also": [
            "https://interfax.com/newsroom/top-stories/76630/",
            "https://tass.com/world/1421573",
        ],
        "figures_as_reported": "deaths: 230 (including 19 military and law-enforcement officers)",
    },
    "E20221102-01": {
        "title": "Amnesty law for more than 1,500 people connected with the January events",
        "description": "The amnesty of 2 November affects more than 1,500 people arrested and"
        " charged over the January protests (RFE/RL); the president signed an amnesty law passed"
        " by the Senate on 27 October (Euronews).",
        "also": [
            "https://www.euronews.com/2022/11/02/kazakhstans-president-signs-amnesty-law-following-january-riots"
        ],
    },
    "E20221223-01": {
        "title": "Tagzym memorial to the victims of the January events opened in Almaty",
        "description": "The Tagzym memorial near Republic Square in Almaty, dedicated to the"
        " victims of the January events, was opened on the morning of 23 December without prior"
        " announcement (Azattyq).",
        "figures_as_reported": "",
        # The IWPR piece was not checked by the review.
        "drop_urls": ["https://iwpr.net/global-voices/year-kazakstans-bloody-january"],
    },
}

# The state of emergency, one span per unit with its own start and end. `end` is the last day
# the state of emergency was in force (lifted at 07:00 on 13 January: 13 January; ended at 00:00
# on 19 January: 18 January). Start: the decree's page; end: the page that lifted it.
SOE_SPANS = [
    # (event id, city, region, start time, end, start page, end page, lifted how)
    ("E20220105-01", "Almaty", "", "01:30", "2022-01-18", SOE_DECREE_ALMATY, SOE_END, "midnight"),
    (
        "E20220105-02",
        "",
        "Mangystau Region",
        "01:30",
        "2022-01-18",
        SOE_DECREE_ALMATY,
        SOE_END,
        "midnight",
    ),
    (
        "E20220105-04",
        "",
        "Almaty Region",
        "12:30",
        "2022-01-18",
        "https://en.inform.kz/news/state-of-emergency-imposed-in-almaty-region_a3881593/",
        SOE_END,
        "midnight",
    ),
    (
        "E20220105-05",
        "Nur-Sultan",
        "",
        "16:00",
        "2022-01-18",
        "https://www.inform.kz/en/state-of-emergency-declared-in-nur-sultan_a3881701",
        SOE_END,
        "midnight",
    ),
    *(
        (f"E20220105-{13 + i:02d}", city, region, "", end, SOE_REGIONS, lifted, how)
        for i, (city, region, end, lifted, how) in enumerate(
            [
                (
                    "",
                    "West Kazakhstan Region",
                    "2022-01-13",
                    "https://en.inform.kz/news/president-lifts-state-of-emergency-in-a-number-of-regions-of-kazakhstan_a3884985/",
                    "07:00 on 13 January",
                ),
                (
                    "",
                    "North Kazakhstan Region",
                    "2022-01-13",
                    "https://en.inform.kz/news/president-lifts-state-of-emergency-in-a-number-of-regions-of-kazakhstan_a3884985/",
                    "07:00 on 13 January",
                ),
                (
                    "",
                    "Pavlodar Region",
                    "2022-01-13",
                    "https://en.inform.kz/news/president-lifts-state-of-emergency-in-a-number-of-regions-of-kazakhstan_a3884985/",
                    "07:00 on 13 January",
                ),
                (
                    "Shymkent",
                    "",
                    "2022-01-14",
                    "https://tass.com/world/1388257",
                    "18:00 on 14 January",
                ),
                (
                    "",
                    "East Kazakhstan Region",
                    "2022-01-14",
                    "https://tass.com/world/1388257",
                    "18:00 on 14 January",
                ),
                (
                    "",
                    "Karaganda Region",
                    "2022-01-14",
                    "https://tass.com/world/1388257",
                    "18:00 on 14 January",
                ),
                ("", "Turkistan Region", "2022-01-14", TASS_14_JAN, "18:00 on 14 January"),
                ("", "Akmola Region", "2022-01-15", TASS_14_JAN, "07:00 on 15 January"),
                ("", "Kostanay Region", "2022-01-15", TASS_14_JAN, "07:00 on 15 January"),
                (
                    "",
                    "Aktobe Region",
                    "2022-01-16",
                    "https://liter.kz/rezhim-chp-otmenili-v-aktiubinskoi-oblasti-1642245181/amp",
                    "07:00 on 16 January",
                ),
                ("", "Kyzylorda Region", "2022-01-18", SOE_END, "midnight"),
                ("", "Atyrau Region", "2022-01-18", SOE_END, "midnight"),
                ("", "Jambyl Region", "2022-01-18", SOE_END, "midnight"),
            ]
        )
    ),
]
SOE_EXTRA_PAGES = {
    # Further pages on a unit's start or end, as the review and the additions give them.
    "Almaty": [
        "https://en.trend.az/casia/kazakhstan/3536451.html",
        "https://ccbsnews.info/en/news/detail/4659",
    ],
    "Mangystau Region": [
        "https://lada.kz/amp/society/society/97950-chto-proishodit-na-ploschadi-v-centre-aktau.html",
        "https://ccbsnews.info/en/news/detail/4659",
    ],
    "West Kazakhstan Region": ["https://tass.com/world/1387025"],
    "North Kazakhstan Region": ["https://tass.com/world/1387025"],
    "Pavlodar Region": ["https://tass.com/world/1387025"],
    "Shymkent": [TASS_14_JAN],
    "East Kazakhstan Region": [TASS_14_JAN],
    "Karaganda Region": [TASS_14_JAN],
}

# Events the additions list as new (the others there only offer a source for an existing event).
NEW_EVENTS = [
    {
        "event_id": "E20220110-04",
        "date": "2022-01-10",
        "time": "08:00",
        "event_type": "internet_shutdown",
        "title": "Internet connectivity largely restored, then cut again some hours later",
        "description": "Internet connectivity was largely restored on Monday 10 January after 08:00"
        " local time, only to be cut again some hours later (NetBlocks); in Almaty the internet"
        " began to return early on 10 January after a five-day blackout (RFE/RL).",
        "source_url": NETBLOCKS,
        "also": ["https://www.rferl.org/a/kazakhstan-unrest-internet-resumes-almaty/31646931.html"],
    },
]


def chronology_rows(codes: dict[str, str]) -> list[dict]:
    """The first chronology, one row per place, with the ids its review refers to."""
    raw = read("january-2022-chronology.csv")
    rows, per_day = [], {}
    for item in raw.itertuples():
        places = [p for p in item.place.split(";") if p] or [""]
        time_match = re.search(r"from (?:about )?(\d{2}:\d{2})", item.summary)
        first = re.split(r";|\. ", item.summary, maxsplit=1)[0].strip()
        title = first if len(first) <= 90 else first[:88].rsplit(" ", 1)[0] + "…"
        urls = [codes[c] for c in item.sources.split(";")]
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
                    "title": title,
                    "description": item.summary,
                    "figures_as_reported": "",
                    "urls": urls,
                }
            )
    return rows


def soe_span(spec: tuple) -> dict:
    event_id, city, region, time, end, start_page, end_page, how = spec
    place = city or region
    until = (
        "until 00:00 on 19 January (its nationwide end)"
        if how == "midnight"
        else f"until it was lifted early, from {how}"
    )
    pages = [start_page, *SOE_EXTRA_PAGES.get(place, []), end_page]
    start = f"from {time} on 5 January" if time else "from 5 January"
    return {
        "event_id": event_id,
        "date": "2022-01-05",
        "end_date": end,
        "time": time,
        "city": city,
        "region": region,
        "event_type": "state_of_emergency",
        "title": f"State of emergency in {place}",
        "description": f"State of emergency in {place} {start} {until}; curfew 23:00–07:00."
        " The end date is the last day it was in force.",
        "figures_as_reported": "",
        "urls": pages,
    }


def build_events() -> pd.DataFrame:
    codes = short_codes()
    review = read("january-2022-sources-review.csv").set_index("event_id")
    base = {row["event_id"]: row for row in chronology_rows(codes)}
    rows = []
    for event_id, row in base.items():
        edit = EVENT_EDITS.get(event_id, {})
        verdict = review.loc[event_id, "verdict"]
        if "drop" in edit or verdict == "unsupported" or event_id == "E20220105-06":
            continue  # E20220105-06 (13 units at once) becomes one span per unit below
        if any(event_id == spec[0] for spec in SOE_SPANS):
            continue
        source = edit.get("source") or review.loc[event_id, "best_source_url"] or row["urls"][0]
        pages = [source, *edit.get("also", []), *row["urls"]]
        pages = [u for u in pages if u not in edit.get("drop_urls", [])]
        fields = {k: v for k, v in edit.items() if k in row}
        rows.append({**row, **fields, "urls": pages})
    for spec in SOE_SPANS:
        rows.append(soe_span(spec))
    for new in NEW_EVENTS:
        urls = [new["source_url"], *new["also"]]
        rows.append(
            {
                "end_date": "",
                "city": "",
                "region": "",
                "figures_as_reported": "",
                **new,
                "urls": urls,
            }
        )
    # Bright Uzbekistan (a re-publisher) is dropped from the regions' row by the review.
    out = []
    for row in sorted(rows, key=lambda r: r["event_id"]):
        urls = list(dict.fromkeys(u for u in row.pop("urls") if "brightuzbekistan" not in u))
        if row["event_id"] == "E20220119-01":
            urls.append(
                "https://brightuzbekistan.uz/en/the-state-of-emergency-in-kazakhstan-is-over/"
            )
        row.pop("source_url", None)
        row.pop("also", None)
        out.append(
            {
                **row,
                "deaths": "",
                "detained": "",
                "source_name": outlet_of(urls[0]).name,
                "source_url": urls[0],
                "other_source_urls": " ".join(urls[1:]),
                "date_precision": "day",
                "confidence": "confirmed",
            }
        )
    columns = [
        "event_id", "date", "end_date", "time", "city", "region", "event_type", "title",
        "description", "deaths", "detained", "figures_as_reported", "source_name", "source_url",
        "other_source_urls", "date_precision", "confidence",
    ]  # fmt: skip
    return pd.DataFrame(out)[columns]


# --- diaspora actions -----------------------------------------------------------------------------

OVD_INFO = "https://ovdinfo.org/express-news/2022/01/10/chelyabinskogo-aktivista-vyzvali-na-dopros-posle-akciy-v-podderzhku"
QAZAQ_TV_10_JAN = "https://qazaqtv.com/amp/en/news/society/16392-flags-of-kazakhstan-s-diplomatic-missions-flown-at-half-mast"
AZATTYQ_20_FEB = "https://rus.azattyq.org/a/31714500.html"


@dataclass(frozen=True)
class Action:
    """One diaspora action: `ref` names the reference row ('obs N' of diaspora-observations.csv,
    'rep N' of diaspora-reports-2.csv, 0-based) its facts come from."""

    ref: str
    date: str  # as precise as known: 2022-01-05, 2022-01 or 2022
    country: str
    city: str
    action_type: str
    organiser_kind: str
    description: str
    source: str
    also: tuple[str, ...] = ()
    actor: str = ""
    actor_type: str = ""
    platform: str = "offline"
    participants: str = ""
    confidence: str = "confirmed"


ACTIONS = [
    Action(
        "obs 0; rep 0",
        "2022-01-05",
        "GB",
        "London",
        "rally",
        "individuals",
        "A small group of Kazakhs gathered outside the Kazakh embassy late on Wednesday 5 January"
        " with placards 'Shal Ket', 'Don't Shoot' and 'We are with you'.",
        "https://www.indiatoday.in/world/story/kazakhs-abroad-call-for-calm-russia-troops-quell-uprising-1897034-2022-01-07",
        (
            "https://theglobaldaily.net/dont-shoot-kazakhs-overseas-call-for-calm-as-russia-sends-in-troops-to-quell-uprising/",
        ),
        actor_type="informal_group",
    ),
    Action(
        "obs 1; rep 2",
        "2022-01-05",
        "RU",
        "Moscow",
        "rally",
        "unknown",
        "Single picket with a flag at the Kazakh embassy. OVD-Info reports single pickets in"
        " Moscow on 5, 6 and 7 January, with at least 27 people detained over the three days;"
        " the picketers are not identified as members of the diaspora.",
        "https://fr.sputniknews.com/20220105/affrontements-au-kazakhstan-leurope-la-chine-et-la-russie-reagissent--1054200741.html",
        (OVD_INFO,),
    ),
    Action(
        "rep 1",
        "2022-01-06",
        "RU",
        "Moscow",
        "rally",
        "unknown",
        "Pickets in support of the protesters in Kazakhstan at the Kazakh embassy on Chistoprudny"
        " Boulevard; at least ten people detained, among them an 80-year-old woman (OVD-Info via"
        " Radio Svoboda). The participants are not identified as members of the diaspora.",
        "https://svoboda.org/amp/v-moskve-zaderzhali-okolo-10-uchastnikov-piketov-v-podderzhku-kazahstana/31642184.html",
        (OVD_INFO,),
    ),
    Action(
        "rep 2",
        "2022-01-07",
        "RU",
        "Moscow",
        "rally",
        "unknown",
        "Single pickets in Moscow over the protests in Kazakhstan, the third day running (OVD-Info:"
        " at least 27 detained over 5–7 January).",
        OVD_INFO,
    ),
    Action(
        "rep 2",
        "2022-01",
        "RU",
        "St Petersburg",
        "rally",
        "unknown",
        "Picketers in support of the protests in Kazakhstan detained in St Petersburg (OVD-Info,"
        " 10 January; no date given).",
        OVD_INFO,
    ),
    Action(
        "rep 2",
        "2022-01",
        "RU",
        "Yekaterinburg",
        "rally",
        "unknown",
        "Picketers in support of the protests in Kazakhstan detained in Yekaterinburg (OVD-Info,"
        " 10 January; no date given).",
        OVD_INFO,
    ),
    Action(
        "rep 5",
        "2022-01-07",
        "GE",
        "Tbilisi",
        "rally",
        "unknown",
        "Solidarity action outside the Georgian parliament, attended by citizens of Kazakhstan and"
        " local residents; placards addressed to Nazarbayev.",
        "https://sova.news/2022/01/07/243472/",
    ),
    Action(
        "obs 3; rep 6",
        "2022-01-07",
        "DE",
        "Berlin",
        "rally",
        "individuals",
        "About 60 people at the Brandenburg Gate (Pariser Platz) on Friday afternoon; open mic, a"
        " 'Don't shoot' placard, a demand that the president resign.",
        "https://novastan.org/de/kasachstan/kundgebungen-in-berlin-solidaritaet-mit-protestierenden-in-kasachstan",
        (
            "https://www.rbb24.de/panorama/beitrag/2022/01/berlin-kasachstan-deutsche-ausnahmezustand-proteste-gaspreise.htm/listallcomments=on.html",
        ),
        actor_type="informal_group",
        participants="60",
    ),
    Action(
        "rep 7",
        "2022-01-07",
        "FR",
        "Paris",
        "media_appearance",
        "diaspora_group",
        "Exiled opposition leader Mukhtar Ablyazov (Democratic Choice of Kazakhstan, banned in"
        " Kazakhstan as 'extremist') told Reuters the West must engage, called the CSTO deployment"
        " a Russian occupation and cast himself as the leader of the protests.",
        "https://www.dailysabah.com/world/asia-pacific/kazakh-dissident-ablyazov-casts-himself-as-leader-of-mass-protests/amp",
        actor="Mukhtar Ablyazov (Democratic Choice of Kazakhstan)",
        actor_type="organisation",
        platform="",
    ),
    Action(
        "rep 8",
        "2022-01-07",
        "US",
        "Austin",
        "media_appearance",
        "individuals",
        "Kazakh graduate student Assem Kassymova, from Nur-Sultan, interviewed by Texas Standard"
        " (public radio) on the communication blackout and the situation at home.",
        "https://www.texasstandard.org/stories/kazakhs-in-texas-watch-and-wait-to-hear-from-loved-ones-after-deadly-protests/",
        actor="Assem Kassymova",
        platform="",
    ),
    Action(
        "obs 4; rep 11",
        "2022-01-08",
        "US",
        "Houston",
        "rally",
        "individuals",
        "Kazakh migrants protest against the violence in their homeland on Saturday 8 January"
        " (Houston Chronicle, 9 January).",
        "https://www.pressreader.com/usa/houston-chronicle-sunday/20220109/281616718720120",
    ),
    Action(
        "rep 9",
        "2022-01-08",
        "GB",
        "London",
        "rally",
        "diaspora_group",
        "Protest of the Kazakh community at Trafalgar Square, supported by the Ukraine Solidarity"
        " Campaign (whose photo caption misdates it 8 January 2021; the post is of 9 January"
        " 2022).",
        "https://ukrainesolidaritycampaign.org/2022/01/09/kazakhstan-solidarity-with-the-revolution/",
        actor="Kazakh community in London",
    ),
    Action(
        "rep 10",
        "2022-01-08",
        "GB",
        "London",
        "rally",
        "local_activists",
        "Picket outside the Kazakh embassy called by Anti*Capitalist Resistance and supported by"
        " UK left groups (Ukraine Solidarity Campaign, LRC, rs21, Workers Power, Socialist"
        " Alternative, Workers' Liberty); a statement of the Kazakh Socialist Movement was read."
        " Mainly UK groups, not led by the diaspora.",
        "https://anticapitalistresistance.org/london-picket-of-kazakhstan-embassy",
        actor="Anti*Capitalist Resistance",
        actor_type="organisation",
    ),
    Action(
        "rep 12",
        "2022-01",
        "DE",
        "Stuttgart",
        "rally",
        "individuals",
        "About 20 demonstrators, many with Kazakh roots, on Schlossplatz on a Sunday midday,"
        " co-initiated by Arailym Wödl. The article (January 2022) does not give the day; it"
        " cites the death toll first reported on 9 January, so the Sunday was 9 January or later.",
        "https://www.esslinger-zeitung.de/inhalt.kundgebung-in-stuttgart-ein-zeichen-der-solidaritaet-mit-kasachstan.5125572d-de43-4247-8eff-eb9680be9ff1.html",
        (
            "https://www.swr.de/swraktuell/baden-wuerttemberg/stuttgart/das-sagt-eine-kasachin-ueber-die-unruhen-in-ihrem-heimatland-kasachstan-100.html",
        ),
        actor="Arailym Wödl",
        participants="20",
        confidence="day unconfirmed",
    ),
    Action(
        "rep 13",
        "2022-01-09",
        "PL",
        "Gdańsk",
        "rally",
        "unknown",
        "Demonstration at the Neptune Fountain in support of the citizens of Kazakhstan, alongside"
        " a protest against Lukashenko (the article, of January 2022, writes '9 stycznia 2021').",
        "https://gdansk.naszemiasto.pl/gdansk-solidarny-z-obywatelami-kazachstanu-i-bialorusi-pod/ar/c1-8624367",
    ),
    Action(
        "search",
        "2022-01-09",
        "UA",
        "Odesa",
        "rally",
        "unknown",
        "A small rally of six people outside the Kazakh consulate with placards 'A peaceful protest"
        " is not terrorism', 'Solidarity with the working class of Kazakhstan', 'Kremlin, hands"
        " off Kazakhstan' (photo: Social Movement).",
        "https://topnews.odessa.ua/culture/2022/01/09/329246-amp.html",
        participants="6",
    ),
    Action(
        "obs 5; rep 14",
        "2022-01-10",
        "UA",
        "Kyiv",
        "rally",
        "local_activists",
        "Evening action outside the Kazakh embassy organised by the 'Bez Granits' project and the"
        " Free Belarus Center: condemned the CSTO deployment and urged Ukraine and the EU to adapt"
        " migration policy for potential refugees from Kazakhstan.",
        "https://rus.lb.ua/society/2022/01/10/502769_pod_posolstvom_kazahstana_kieve.html",
        (
            "https://english.nv.ua/nation/supporters-of-kazakhstan-protestors-hold-rally-in-kyiv-50207763.html",
        ),
        actor="'Bez Granits' project; Free Belarus Center",
        actor_type="organisation",
    ),
    Action(
        "rep 15",
        "2022-01-10",
        "UA",
        "Kyiv",
        "humanitarian_aid",
        "diaspora_group",
        "On the day of national mourning Almagul Kenzhebayeva, a representative of the Kazakh"
        " diaspora in Ukraine, said Kazakhs there help stranded compatriots with food and housing.",
        QAZAQ_TV_10_JAN,
        actor="Kazakh diaspora in Ukraine",
        platform="",
    ),
    Action(
        "rep 16",
        "2022-01-10",
        "TR",
        "",
        "memorial",
        "officials",
        "Consular, not protest: on the day of mourning the flags were lowered at the embassy in"
        " Turkey and the consulates general in Istanbul and Antalya; local residents and"
        " compatriots gathered near 'the representative office' to express support (which"
        " mission is not said; state broadcaster's account).",
        QAZAQ_TV_10_JAN,
        actor="Kazakh embassy and consulates general in Turkey",
        actor_type="organisation",
    ),
    Action(
        "rep 17",
        "2022-01-10",
        "TR",
        "Istanbul",
        "memorial",
        "officials",
        "Intergovernmental, not the diaspora: the Organization of Turkic States lowered its flags"
        " to half-mast at its Istanbul headquarters for Kazakhstan's day of mourning and conveyed"
        " condolences.",
        "https://www.hurriyetdailynews.com/turkic-states-convey-condolences-for-victims-of-kazakh-unrest-170674",
        actor="Organization of Turkic States",
        actor_type="organisation",
    ),
    Action(
        "rep 18",
        "2022-01",
        "TR",
        "Ankara",
        "meeting",
        "officials",
        "State-organised, not initiated by the diaspora: Turkey's YTB (Presidency for Turks Abroad"
        " and Related Communities) held a 'morale and solidarity' breakfast for Kazakh students on"
        " Türkiye Scholarships, attended by Ambassador Abzal Saparbekuly.",
        "https://www.yenisafak.com/gundem/ytb-turkiyede-okuyan-kazak-ogrencilere-moral-kahvaltisi-duzenledi-3730386",
        actor="YTB with the Kazakh embassy",
        actor_type="organisation",
    ),
    Action(
        "rep 19",
        "2022-01",
        "TR",
        "Adana",
        "statement",
        "officials",
        "Not the diaspora: Kazakhstan's honorary consul in Adana, Tarkan Kulak, expressed deep"
        " sorrow and called for common sense and calm.",
        "https://www.haberturk.com/adana-haberleri/93521593-kulak-kazakistanda-yasanan-olaylardan-derin-uzuntu-duyuyoruz",
        actor="Honorary Consul of Kazakhstan in Adana",
        platform="",
    ),
    Action(
        "rep 21",
        "2022-01",
        "KZ",
        "Almaty",
        "information_sharing",
        "individuals",
        "Telegram channel 'Бауырмен байланыс' created by an Almaty blogger (pseudonym Kunekei"
        " Nurlan) so that people abroad could ask volunteers to reach their relatives during the"
        " internet shutdown; volunteers in many countries; more than 5,000 requests in six days"
        " (66.ru, 11 January).",
        "https://66.ru/news/society/247872/",
        actor="Бауырмен байланыс (volunteers)",
        actor_type="informal_group",
        platform="telegram",
    ),
    Action(
        "rep 22",
        "2022-01",
        "RU",
        "",
        "information_sharing",
        "unknown",
        "Volunteer chats in Russia help stranded Kazakhstani students and tourists reach their"
        " families and support those unable to fly home.",
        "https://d1len9mmddvt3u.cloudfront.net/a/kak-kazahstancy-pytayutsya-svyazatsya-s-rodstvennikami-iz-za-granicy/31647258.html",
        actor_type="informal_group",
        platform="",
    ),
    Action(
        "rep 23",
        "2022-01",
        "US",
        "",
        "statement",
        "diaspora_group",
        "Official statement on the unrest (English and Kazakh): condemns violence against peaceful"
        " citizens and the communication restrictions, supports diaspora protests worldwide.",
        "https://kazakhamericanassociation.org/news/official-statement-on-current-unrest",
        actor="Kazakh American Association",
        actor_type="organisation",
        platform="website",
    ),
    Action(
        "rep 24",
        "2022-01-12",
        "GB",
        "London",
        "statement",
        "local_activists",
        "Joint solidarity statement by socialists, trade unionists and activists, published by"
        " Anti*Capitalist Resistance; the UK left, not the diaspora.",
        "https://anticapitalistresistance.org/solidarity-with-the-uprising-in-kazakhstan/",
        actor="Anti*Capitalist Resistance",
        actor_type="organisation",
        platform="website",
    ),
    Action(
        "obs 6; rep 25",
        "2022-01-15",
        "US",
        "Washington",
        "rally",
        "diaspora_group",
        "Over 150 people at a rally outside the White House organised by Free Kazakhs against the"
        " repressions. The Militant gives 15 January, 24 Kanal 16 January (speakers from the"
        " Kazakh American Association and Free Kazakhs).",
        "https://themilitant.com/2022/01/22/dc-protest-hits-kazakhstan-govt-attacks-russian-troops",
        (
            "https://24tv.ua/zupini-represiyi-kazahi-viyshli-ploshhu-bilogo-ukrayina-novini_n1843507",
        ),
        actor="Free Kazakhs",
        actor_type="organisation",
        participants="150",
        confidence="day unconfirmed",
    ),
    Action(
        "obs 8; rep 27",
        "2022-02-13",
        "GB",
        "London",
        "rally",
        "individuals",
        "Kazakhstanis demonstrate on Trafalgar Square with the placard 'Qarapaiym khalyqpyz, biz"
        " terrorist emespiz', used on Almaty's Republic Square on 6 January.",
        "https://the-village-kz.com/village/people/people/21437-foreign-kazakhstan",
    ),
    Action(
        "obs 9; rep 28",
        "2022-02-20",
        "DE",
        "Berlin",
        "rally",
        "individuals",
        "Activists hold an action for Kazakhstanis and Ukraine with placards 'Stop terror in"
        " Kazakhstan', 'EU don't turn a blind eye', 'Tokayev = Nazarbayev'.",
        AZATTYQ_20_FEB,
        actor="Raushan Tolganbayeva and other activists",
    ),
    Action(
        "rep 28",
        "2022-02-20",
        "US",
        "Washington",
        "rally",
        "unknown",
        "A group of activists holds an action in support of Kazakhstanis and Ukraine, the same day"
        " as in Berlin (reported by a participant to Azattyq).",
        AZATTYQ_20_FEB,
    ),
]

# Reports left out, and why (listed in SOURCES.md).
ACTIONS_LEFT_OUT = [
    (
        "Kyiv, 6 January: rally at the embassy",
        "only a re-publication (Focus.ua citing Censor.NET); the first list's source does not support it",
    ),
    (
        "London, 23 January: about ten people at the embassy",
        "only a re-publication (Ghall citing Azattyq); the first list cited an archive page",
    ),
    (
        "Moscow: the Kazakh cultural autonomy says calls to protest failed",
        "undated; only a re-publication (ria24.today)",
    ),
    (
        "Ankara, 2022: expert discussion of the January events",
        "only a re-publication (Vecher.kz citing Kazinform); the day is not known",
    ),
]


def build_diaspora() -> pd.DataFrame:
    rows, per_day = [], {}
    for action in ACTIONS:
        precision = {10: "day", 7: "month", 4: "year"}[len(action.date)]
        # The id carries the date as precise as it is known: A20220105-01, A202201-01.
        n = per_day[action.date] = per_day.get(action.date, 0) + 1
        urls = [action.source, *action.also]
        rows.append(
            {
                "action_id": f"A{action.date.replace('-', '')}-{n:02d}",
                "date": action.date,
                "end_date": "",
                "country": action.country,
                "city": action.city,
                "actor": action.actor,
                "actor_type": action.actor_type,
                "action_type": action.action_type,
                "platform": action.platform,
                "motivation": "",
                "barriers": "",
                "participants": action.participants,
                "reach": "",
                "description": action.description,
                "source_name": outlet_of(action.source).name,
                "source_url": action.source,
                "confidence": action.confidence,
                "date_precision": precision,
                "organiser_kind": action.organiser_kind,
                "other_source_urls": " ".join(urls[1:]),
            }
        )
    return pd.DataFrame(rows)


# --- reported figures -----------------------------------------------------------------------------


def figure_edits() -> dict[int, dict]:
    """Per row of reported-figures.csv (0-based): the fields of the contract it does not hold
    (qualifier, scope, body, status, precision) and corrections from the source review."""
    rosbalt = "https://www.rosbalt.ru/world/2022/01/05/1938434.html"
    return {
        0: dict(
            qualifier="exact",
            scope="security_forces",
            body="Interior Ministry",
            source=rosbalt,
            also=[
                "https://www.dziennikwschodni.pl/kraj-swiat/zamieszki-i-chaos-w-kazachstanie-sily-rzadowe-otworzyly-ogien-do-protestujacych,n,1000301266.html"
            ],
            quote="погибли восемь полицейских и солдат национальной гвардии, еще 317 силовиков"
            " пострадали. Такие сведения приводит МВД",
            note="Police officers and National Guard soldiers only (Rosbalt, 5 January 18:33,"
            " per the source review). Dziennik Wschodni attributes the same 8 to President Tokayev.",
        ),
        1: dict(
            date="2022-01",
            qualifier="more_than",
            scope="nationwide",
            body="President Tokayev (per Dziennik Wschodni)",
            note="Same statement as the 8 deaths; the article gives no day (5 January is inferred"
            " from context). Rosbalt gives 317 security personnel injured on 5 January.",
        ),
        2: dict(
            qualifier="exact",
            scope="almaty",
            place="Almaty",
            body="Almaty city commandant",
            note="Civilians injured on the night of 5 January. 120 vehicles burnt (same sentence).",
        ),
        3: dict(
            qualifier="exact",
            scope="security_forces",
            body="State media",
            note="Security officers only; 353 wounded (same report). Thursday = 6 January.",
        ),
        4: dict(
            qualifier="exact",
            scope="other",
            body="Interior Ministry",
            also=[TASS_7_JAN],
            note="'Armed criminals' (protesters) killed only: not a death toll. Not independently"
            " verified (rbb24); 26 injured. TASS gives the same 26 from the Interior Ministry.",
        ),
        5: dict(
            qualifier="exact",
            scope="security_forces",
            body="Interior Ministry",
            note="Police officers only; more than 700 injured (same report).",
        ),
        6: dict(
            qualifier="more_than",
            scope="nationwide",
            body="Interior Ministry",
            also=[TASS_7_JAN],
            note="TASS gives 3,811 detained (Interior Ministry); EFE 'more than 3,000'. Gazeta.pl"
            " gives the same 26 killed / 3,800+ detained.",
        ),
        7: dict(
            qualifier="about",
            scope="nationwide",
            body="President's office",
            source="https://www.fairfieldcitizenonline.com/news/article/Kazakhstan-says-5-800-detained-in-week-of-protests-16760713.php",
            also=["https://michigan-post.com/nearly-6000-detained-amid-unrest-in-kazakhstan/"],
            quote="The office of Kazakhstan's president said Sunday that about 5,800 people were"
            " detained by police during protests",
            note="Michigan Post (a re-publication) has 'at least 5,800 … government officials"
            " said on Sunday' and more than 2,000 injured.",
        ),
        8: dict(qualifier="exact", scope="nationwide", body="Interior Ministry"),
        9: dict(
            qualifier="exact",
            scope="nationwide",
            status="retracted",
            body="Health Ministry (as published on a government Telegram channel)",
            note="Published on 9 January, then withdrawn as a 'technical error' (next row); the"
            " Health Ministry said it gave no such figure. Also repeated by Irozhlas and Civil.ge.",
        ),
        10: dict(
            qualifier="exact",
            scope="nationwide",
            status="retracted",
            body="Information Ministry",
            source="https://tass.ru/mezhdunarodnaya-panorama/13383263",
            also=["https://rbc.ru/rbcfreenews/61dae0569a7947664d2c3176"],
            quote="Министерство информации и общественного развития Казахстана опровергло ранее"
            ' обнародованные на телеканале "Хабар-24" данные о 164 погибших',
            note="The withdrawal of the 164 as a 'technical error'. The day is not confirmed: the"
            " source review dates the TASS item 10 January, other reports say Sunday 9 January."
            " The Information Ministry owns the Telegram channel that published it.",
        ),
        11: dict(
            qualifier="exact",
            scope="almaty",
            place="Almaty",
            status="retracted",
            body="Health Ministry (as published on a government Telegram channel)",
            also=["https://rbc.ru/rbcfreenews/61dae0569a7947664d2c3176"],
            note="Almaty's share of the retracted 164 (published on 9 January per the source"
            " review): 103 dead including two children.",
        ),
        12: dict(
            qualifier="exact",
            scope="nationwide",
            status="retracted",
            body="Health Ministry (as published on a government Telegram channel)",
            also=["https://rbc.ru/rbcfreenews/61dae0569a7947664d2c3176"],
            note="From the same publication as the retracted 164: 83 in a serious condition, 719"
            " in hospital.",
        ),
        13: dict(
            qualifier="exact",
            scope="nationwide",
            body="Interior Ministry",
            also=[
                "https://nationalpost.com/pmn/news-pmn/crime-pmn/kazakhstan-detains-7939-people-over-unrest",
                "https://kz.kursiv.media/ru/2022-01-10/v-kazakhstane-zaderzhali-pochti-8-tys-chelovek",
            ],
        ),
        14: dict(
            qualifier="about",
            scope="nationwide",
            body="Interior Ministry",
            note="'Almost 10 thousand'; the day is not given (mid-January).",
        ),
        15: dict(
            qualifier="about",
            scope="other",
            place="Almaty",
            body="Almaty authorities",
            also=[
                "https://www.24hod.sk/v-kazachstane-skoncilo-v-putach-uz-priblizne-12-tisic-osob-za-poslednych-24-hodin-zadrzali-1678-ludi-cl765906.html"
            ],
            note="Scope unclear: reported by the authorities in Almaty, without saying whether the"
            " total is Almaty's or the country's. 1,678 more in the past 24 hours.",
        ),
        16: dict(
            qualifier="exact",
            scope="nationwide",
            status="revised",
            body="Prosecutor General's Office (Serik Shalabayev)",
            also=[
                "https://www.click2houston.com/news/world/2022/01/15/kazakhstan-raises-death-toll-to-225-in-days-of-protests",
                "https://ua.interfax.com.ua/news/general/791779.html",
                "https://m.zerkalo.az/v-kazahstane-zhertvami-besporyadkov-stali-225-chelovek/",
            ],
            note="Including 19 security personnel, civilians and 'armed bandits' (no breakdown)."
            " The earlier acknowledged toll was under 50; the 164 had been retracted (AFP).",
        ),
        17: dict(
            qualifier="exact",
            scope="other",
            body="Health Ministry (Asel Artakshinova)",
            note="Of the 225: those who died in medical facilities (a subset, not a toll).",
        ),
        18: dict(
            qualifier="exact",
            scope="nationwide",
            body="Prosecutor General's Office",
            note="Including 3,393 security personnel; 4,578 victims in all (same report).",
        ),
        19: dict(
            kind="arrests",
            qualifier="exact",
            scope="nationwide",
            body="Prosecutor General's Office (Serik Shalabayev)",
            confidence="unconfirmed",
            note="Formal arrests (in custody), distinct from the 8,000–12,000 detentions; 546"
            " criminal cases, 44 of them for terrorism. Seen only in a copy.",
        ),
        20: dict(
            qualifier="exact",
            scope="nationwide",
            body="Authorities (as recalled by AFP)",
            note="44 = 26 'armed criminals' + 18 security officers, the two Interior Ministry"
            " counts of 7 January (rows of that day): AFP, 15 January, 'previously acknowledged"
            " fewer than 50 fatalities'. The sum is AFP's breakdown added up, not a count of its own.",
        ),
        21: dict(
            qualifier="exact",
            scope="nationwide",
            status="revised",
            body="Health Minister Azhar Giniyat",
            source="https://www.inform.kz/ru/novye-dannye-o-postradavshih-i-pogibshih-vo-vremya-chp-ozvuchila-glava-minzdrava_a3887556",
            also=[
                "http://belta.by/world/view/v-kazahstane-kolichestvo-pogibshih-v-rezultate-besporjadkov-uvelichilos-do-227-480057-2022"
            ],
            note="The 225 plus two hospital deaths; 177 died in hospitals. Kazinform's report of"
            " the minister's briefing; the quote is from BELTA's copy of it.",
        ),
        22: dict(
            qualifier="exact",
            scope="nationwide",
            status="revised",
            body="Prosecutor General Berik Asylov (Mazhilis)",
            also=[
                "https://sputniknews.com/20220314/january-riots-in-kazakhstan-resulted-in-death-of-230-people---prosecutor-general-1093845137.html",
                "https://tass.com/world/1421573",
            ],
            note="Including 19 army servicemen and law-enforcement officers; 86 assailants, 53"
            " circumstances being established (Almaty), 20 civilians caught in crossfire.",
        ),
        23: dict(
            qualifier="exact",
            scope="almaty",
            place="Almaty",
            body="Prosecutor General Berik Asylov (Mazhilis)",
            note="Of the 230.",
        ),
        24: dict(
            qualifier="about",
            scope="security_forces",
            body="Prosecutor General Berik Asylov (Mazhilis)",
            note="Law-enforcement officers only, 80% of all injured.",
        ),
        25: dict(
            qualifier="exact",
            scope="nationwide",
            status="revised",
            body="Ombudswoman Elvira Azimova (parliament session)",
            note="Including people who died in police custody. The Prosecutor General gave 230"
            " the same day; officials had said 227 before (RFE/RL).",
        ),
        26: dict(
            date="",
            precision="unknown",
            qualifier="exact",
            scope="nationwide",
            body="CABAR.asia (analysis)",
            note="232 died from shootings and six from torture in police custody. Undated: the"
            " article discusses the memorial opened on 23 December 2022, so it is later than that.",
        ),
        27: dict(
            date="",
            precision="unknown",
            qualifier="exact",
            scope="almaty",
            place="Almaty",
            body="Prosecutor General Berik Asylov (Mazhilis)",
            confidence="unconfirmed",
            note="Date not confirmed (a parallel excerpt speaks of 'January of last year',"
            " probably 2023). Same text: 238 in all, 41 previously convicted; Kyzylorda 26,"
            " Shymkent 20, Taraz 17. Seen only in a copy citing egemen.kz.",
        ),
        28: dict(
            scope="nationwide",
            body="Official sources (retrospective)",
            note="'As many as 9,900'; anniversary piece.",
        ),
        29: dict(
            qualifier="exact",
            scope="region",
            place="Almaty Region",
            body="Almaty Region authorities",
            note="Almaty Region (the oblast), not the city; including five security personnel."
            " The same text gives about 2,000 detained. The day is not shown.",
        ),
    }


# Figures not in reported-figures.csv: from the source review's quotes, and from a page found by
# search.
EXTRA_FIGURES = [
    dict(
        date="2022-01-06",
        kind="detentions",
        value="2000",
        qualifier="about",
        scope="almaty",
        place="Almaty",
        body="Interior Ministry",
        status="reported",
        source="https://smotrim.ru/article/2660842",
        quote="как сообщили в МВД Казахстана, задержаны около 2 тысяч человек",
        note="Police raids in Almaty on 6 January (quote as given by the source review).",
    ),
    dict(
        date="2022-01-11",
        kind="detentions",
        value="9900",
        qualifier="exact",
        scope="nationwide",
        body="Interior Ministry",
        status="reported",
        source="https://news.cgtn.com/news/2022-01-13/CSTO-troops-returning-security-duties-to-Kazakh-forces-16MUMdPHIti/index.html",
        also=[
            "https://ukrainetoday.org/2022/01/11/kazakh-president-announces-csto-troop-withdrawal-appoints-new-pm/"
        ],
        note="Given on Tuesday 11 January (CGTN of 13 January, with input from Reuters); RFE/RL"
        " reported the same (copy at Ukraine Today).",
    ),
]


def build_figures() -> pd.DataFrame:
    raw = read("reported-figures.csv")
    edits = figure_edits()
    specs = []
    for i, item in enumerate(raw.itertuples()):
        edit = edits[i]
        specs.append(
            {
                "date": edit.get("date", item.date_reported),
                "kind": edit.get("kind", item.kind),
                "value": item.value,
                "status": edit.get("status", "reported"),
                "source": edit.get("source", item.source_url),
                "quote": edit.get("quote", item.quote),
                "note": edit.get("note", item.note),
                **{
                    k: v
                    for k, v in edit.items()
                    if k not in ("date", "kind", "status", "source", "quote", "note")
                },
            }
        )
    specs += EXTRA_FIGURES
    rows = []
    for n, spec in enumerate(specs, start=1):
        precision = spec.get("precision") or {10: "day", 7: "month", 4: "year"}[len(spec["date"])]
        urls = [spec["source"], *spec.get("also", [])]
        rows.append(
            {
                "figure_id": f"F{n:03d}",
                "date_reported": spec["date"],
                "date_precision": precision,
                "kind": spec["kind"],
                "value": spec["value"],
                "qualifier": spec.get("qualifier", ""),
                "scope": spec["scope"],
                "place": spec.get("place", ""),
                "reporting_body": spec["body"],
                "status": spec["status"],
                "source_name": outlet_of(spec["source"]).name,
                "source_url": spec["source"],
                "other_source_urls": " ".join(urls[1:]),
                "quote": spec.get("quote", ""),
                "note": spec.get("note", ""),
                "confidence": spec.get("confidence", "confirmed"),
            }
        )
    return pd.DataFrame(rows)


# --- sources --------------------------------------------------------------------------------------


def build_sources(*frames: pd.DataFrame) -> pd.DataFrame:
    """Every page the datasets cite, in the order first cited, with a stable id from its URL."""
    urls: list[str] = []
    for frame in frames:
        for main, others in zip(frame["source_url"], frame["other_source_urls"], strict=True):
            urls += [main, *others.split()]
    rows = []
    for url in dict.fromkeys(urls):
        outlet = outlet_of(url)
        rows.append(
            {
                "source_id": "S-" + _slug(url),
                "outlet": outlet.name,
                "url": url,
                "kind": outlet.kind,
                "language": outlet.language,
                "accessed": "",
                "note": "found by search of stored public pages" if url in FOUND_BY_SEARCH else "",
            }
        )
    frame = pd.DataFrame(rows).sort_values(["outlet", "url"]).reset_index(drop=True)
    assert frame["source_id"].is_unique
    return frame


def _slug(url: str) -> str:
    """A short stable id: the host's main name and a hash of the whole URL."""
    import hashlib

    host = (urlparse(url).hostname or "").removeprefix("www.").split(".")[0]
    return f"{host}-{hashlib.sha256(url.encode()).hexdigest()[:8]}"


def sources_markdown(sources: pd.DataFrame, cited: dict[str, pd.Series]) -> str:
    """SOURCES.md: how the pages are classed, counts, every page, and what was left out."""
    kinds = sources["kind"].value_counts()
    lines = [
        "# Sources of the bundled facts",
        "",
        "Generated by `scripts/build_reference_data.py` from `sources.csv`; do not edit by hand.",
        "",
        "Every event, diaspora action and reported figure cites its page by `source_url`, which is"
        " a row of `sources.csv`; further pages are in `other_source_urls`. A page is **primary**"
        " when it is the body itself or the outlet's own report, including a licensed copy of a"
        " news agency's story that names the agency (the outlet then reads 'AP (wire copy at"
        " …)'); it is a **re-publication** when it copies, translates or rewrites another outlet's"
        " report. A row whose only page is a re-publication is marked `unconfirmed`, or left out"
        " (actions and events). Access dates were not recorded by the compilation; `accessed` is"
        " blank.",
        "",
        f"{len(sources)} pages: {kinds.get(PRIMARY, 0)} primary, {kinds.get(COPY, 0)}"
        " re-publications.",
        "",
        "| dataset | rows | cite a primary page first | marked unconfirmed |",
        "| --- | --- | --- | --- |",
    ]
    kind_of = dict(zip(sources["url"], sources["kind"], strict=True))
    for name, frame in cited.items():
        primary = sum(kind_of[u] == PRIMARY for u in frame["source_url"])
        unconfirmed = int((frame["confidence"] == "unconfirmed").sum())
        lines.append(f"| {name} | {len(frame)} | {primary} | {unconfirmed} |")
    lines += [
        "",
        "## Pages",
        "",
        "| id | outlet | kind | language | page |",
        "| --- | --- | --- | --- | --- |",
    ]
    for row in sources.itertuples():
        lines.append(
            f"| {row.source_id} | {row.outlet} | {row.kind} | {row.language} | <{row.url}> |"
        )
    lines += ["", "## Reports left out", ""]
    for what, why in ACTIONS_LEFT_OUT:
        lines.append(f"- {what}: {why}.")
    lines.append(
        "- 3 January, Aktau: police cordon protesters: unsupported (only copies found, no KazTAG"
        " or other primary page)."
    )
    return "\n".join(lines) + "\n"


def main() -> None:
    events, diaspora, figures = build_events(), build_diaspora(), build_figures()
    text = reference_text()
    for name, frame in (
        ("events", events),
        ("diaspora_actions", diaspora),
        ("reported_figures", figures),
    ):
        for main_url, others in zip(frame["source_url"], frame["other_source_urls"], strict=True):
            for url in [main_url, *others.split()]:
                if not in_references(url, text):
                    raise SystemExit(
                        f"{name}: {url} is in no reference file and not found by search"
                    )
    sources = build_sources(events, diaspora, figures)
    for name, frame in (
        ("events", events),
        ("diaspora_actions", diaspora),
        ("reported_figures", figures),
        ("sources", sources),
    ):
        path = DATA / f"{name}.csv"
        frame.to_csv(path, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        print(f"{path.relative_to(ROOT)}: {len(frame)} rows")
    text = sources_markdown(
        sources, {"events": events, "diaspora_actions": diaspora, "reported_figures": figures}
    )
    (DATA / "SOURCES.md").write_text(text, encoding="utf-8")
    print("data/SOURCES.md")


if __name__ == "__main__":
    main()
