"""Deterministic press-release generator: realistic text to ingest, and questions about it.

Why generated text: the benchmark needs corpora of 1k to 1M chunks whose length, sentence
structure, vocabulary (publishers, dates, people, agencies, numbers) and entity density
resemble the wire-distributed releases the assistant is built for, without shipping data.

Document ``i`` depends only on ``(seed, i)``, so the 1k corpus is a prefix of the 10k one
and every run sees the same text. Each document states a few facts (who chaired an event,
where and when it was held, how much was committed); :func:`questions_for` turns them into
natural questions, so the readers do their real work on answerable questions.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

PUBLISHERS = (
    "Ministry of Foreign Affairs of the Republic of Korea", "Ministry of Economy and Finance",
    "Department of Energy", "European Commission", "Ministry of Health and Welfare",
    "Federal Ministry for Economic Affairs", "Ministry of Trade, Industry and Energy",
    "Department of Agriculture", "Ministry of Environment", "Ministry of Land, Infrastructure and Transport",
    "Ministry of Justice", "National Police Agency", "Ministry of Science and ICT", "Port Authority of Busan",
    "Ministry of Oceans and Fisheries", "Department of Commerce", "Ministry of Education",
    "Food and Drug Administration", "Statistics Office", "Ministry of Defense",
)
AGENCIES = (
    "UNODC", "UNDP", "UNICEF", "the World Bank", "the OECD", "the IMF", "the WHO", "the IAEA", "ASEAN",
    "the African Union", "the Asian Development Bank", "the International Labour Organization", "UNESCO",
    "the World Food Programme", "the Green Climate Fund", "Interpol", "the European Investment Bank",
)
COUNTRIES = (
    "Korea", "Japan", "Viet Nam", "Indonesia", "Kenya", "Ghana", "Peru", "Chile", "Poland", "Norway",
    "Canada", "Mexico", "India", "Mongolia", "Uzbekistan", "Australia", "Brazil", "Egypt", "Morocco", "Thailand",
)
CITIES = (
    "Seoul", "Busan", "Vienna", "Geneva", "Nairobi", "Jakarta", "Hanoi", "Lima", "Warsaw", "Oslo", "Ottawa",
    "Bangkok", "New Delhi", "Ulaanbaatar", "Tashkent", "Canberra", "Brasilia", "Cairo", "Rabat", "Brussels",
)
FIRST = ("Lee", "Kim", "Park", "Anna", "Maria", "John", "David", "Sofia", "Ahmed", "Yuki", "Elena", "Tomas",
         "Grace", "Samuel", "Priya", "Lucas", "Amara", "Hiroshi", "Olga", "Carlos", "Fatima", "Jonas", "Mei")
LAST = ("Chul", "Min-jun", "Welsch", "Novak", "Okafor", "Tanaka", "Silva", "Haddad", "Kowalski", "Nguyen",
        "Sato", "Johansson", "Mensah", "Rossi", "Khan", "Moreau", "Fischer", "Andersen", "Ortiz", "Choi", "Ivanova")
TITLES = ("Director-General for International Organizations", "Deputy Minister for Trade",
          "Director of the Division for Policy Analysis", "Vice Minister", "Chief Economist",
          "Head of the Regional Office", "Ambassador for Climate Change", "Director of Public Affairs",
          "Commissioner for Energy", "Secretary-General", "Deputy Director for Planning")
TOPICS = ("transnational crime", "drug control", "renewable energy", "maritime safety", "digital trade",
          "public health", "food security", "climate adaptation", "supply-chain resilience", "cybersecurity",
          "anti-corruption", "vocational training", "nuclear safety", "water management", "critical minerals")
EVENTS = ("Strategic Dialogue", "Policy Consultation", "Joint Committee", "High-level Forum", "Working Group",
          "Ministerial Meeting", "Partnership Conference", "Expert Roundtable", "Steering Committee")
PROGRAMS = ("capacity-building programme", "grant scheme", "pilot project", "training initiative",
            "research fund", "loan facility", "technical assistance package", "scholarship programme")
VERBS = ("strengthen", "expand", "review", "accelerate", "coordinate", "support", "modernise", "monitor")
CATEGORIES = ("Press release", "Statement", "Announcement", "Speech", "Report")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
FILLER = (
    ("The two sides shared information on their respective activities on key issues, such as {t1} and {t2}, "
     "and jointly explored ways to further strengthen cooperation."),
    "Participants reviewed the progress of {n} ongoing projects and agreed to {v} the exchange of data on {t1}.",
    "According to the {pub}, the number of registered cases rose by {p} percent in {y}, reaching {n2}.",
    "{a} noted that {c} had committed {m} to {t1} programmes over the past {k} years.",
    "Representatives of {k} ministries and agencies, including {a}, attended the meeting in {city}.",
    "The {prog} will be implemented in {k} provinces and is expected to benefit about {n2} residents.",
    "Officials from {c} and {a} discussed future opportunities for collaboration on {t2}.",
    ("The meeting served as an opportunity to reaffirm the shared understanding that cooperation on {t1} "
     "is indispensable."),
    "In {y}, exports related to {t2} amounted to {m}, an increase of {p} percent on the previous year.",
    "A follow-up meeting of the {ev} is scheduled for {month} {y2} in {city2}.",
    "{name}, {title}, said the agreement would help {v} national capacities in {t1}.",
    "The government plans to hire {k}0 additional inspectors and to open {k} new regional offices by {y2}.",
)


@dataclass(frozen=True)
class Fact:
    """One question-answer pair stated verbatim in a generated document."""

    question: str
    answer: str


@dataclass(frozen=True)
class GeneratedDoc:
    """A generated release: file name, raw text, and the facts it states."""

    name: str
    text: str
    facts: tuple[Fact, ...]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(('Mr.', 'Ms.', 'Dr.'))} {rng.choice(FIRST)} {rng.choice(LAST)}"


def _money(rng: random.Random) -> str:
    return f"{rng.choice(('USD', 'EUR', 'KRW'))} {rng.randint(2, 950)}.{rng.randint(0, 9)} million"


def _filler(rng: random.Random, ctx: dict[str, str]) -> str:
    slots = {
        **ctx, "t1": rng.choice(TOPICS), "t2": rng.choice(TOPICS), "n": str(rng.randint(3, 60)),
        "n2": f"{rng.randint(1, 999):,}" + rng.choice((",000", "", ",500")), "p": f"{rng.randint(1, 60)}.{rng.randint(0, 9)}",
        "m": _money(rng), "k": str(rng.randint(2, 9)), "a": rng.choice(AGENCIES),
        "c": rng.choice(COUNTRIES), "v": rng.choice(VERBS), "prog": rng.choice(PROGRAMS),
        "city2": rng.choice(CITIES), "month": rng.choice(MONTHS), "name": _person(rng), "title": rng.choice(TITLES),
    }
    text = rng.choice(FILLER).format(**slots)
    return text[0].upper() + text[1:]


def generate_doc(seed: int, i: int, paragraphs: tuple[int, int] = (6, 10)) -> GeneratedDoc:
    """Release number ``i``: header, headline, fact paragraphs, filler paragraphs, wire footer."""
    rng = random.Random(seed * 1_000_003 + i)
    pub = rng.choice(PUBLISHERS)
    day = date(2024, 1, 1) + timedelta(days=rng.randint(0, 900))
    country, agency, city = rng.choice(COUNTRIES), rng.choice(AGENCIES), rng.choice(CITIES)
    event = f"{country}-{agency.replace('the ', '')} {rng.choice(TOPICS).title()} {rng.choice(EVENTS)} No. {i + 1}"
    chair1, chair2 = _person(rng), _person(rng)
    org2 = agency.replace("the ", "")
    title1, title2 = rng.choice(TITLES), rng.choice(TITLES)
    prog, money, years = rng.choice(PROGRAMS), _money(rng), rng.randint(2, 6)
    long_day = f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
    ctx = {"pub": pub, "y": str(day.year - 1), "y2": str(day.year + 1), "city": city, "ev": event}
    facts_par = [
        (f"The {pub} and {agency} held the {event} in {city} on {long_day}, the first meeting of its kind "
         f"between the two sides."),
        f"The meeting was co-chaired by {chair1}, {title1} at the {pub}, and {chair2}, {title2} at {org2}. "
        + " ".join(_filler(rng, ctx) for _ in range(2)),
        f"This year, the two sides will launch a {prog} worth {money} over {years} years to {rng.choice(VERBS)} "
        f"cooperation on {rng.choice(TOPICS)}. " + " ".join(_filler(rng, ctx) for _ in range(2)),
    ]
    body = [" ".join(_filler(rng, ctx) for _ in range(rng.randint(3, 6)))
            for _ in range(rng.randint(*paragraphs))]
    footer = (f"{pub} published this content on {long_day}, and is solely responsible for the information "
              f"contained herein. Distributed via Public Technologies (PUBT), unedited and unaltered, on "
              f"{long_day} at {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d} UTC.")
    header = f"{pub}\n\n{day:%m/%d/%Y} | {rng.choice(CATEGORIES)} | {rng.choice(TOPICS).title()}\n\n"
    headline = f"{event} Held in {city}: {rng.choice(VERBS).title()}ing Cooperation on {rng.choice(TOPICS).title()}"
    text = header + headline + "\n\n" + "\n\n".join([*facts_par, *body, footer]) + "\n"
    facts = (
        Fact(f"Who co-chaired the {event}?", f"{chair1}, {title1} at the {pub}, and {chair2}"),
        Fact(f"Where was the {event} held?", city),
        Fact(f"When was the {event} held?", long_day),
        Fact(f"How much will the {prog} launched after the {event} be worth?", money),
    )
    return GeneratedDoc(name=f"release-{i:07d}.txt", text=text, facts=facts)


def questions_for(seed: int, doc_ids: range | list[int], n: int) -> list[str]:
    """``n`` distinct questions about documents drawn (deterministically) from ``doc_ids``."""
    rng = random.Random(seed + 7)
    ids = list(doc_ids)
    out: list[str] = []
    seen: set[str] = set()
    attempts = 0
    while len(out) < n and attempts < 50 * n:
        attempts += 1
        doc = generate_doc(seed, rng.choice(ids))
        q = rng.choice(doc.facts).question
        if q not in seen:
            seen.add(q)
            out.append(q)
    return out
