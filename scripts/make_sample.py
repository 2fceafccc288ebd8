"""Generate the ILLUSTRATIVE SAMPLE of interview data: data/respondents.sample.csv and
data/interview_codes.sample.csv.

The study's interviews are not public. These rows are invented by this script so that the dashboard
can be shown and tested; no row is a real person or a real quote. The shape follows the study's
published findings (IEP Berlin, "The impact of COVID-19 pandemic on civic activism in Kazakhstan",
2022): pre-existing problems — funding, staff burnout, poor communication with the state — grow
during the pandemic; public-health restrictions hinder work even in NGO-dense Almaty, Nur-Sultan
(Astana) and Shymkent; the pandemic also acts as a catalyst (more engagement, NGO cooperation, a more
positive public perception); digital tools carry the work online. The probabilities below are
illustrative choices, not measured values.

The output is deterministic (fixed seed): running the script again gives byte-identical files.

Run: python scripts/make_sample.py
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = 2021

# City as a respondent would have named it in autumn 2021 (the capital was then Nur-Sultan), and
# how many sample respondents come from it. NGO-dense cities get more.
CITIES = [
    ("Almaty", 8),
    ("Nur-Sultan", 7),
    ("Shymkent", 5),
    ("Karaganda", 3),
    ("Aktobe", 3),
    ("Ust-Kamenogorsk", 2),
    ("Semey", 2),
    ("Pavlodar", 2),
    ("Uralsk", 2),
    ("Kyzylorda", 2),
    ("Taraz", 2),
    ("Atyrau", 1),
    ("Kostanay", 1),
]
ORG_TYPES = {
    "ngo": 50,
    "informal_initiative": 15,
    "individual_activist": 15,
    "foundation": 10,
    "media": 10,
}
FOCUS = [
    "human_rights",
    "environment",
    "social_services",
    "gender",
    "youth",
    "health",
    "education",
    "urban",
]
GENDERS = {"female": 60, "male": 35, "undisclosed": 5}
AGES = {"18-29": 25, "30-44": 45, "45-59": 22, "60+": 8}
MODES = {"online": 60, "in_person": 30, "phone": 10}
LANGUAGES = {"ru": 60, "kk": 20, "en": 20}

# Probability that a respondent's interview touches a code in a period (illustrative).
PATTERN: dict[str, dict[str, dict[str, float]]] = {
    "challenge": {
        "before_pandemic": {
            "funding_shortage": 0.35,
            "government_communication": 0.25,
            "repression_pressure": 0.25,
            "no_state_support": 0.25,
            "staff_burnout": 0.15,
        },
        "during_pandemic": {
            "public_health_restrictions": 0.7,
            "funding_shortage": 0.6,
            "staff_burnout": 0.5,
            "government_communication": 0.5,
            "no_state_support": 0.4,
            "repression_pressure": 0.3,
            "digital_divide": 0.3,
            "volunteer_decline": 0.25,
        },
        "after_pandemic": {
            "funding_shortage": 0.45,
            "staff_burnout": 0.35,
            "government_communication": 0.35,
            "repression_pressure": 0.3,
        },
    },
    "adaptation": {
        "during_pandemic": {
            "moved_online": 0.65,
            "ngo_cooperation": 0.45,
            "pandemic_relief": 0.4,
            "online_fundraising": 0.25,
            "new_audiences": 0.2,
        }
    },
    "digital_tool": {
        "during_pandemic": {
            "whatsapp": 0.6,
            "zoom": 0.5,
            "instagram": 0.45,
            "telegram": 0.4,
            "facebook": 0.3,
            "youtube": 0.15,
            "google_workspace": 0.15,
        }
    },
    "cooperation": {
        "during_pandemic": {
            "ngo_network": 0.4,
            "international_donor": 0.3,
            "business_partnership": 0.2,
            "local_government": 0.15,
        }
    },
    "perception": {
        "after_pandemic": {
            "catalyst_for_engagement": 0.4,
            "positive_public_perception": 0.35,
            "distrust_of_state": 0.3,
        }
    },
}

# One invented sentence per code and language; a sample excerpt is one of these.
TEMPLATES: dict[str, dict[str, str]] = {
    "funding_shortage": {
        "ru": "Гранты сократились, и нам пришлось свернуть два проекта.",
        "kk": "Гранттар азайып, екі жобаны тоқтатуға тура келді.",
        "en": "Grants shrank and we had to close two projects.",
    },
    "staff_burnout": {
        "ru": "Люди работали без выходных, к концу года половина команды выгорела.",
        "kk": "Адамдар демалыссыз жұмыс істеді, жыл соңында команданың жартысы шаршап кетті.",
        "en": "People worked without days off; by the end of the year half the team was burnt out.",
    },
    "government_communication": {
        "ru": "Мы писали в акимат, но ответа так и не получили.",
        "kk": "Әкімдікке хат жаздық, бірақ жауап алмадық.",
        "en": "We wrote to the akimat and never got an answer.",
    },
    "repression_pressure": {
        "ru": "После публикации нас вызвали на «беседу», и часть волонтёров ушла.",
        "kk": "Жарияланымнан кейін бізді «әңгімеге» шақырды, кейбір еріктілер кетті.",
        "en": 'After we published, we were called in for a "chat", and some volunteers left.',
    },
    "public_health_restrictions": {
        "ru": "Во время карантина блокпосты не пропускали нас к подопечным.",
        "kk": "Карантин кезінде бекеттер бізді қамқорлықтағы адамдарға өткізбеді.",
        "en": "During the lockdown checkpoints kept us from reaching the people we support.",
    },
    "no_state_support": {
        "ru": "Государство на НКО просто не рассчитывает.",
        "kk": "Мемлекет ҮЕҰ-ға мүлде сүйенбейді.",
        "en": "The state simply does not count on NGOs.",
    },
    "digital_divide": {
        "ru": "В сёлах у многих нет интернета, онлайн-занятия до них не доходят.",
        "kk": "Ауылдарда көп адамның интернеті жоқ, онлайн сабақтар жетпейді.",
        "en": "Many villagers have no internet, so online sessions never reach them.",
    },
    "volunteer_decline": {
        "ru": "Волонтёров стало в разы меньше: люди боялись заразиться.",
        "kk": "Еріктілер әлдеқайда азайды: адамдар жұқтырып алудан қорықты.",
        "en": "We had far fewer volunteers: people were afraid of getting infected.",
    },
    "moved_online": {
        "ru": "Все тренинги мы перевели в онлайн за две недели.",
        "kk": "Барлық тренингтерді екі аптада онлайнға көшірдік.",
        "en": "We moved all our trainings online within two weeks.",
    },
    "ngo_cooperation": {
        "ru": "Впервые несколько организаций города собрали общий штаб помощи.",
        "kk": "Қаладағы бірнеше ұйым алғаш рет ортақ көмек штабын құрды.",
        "en": "For the first time several organisations in the city set up a joint relief hub.",
    },
    "pandemic_relief": {
        "ru": "Мы развозили продукты и лекарства пожилым людям.",
        "kk": "Қарт адамдарға азық-түлік пен дәрі жеткіздік.",
        "en": "We delivered food and medicine to elderly people.",
    },
    "online_fundraising": {
        "ru": "Сбор через соцсети закрыли за три дня.",
        "kk": "Әлеуметтік желі арқылы жинауды үш күнде жаптық.",
        "en": "We closed a fundraiser on social media in three days.",
    },
    "new_audiences": {
        "ru": "Онлайн к нам стали приходить люди из других регионов.",
        "kk": "Онлайн бізге басқа өңірлерден адамдар келе бастады.",
        "en": "Online, people from other regions started to join us.",
    },
    "whatsapp": {
        "ru": "Вся координация шла через группы в WhatsApp.",
        "kk": "Барлық үйлестіру WhatsApp топтары арқылы жүрді.",
        "en": "All coordination ran through WhatsApp groups.",
    },
    "telegram": {
        "ru": "Telegram-канал стал нашим главным источником новостей для подписчиков.",
        "kk": "Telegram арнасы жазылушыларымызға негізгі жаңалық көзі болды.",
        "en": "Our Telegram channel became the main news source for our followers.",
    },
    "instagram": {
        "ru": "Через Instagram мы находили тех, кому нужна помощь.",
        "kk": "Instagram арқылы көмекке мұқтаж адамдарды таптық.",
        "en": "We found people who needed help through Instagram.",
    },
    "facebook": {
        "ru": "В Facebook мы публиковали отчёты для доноров.",
        "kk": "Facebook-та донорларға есептер жарияладық.",
        "en": "We posted reports for donors on Facebook.",
    },
    "zoom": {
        "ru": "Встречи с партнёрами перешли в Zoom и там и остались.",
        "kk": "Серіктестермен кездесулер Zoom-ға көшіп, сонда қалды.",
        "en": "Meetings with partners moved to Zoom and stayed there.",
    },
    "youtube": {
        "ru": "Записи вебинаров мы выкладывали на YouTube.",
        "kk": "Вебинар жазбаларын YouTube-қа салдық.",
        "en": "We uploaded webinar recordings to YouTube.",
    },
    "google_workspace": {
        "ru": "Общие таблицы Google помогали вести учёт заявок.",
        "kk": "Google ортақ кестелері өтінімдерді есепке алуға көмектесті.",
        "en": "Shared Google sheets helped us keep track of requests.",
    },
    "ngo_network": {
        "ru": "Сеть НКО делилась контактами врачей и юристов.",
        "kk": "ҮЕҰ желісі дәрігерлер мен заңгерлердің байланыстарымен бөлісті.",
        "en": "The NGO network shared contacts of doctors and lawyers.",
    },
    "business_partnership": {
        "ru": "Местный бизнес дал нам машины для доставки.",
        "kk": "Жергілікті бизнес жеткізуге көлік берді.",
        "en": "Local businesses lent us cars for deliveries.",
    },
    "local_government": {
        "ru": "С районным акиматом удалось договориться о пропусках.",
        "kk": "Аудандық әкімдікпен рұқсатнама туралы келісе алдық.",
        "en": "We managed to agree on passes with the district akimat.",
    },
    "international_donor": {
        "ru": "Международный донор разрешил перенаправить грант на помощь в пандемию.",
        "kk": "Халықаралық донор грантты пандемиядағы көмекке бағыттауға рұқсат берді.",
        "en": "An international donor let us redirect a grant to pandemic relief.",
    },
    "positive_public_perception": {
        "ru": "Люди увидели, что активисты реально помогают, отношение изменилось.",
        "kk": "Адамдар белсенділердің шынымен көмектесетінін көрді, көзқарас өзгерді.",
        "en": "People saw that activists really help, and attitudes changed.",
    },
    "catalyst_for_engagement": {
        "ru": "Пандемия, как ни странно, сплотила людей вокруг общих дел.",
        "kk": "Пандемия, қанша таң болса да, адамдарды ортақ іске біріктірді.",
        "en": "Strangely enough, the pandemic brought people together around common causes.",
    },
    "distrust_of_state": {
        "ru": "Официальной статистике по заболевшим у нас мало кто верил.",
        "kk": "Ауырғандар туралы ресми статистикаға біздің жақта аз адам сенді.",
        "en": "Few people here believed the official case numbers.",
    },
}


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def make_respondents(rng: random.Random) -> list[dict[str, str]]:
    rows = []
    n = 0
    for city, count in CITIES:
        for _ in range(count):
            n += 1
            org_type = _pick(rng, ORG_TYPES)
            day = dt.date(2021, 9, 1) + dt.timedelta(days=rng.randrange(0, 120))
            rows.append(
                {
                    "respondent_id": f"R{n:02d}",
                    "city": city,
                    "region": "",
                    "org_type": org_type,
                    "focus_area": ";".join(sorted(rng.sample(FOCUS, rng.choice((1, 1, 2))))),
                    "gender": _pick(rng, GENDERS),
                    "age_group": _pick(rng, AGES),
                    "interview_date": day.strftime("%d.%m.%Y"),
                    "interview_mode": _pick(rng, MODES),
                }
            )
    return rows


def make_codes(rng: random.Random, respondents: list[dict[str, str]]) -> list[dict[str, str]]:
    rows = []
    for person in respondents:
        for theme, periods in PATTERN.items():
            for period, codes in periods.items():
                for code, probability in codes.items():
                    if person["org_type"] == "individual_activist" and code == "staff_burnout":
                        probability /= 2  # no staff to burn out, mostly
                    if rng.random() >= probability:
                        continue
                    language = _pick(rng, LANGUAGES)
                    rows.append(
                        {
                            "respondent_id": person["respondent_id"],
                            "theme": theme,
                            "code": code,
                            "period": period,
                            "excerpt": TEMPLATES[code][language],
                            "language": language,
                            "intensity": str(rng.choice((1, 2, 2, 3))),
                        }
                    )
    return rows


def write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{path}: {len(rows)} rows")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=ROOT / "data", help="folder to write to (default: data/)"
    )
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    respondents = make_respondents(rng)
    write(out / "respondents.sample.csv", respondents)
    write(out / "interview_codes.sample.csv", make_codes(rng, respondents))


if __name__ == "__main__":
    main()
