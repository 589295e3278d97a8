"""Deterministic synthetic press releases for sharding tests and ingest benchmarks.

Why synthetic: the shipped corpus is one document, which cannot exercise shards or
measure throughput. These releases use the wire-release header the loader understands and
share vocabulary with the shipped UNODC release (agencies, ministries, crime topics), so
cross-shard candidates really compete with the right passage and BM25 statistics differ
from shard to shard — which is what an exact merge has to get right.
"""

from __future__ import annotations

import random
from pathlib import Path

AGENCIES = ["UNODC", "UNDP", "WHO", "UNICEF", "INTERPOL", "the Ministry of Foreign Affairs", "the Korea Customs Service",
            "the Ministry of Justice", "Europol", "the World Bank", "the Asian Development Bank", "UNHCR"]
CITIES = ["Vienna", "Seoul", "Bangkok", "Nairobi", "Geneva", "Busan", "Jakarta", "Lima", "Dakar", "Manila"]
TOPICS = ["drug trafficking", "cybercrime", "maritime security", "anti-corruption", "human trafficking",
          "money laundering", "border management", "crime prevention", "public health", "climate finance"]
PEOPLE = ["Ms. Ana Ortiz", "Mr. Kim Jae-won", "Dr. Amina Diallo", "Mr. Lars Nilsson", "Ms. Priya Raman",
          "Mr. Tomas Novak", "Ms. Yuki Sato", "Dr. Omar Haddad", "Ms. Elena Petrova", "Mr. David Mensah"]
VERBS = ["signed", "launched", "reviewed", "announced", "hosted", "concluded", "expanded", "endorsed"]
THINGS = ["a memorandum of understanding", "a joint training programme", "a regional strategy", "a technical workshop",
          "a funding agreement", "an expert group meeting", "a capacity-building project", "a policy dialogue"]


def press_release(rng: random.Random, number: int) -> str:
    """One release: publisher, dated header, headline, four to seven paragraphs, wire footer."""
    agency, partner = rng.sample(AGENCIES, 2)
    city, topic, person = rng.choice(CITIES), rng.choice(TOPICS), rng.choice(PEOPLE)
    year, month, day = 2020 + number % 6, 1 + number % 12, 1 + number % 28
    headline = f"{agency} and {partner} {rng.choice(VERBS)} {rng.choice(THINGS)} on {topic} in {city}"
    paragraphs = [(f"{city}, {day} {['January', 'March', 'May', 'July', 'September', 'November'][month % 6]} "
                   f"{year} - {agency} and {partner} today {rng.choice(VERBS)} {rng.choice(THINGS)} on {topic}, "
                   f"release number {number}.")]
    for _ in range(rng.randint(4, 7)):
        other = rng.choice(PEOPLE)
        paragraphs.append(
            f"{other}, speaking for {rng.choice(AGENCIES)}, said the work on {rng.choice(TOPICS)} would reach "
            f"{rng.randint(3, 90)} countries and {rng.randint(100, 9000)} officials by {year + rng.randint(1, 4)}. "
            f"The {rng.choice(THINGS)} in {rng.choice(CITIES)} {rng.choice(VERBS)} a budget of "
            f"{rng.randint(2, 400)} million dollars, and {person} noted that {topic} remains a shared priority. "
            f"Participants {rng.choice(VERBS)} {rng.choice(THINGS)} and agreed to meet again in "
            f"{rng.choice(CITIES)} to follow up on {rng.choice(TOPICS)} and {rng.choice(TOPICS)}.")
    return (f"{agency}\n{month:02d}/{day:02d}/{year} | Press Release | {topic.title()}\n{headline}\n\n"
            + "\n\n".join(paragraphs)
            + f"\n\n{agency} published this content on January {day}, {year}. Distributed via Synthetic Wire, "
              f"https://example.org/releases/{number}\n")


def write_press_releases(folder: Path, count: int, seed: int = 7, prefix: str = "press") -> list[Path]:
    """Write ``count`` releases as ``<prefix>-NNNNN.txt`` (same seed, same files, on every machine)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for number in range(count):
        path = folder / f"{prefix}-{number:05d}.txt"
        path.write_text(press_release(rng, number), encoding="utf-8")
        paths.append(path)
    return paths
