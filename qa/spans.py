"""Span post-processing shared by every reader: complete cut names, pick a list's member.

Span models trained on little data often cut a name ("Drug Safety" for "the Ministry of Food
and Drug Safety"); a span that starts or ends inside a named entity is extended to the whole
entity (names only: people, organisations, places, events, works, laws, products, groups —
never dates or numbers, where a part can be the answer).

Lists are widened in ``qa.lists``. The converse is here: a question about *one* thing ("Which police organisation took part?") that got the list, or
the wrong member, is narrowed to the member its wh-phrase describes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.annotate import Mention, parse_sentence
from qa.lexical import tokenize
from qa.lists import HONORIFIC_BEFORE, HONORIFICS, coordinated_runs, people_runs, with_parentheticals
from qa.question import name_keys
from qa.text import sentence_of


def described_part(terms: frozenset[str], parts: Sequence[str]) -> int | None:
    """The index of the one part holding a term of ``terms`` that no other part holds, else None."""
    words = [set(tokenize(part)) for part in parts]
    distinctive = [(terms & w) - set().union(*(o for j, o in enumerate(words) if j != i)) for i, w in enumerate(words)]
    named = [i for i, d in enumerate(distinctive) if d]
    return named[0] if len(named) == 1 else None


def pick_described_member(text: str, start: int, end: int, terms: frozenset[str], pipeline: str) -> tuple[int, int]:
    """The one list member that the question's descriptors name, else the span unchanged.

    For a question about *one* thing ("Which police organisation took part?") a span model
    often returns the whole list of participants, or its first member. When the span lies in a
    list of names (see :func:`coordinated_runs`) and exactly one member's name holds a
    descriptor of the question (:func:`qa.question.descriptors`) that no other member holds,
    that member is the answer.
    """
    found = sentence_of(text, start, end) if terms else None
    if found is None:
        return start, end
    s, e = found
    sentence = text[s:e]
    entities = with_parentheticals(sentence, parse_sentence(sentence, pipeline).entities)
    rel_start, rel_end = start - s, end - s
    for run_start, run_end in coordinated_runs(sentence, entities):
        if not (run_start < rel_end and rel_start < run_end):
            continue
        members = [m for m in entities if run_start <= m.start and m.end <= run_end]
        named = described_part(terms, [sentence[m.start:m.end] for m in members])
        if named is None:
            return start, end
        return s + members[named].start, s + members[named].end
    return start, end


def pick_described_person(text: str, start: int, end: int, terms: frozenset[str], pipeline: str) -> tuple[int, int]:
    """The one person of a list of people whom the question's terms describe, else the span unchanged.

    Why: "Which FAO official co-chaired the meeting?", "Who moderated the session on
    anticipatory action?" ask for one of several people named together, each followed by
    their title or a clause ("Mr. A, Director of X, and Ms. B, who moderated …"); the
    reader returns them all, or the wrong one. Each person's part of the sentence runs to the
    next person; when exactly one part holds more of ``terms`` than any other (terms shared
    by every part do not count), that person, with their honorific, is the answer.
    """
    found = sentence_of(text, start, end) if terms else None
    if found is None:
        return start, end
    s, e = found
    sentence = text[s:e]
    entities = parse_sentence(sentence, pipeline).entities
    rel_start, rel_end = start - s, end - s
    for run_start, run_end in people_runs(sentence, entities):
        if not (run_start < rel_end and rel_start < run_end):
            continue
        if not re.search(r"\s(?:and|or)\s", sentence[run_start:run_end]):
            return start, end  # "Bohemond, Robert's son": an appositive, not a list of people
        people = [m for m in entities if m.label == "PERSON" and run_start <= m.start and m.end <= run_end]
        starts = [(h.start() if (h := HONORIFIC_BEFORE.search(sentence[:m.start])) else m.start) for m in people]
        stops = [*starts[1:], len(sentence)]
        defined = _DEFINED.findall(text)  # the document's acronyms, read once for every part
        parts = [set(tokenize(sentence[a:b])) | name_keys(sentence[a:b]) | _aliases(sentence[a:b], defined)
                 for a, b in zip(starts, stops, strict=True)]
        shared = set.intersection(*parts)
        scores = [len((terms & part) - shared) for part in parts]
        best = max(scores)
        if best == 0 or scores.count(best) != 1:
            return start, end
        i = scores.index(best)
        return s + starts[i], s + people[i].end
    return start, end


#: "the International Renewable Energy Agency (IRENA)": a name and the acronym the text defines for it.
_DEFINED = re.compile(r"([A-Z][\w'’&-]*(?:\s+(?:(?:of|for|on|and|de|&)\s+)?[A-Z][\w'’&-]*)*)\s+\(([A-Z][A-Za-z]{1,9})\)")


def _aliases(part: str, defined: list[tuple[str, str]]) -> set[str]:
    """Name keys of the other form of each name or acronym in ``part`` that the document defines
    (``defined``: its ``_DEFINED`` matches, name and acronym).

    Why: "Who represented IRENA as co-chair?" of "…, and Mr. Henrik Solberg, Deputy Director-
    General of the International Renewable Energy Agency": the release defines the acronym
    elsewhere ("the International Renewable Energy Agency (IRENA)"); the side is told apart only
    through that definition.
    """
    keys: set[str] = set()
    for name, acronym in defined:
        if name in part or re.search(rf"\b{re.escape(acronym)}\b", part):
            keys |= name_keys(f"{name} {acronym}")
    return keys


#: Entity labels whose parts are not answers on their own.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT",
                         "LANGUAGE"})


#: Amounts whose parts are not answers to "how much": "12.4 million" of "USD 12.4 million".
AMOUNT_LABELS = frozenset({"MONEY", "PERCENT"})


#: A last word no name ends on: "Statistician of", "the Bank and".
_DANGLING = re.compile(r"\s(?:of|and|the|for|at|in|on|to|&)$")


def complete_names(text: str, start: int, end: int, pipeline: str,
                   labels: frozenset[str] = NAME_LABELS) -> tuple[int, int]:
    """Extend a span that starts or ends inside a named entity (of ``labels``) to cover that entity.

    Called with ``AMOUNT_LABELS`` for "how much" questions: there the currency belongs to
    the amount ("USD 12.4 million", not "12.4 million"). An entity the tagger ends on a
    function word ("Statistician of" in "Chief Statistician of Barbados") is misread and not
    followed: the span would end in "of".
    """
    found = sentence_of(text, start, end)
    if found is None:
        return start, end
    s, e = found
    rel_start, rel_end = start - s, end - s
    sentence = text[s:e]
    for m in parse_sentence(sentence, pipeline).entities:
        if m.label not in labels or _DANGLING.search(sentence, m.start, m.end):
            continue
        if m.start < rel_start < m.end:
            rel_start = m.start
        if m.start < rel_end < m.end:
            rel_end = m.end
    return s + rel_start, s + rel_end


#: A name's part after "for" or "on": capitalised words, joined by "and", "of", "the" ("Asia and the Pacific").
BODY_PART = re.compile(r"(?:the )?[A-Z][\w'’-]*(?: (?:and|of|for|the|&) (?:the )?[A-Z][\w'’-]*| [A-Z][\w'’-]*)*")
_BODY_JOIN = re.compile(r" (for|on) (?:the )?")
NOT_A_BODY = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL"})


def complete_body_name(text: str, start: int, end: int, pipeline: str) -> tuple[int, int]:
    """A span on one side of a body's "for"/"on" → the body's whole name.

    Why: the tagger splits "the Regional Office for Asia and the Pacific" and "Joint Working
    Group on Search and Rescue" at the preposition, and the reader returns one side ("Search and
    Rescue" for "What new body did they agree to set up?"). A capitalised span right after "<ORG>
    for/on" takes the ORG; a span ending an ORG takes a capitalised "for/on …" after it. Never
    across a date or an amount ("Google for US$1.65 billion"), nor a place after "on" ("the
    Hospital on Funafuti"). Measured on 2,277 capitalised
    SQuAD 1.0 training golds: none changes.
    """
    found = sentence_of(text, start, end)
    if found is None:
        return start, end
    s, e = found
    sentence, rel_start, rel_end = text[s:e], start - s, end - s
    entities = parse_sentence(sentence, pipeline).entities

    def joinable(word: str, a: int, b: int) -> bool:
        bad = NOT_A_BODY | (WHERE_LABELS if word == "on" else frozenset())
        return not any(m.label in bad and m.start < b and a < m.end for m in entities)

    bodies = [m for m in entities if m.label == "ORG"]
    for m in bodies:  # the span opens the part after "<ORG> for/on"
        join = _BODY_JOIN.fullmatch(sentence, m.end, rel_start)
        if join and BODY_PART.fullmatch(sentence, rel_start, rel_end) and joinable(join.group(1), rel_start, rel_end):
            rel_start = m.start
            break
    for m in bodies:  # the span ends with an ORG followed by " for/on <Capitalised…>"
        if m.end == rel_end and (join := _BODY_JOIN.match(sentence, rel_end)):
            if (part := BODY_PART.match(sentence, join.end())) and joinable(join.group(1), join.end(), part.end()):
                rel_end = part.end()
            break
    return s + rel_start, s + rel_end


#: A dateline opening a release's first paragraph: "LUSAKA – ", "Jakarta - ", "SEOUL, 23 January 2026 — ".
_DATELINE = re.compile(r"[A-Z][\w'’.]*(?:[ ,]+[\w'’.]+){0,5}?\s[-–—]\s(?=[A-Z])")


def drop_dateline(text: str, start: int, end: int) -> tuple[int, int]:
    """A span that opens a paragraph with its dateline → the span after the dash.

    Why: "Jakarta - The Government of the Republic of Indonesia and the International Renewable
    Energy Agency (IRENA) held …": a span from the paragraph's start carries the place the
    release was filed from, which is no part of the answer. Only a span reaching past the dash
    changes ("LUSAKA" alone stays). None of SQuAD 1.0's 2,352 training golds that open a
    paragraph starts with such a dateline.
    """
    if start > 0 and text[start - 1] != "\n":
        return start, end
    found = _DATELINE.match(text, start, end)
    return (found.end(), end) if found and found.end() < end else (start, end)


_CAPITALISED = rf"(?!{HONORIFICS}\b)[A-Z][\w'’-]*"  # a capitalised word, not a name's honorific
#: A title's capitalised complements: " for International Organizations and Nuclear Affairs", then
#: " at the Ministry of Foreign Affairs" or " in Zambia" (the office's seat), " to the United Nations" (an
#: envoy's or a representative's host).
_TITLE_COMPLEMENT = re.compile(
    # a joint portfolio: "… Affairs *and International Cooperation* of …"
    rf"(?: and {_CAPITALISED}(?: {_CAPITALISED})*(?= (?:for|of|at|in|to) ))?"
    rf"(?: (?:for|of|at|in|to) (?:the )?{_CAPITALISED}(?: (?:and|of|for|the|&) (?:the )?{_CAPITALISED}"
    rf"| {_CAPITALISED})*)+")


def complete_title(text: str, start: int, end: int) -> tuple[int, int]:
    """Extend a span ending in a capitalised title to the title's "for/of/at/in/to …" complements.

    Why: asked for someone's title or position, the reader often stops at the title's head
    ("Director-General") when the title is "Director-General for International Organizations
    and Nuclear Affairs at the Ministry of Foreign Affairs", or "UNDP Resident Representative
    in Zambia"; the complements name the office and its seat, and belong to the answer. Only a
    capitalised complement counts (the office's name, not "of the meeting"), and it never
    crosses a line break or a sentence's full stop. Called only for questions that ask for a
    title (``qa.question.asks_for_title``): for other questions "Woodrow Wilson *of
    Princeton*" would be extra words. A joint portfolio's "and …" is taken when a complement
    follows it ("Minister of Foreign Affairs *and International Cooperation of the Republic of
    Almadia*"): of SQuAD 1.0's 1,633 training golds to title questions, 1 changes ("Duke of
    Normandy" → "Duke of Normandy and Lord of Mann"). "to …" names the host of a representative
    or an envoy ("Deputy Permanent Representative of Norlund *to the United Nations in Geneva*");
    no SQuAD gold to a title question is followed by one.
    """
    words = text[start:end].split()
    if not words or not words[-1][:1].isupper():
        return start, end
    found = _TITLE_COMPLEMENT.match(text, end)
    return (start, found.end()) if found else (start, end)



_INITIAL = re.compile(r"^[A-Z]\.$")


def drop_named_subject(text: str, start: int, end: int, question: str) -> tuple[int, int]:
    """Drop the person a title question names from the front of its answer.

    Why: asked "What is Rafael Santiago's job title?", the reader often returns "Mr. Rafael
    D. Santiago, Undersecretary for …": the name is the question's own subject, not its
    answer. When the span opens with an (honorific and) capitalised name whose last word
    (the surname) occurs in the question, followed by a comma, the answer starts after it.
    """
    head, comma, rest = text[start:end].partition(",")
    if not comma or not rest.strip():
        return start, end
    asked = {w.lower() for w in re.findall(r"[\w-]+", re.sub(r"['’]s\b", "", question))}
    words = [w for w in head.split() if not _INITIAL.match(w)]
    if words and re.fullmatch(rf"{HONORIFICS}\.?", words[0]):
        words = words[1:]
    if not words or not all(w[:1].isupper() for w in words) or words[-1].lower() not in asked:
        return start, end
    skip = len(head) + 1
    return start + skip + (len(rest) - len(rest.lstrip())), end


#: ", Head of the European Union Delegation to Barbados" after a name: its title, up to the next comma or stop.
_APPOSITIVE_TITLE = re.compile(r",\s+(?P<title>(?:the\s+)?[A-Z](?:[^,;.\n(]|\.(?=\S)){2,150})")


def title_after_name(text: str, start: int, end: int, question: str) -> tuple[int, int]:
    """A title word before the name a title question asks about → the title given after the name.

    Why: asked "What is Pieter van Loon's title?" of "Ambassador Pieter van Loon, Head of the
    European Union Delegation to Barbados and the Eastern Caribbean, welcomed …", the reader
    returns "Ambassador", the form of address; the appositive after the name states the office.
    Only capitalised words right before a name whose surname the question holds, and only when
    a capitalised appositive follows the name, move.
    """
    words = text[start:end].split()
    if not words or len(words) > 3 or not all(w[:1].isupper() for w in words):
        return start, end
    name = re.match(r"\s+((?:[A-Z][\w'’-]*\.?\s+|(?:van|von|de|da|del|der|bin|al)\s+){0,4}[A-Z][\w'’-]*)", text[end:end + 80])
    asked = {w.lower() for w in re.findall(r"[\w'’-]+", re.sub(r"['’]s\b", "", question))}
    if name is None or name.group(1).split()[-1].lower() not in asked:
        return start, end
    title = _APPOSITIVE_TITLE.match(text, end + name.end())
    return title.span("title") if title else (start, end)


_LEADING_ECHO = re.compile(r"^(?P<echo>(?:[\w'’.-]+\s+){1,8}?)(?P<prep>in|at|on|from|by|during|near|inside|within)\s+"
                           r"(?P<rest>\S.*)$", re.DOTALL)


def drop_echo(text: str, start: int, end: int, question: str) -> tuple[int, int]:
    """Drop a head of the span that only repeats the question, up to a preposition.

    Why: asked "Where will the Fourth Ministerial Conference take place?", the reader may
    return "the Fourth Ministerial Conference in Apia": every word before "in" is the
    question's own, so the answer is "Apia". Only a head whose every word occurs in the
    question (case aside) is dropped, and only when what follows the preposition brings a
    word the question does not have.
    """
    found = _LEADING_ECHO.match(text[start:end])
    if found is None:
        return start, end
    asked = {w.lower() for w in re.findall(r"[\w'’-]+", question)}
    echo = [w.lower().strip(".") for w in found["echo"].split()]
    rest = [w.lower() for w in re.findall(r"[\w'’-]+", found["rest"])]
    if not all(w in asked for w in echo) or all(w in asked for w in rest):
        return start, end
    return start + found.start("rest"), end


#: What may lie between a place and a date of one event: "in the Sunda Strait in October 2026".
_PLACE_DATE_GAP = re.compile(r"^\s*,?\s*(?:(?:in|on|at|from|during|of)\s+)?(?:the\s+)?$", re.IGNORECASE)
WHEN_LABELS = frozenset({"DATE", "TIME"})
WHERE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: "in"/"at" right before a phrase: it names a place (or a time) there.
LOCATIVE_BEFORE = re.compile(r"\b(?:in|at)\s+$")


def join_adjacent(text: str, start: int, end: int, pipeline: str, labels: frozenset[str]) -> tuple[int, int]:
    """Extend the span over an entity of ``labels`` right next to it (only a preposition between).

    Why: "When and where will the exercise take place?" asks for two things that a text
    states together ("in the Sunda Strait in October 2026"), while span models return one of
    them. The neighbour must touch the span, joined only by a comma or a preposition. A
    place may be read as an organisation by spaCy's small pipeline ("in Dushanbe"): after
    "in" or "at" it counts as a place.
    """
    found = sentence_of(text, start, end)
    if found is None:
        return start, end
    s, e = found
    rel_start, rel_end = start - s, end - s
    sentence = text[s:e]
    for m in parse_sentence(sentence, pipeline).entities:
        place = labels & WHERE_LABELS and m.label == "ORG" and LOCATIVE_BEFORE.search(sentence[:m.start])
        if (m.label not in labels and not place) or (m.start < rel_end and rel_start < m.end):
            continue
        if m.end <= rel_start and _PLACE_DATE_GAP.match(sentence[m.end:rel_start]):
            rel_start = m.start
        elif m.start >= rel_end and _PLACE_DATE_GAP.match(sentence[rel_end:m.start]):
            rel_end = m.end
    return s + rel_start, s + rel_end


#: An acronym: one word of letters with two capitals or more ("SRHRF", "UNESCO", "UNDP", "GoM").
_ACRONYM = re.compile(r"(?=(?:[^A-Z]*[A-Z]){2})[A-Za-z&.-]{2,12}")


def expand_acronym(text: str, start: int, end: int, pipeline: str) -> tuple[int, int]:
    """An acronym in parentheses right after a name → that name ("SRHRF" → "the … Fund").

    Why: asked "What fund did the ministers launch?", the reader may return "SRHRF" from
    "the Silk Roads Heritage Resilience Fund (SRHRF)"; the name says what the fund is, the
    acronym only abbreviates it. Only a span that is the whole parenthesis and an acronym
    (not a year, "(1810)", or a gloss, "(prong, tooth)"), right after a named entity, moves.
    """
    if text[start - 1:start] != "(" or text[end:end + 1] != ")" or not _ACRONYM.fullmatch(text[start:end]):
        return start, end
    found = sentence_of(text, start - 1, end + 1)
    if found is None:
        return start, end
    s, _ = found
    before = text[s:start - 1].rstrip()
    for m in parse_sentence(text[s:found[1]], pipeline).entities:
        if m.end == len(before) and m.label in NAME_LABELS:
            return s + m.start, s + m.end
    return start, end
