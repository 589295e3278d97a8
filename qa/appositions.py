"""Names and the offices set beside them: "Dr. Amara Nwosu-Keller, Executive Director of the GFCN".

Press releases introduce people as "<name>, <title> of <body>". Asked who heads the body, a
reader may return the body itself, read from inside that apposition; asked which body a named
person heads, it may return the person's name, the question's own words. Either way the answer
lies one step across the apposition, in the same sentence, so the span moves there and stays
verbatim.
"""

from __future__ import annotations

import re

from qa.annotate import Mention, parse_sentence
from qa.lexical import tokenize
from qa.lists import HONORIFIC_BEFORE, HONORIFICS
from qa.text import sentence_of

#: ", Executive Director of the GFCN" right after a name: a capitalised title, "of/at/for", the body.
_OFFICE = re.compile(r",\s+(?:the\s+)?(?P<title>[A-Z][^,;()\n]{1,80}?)\s+(?:of|at|for)\s+"
                     r"(?P<body>(?:the\s+)?[A-Z][^,;\n]*?)"
                     r"(?=\s*[,;.!?]|\s+(?:and|who|which|said|says|will|has|had|was|is|welcomed|noted)\b|\s*$)")


#: A person's name as written: capitalised words, with the particles of names between them.
_NAME = re.compile(r"[A-Z][\w'’.-]*(?:\s+(?:(?:van|von|de|da|del|der|bin|al|le|la)\s+)*[A-Z][\w'’.-]*)*")


def _offices(text: str, start: int, end: int, pipeline: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """``(person, body)`` spans of the sentence around ``[start, end)``: each person named with an office."""
    found = sentence_of(text, start, end)
    if found is None:
        return []
    s, e = found
    sentence = text[s:e]
    pairs = []
    for person in parse_sentence(sentence, pipeline).entities:
        name = sentence[person.start:person.end]
        if person.label != "PERSON" or not _NAME.fullmatch(name) or not (office := _OFFICE.match(sentence, person.end)):
            continue
        honorific = HONORIFIC_BEFORE.search(sentence[:person.start])
        first = honorific.start() if honorific else person.start
        pairs.append(((s + first, s + person.end), (s + office.start("body"), s + office.end("body"))))
    return pairs


def holder_of_body(text: str, start: int, end: int, pipeline: str) -> tuple[int, int]:
    """A body named in a person's office → that person, for "Who…?" ("the GFCN" → "Dr. Amara Nwosu-Keller").

    Also a body or country named right after a person and "of" ("President X of the Republic of Teravai").

    Why: asked "Who is the head of the Global Fund for Child Nutrition?", the reader returns
    "GFCN" from "Dr. Amara Nwosu-Keller, Executive Director of the GFCN": the body is what the
    question names, its office holder is who is asked for. Only a span inside the body of such
    an apposition moves.
    """
    pairs = _offices(text, start, end, pipeline)
    if any(person[0] < end and start < person[1] for person, _ in pairs):
        return start, end  # a person named in the span is no body
    for person, body in pairs:
        if body[0] <= start and end <= body[1]:
            return person
    return _person_of(text, start, end, pipeline) or (start, end)


def _people_beside(text: str, start: int, end: int, pipeline: str) -> tuple[int, str, list[Mention]] | None:
    """``(sentence start, sentence, PERSON entities)`` around a span that names no person; None otherwise.

    Both rules that move a span from an office or a body to a person start here: a span that
    already names someone stays where it is.
    """
    found = sentence_of(text, start, end)
    if found is None:
        return None
    s, e = found
    sentence = text[s:e]
    people = [m for m in parse_sentence(sentence, pipeline).entities if m.label == "PERSON"]
    if any(m.start < end - s and start - s < m.end for m in people):
        return None
    return s, sentence, people


#: " of the " between a person's name and the body or country the person speaks for.
_OF_BETWEEN = re.compile(r"\s+of\s+(?:the\s+)?$")


def _person_of(text: str, start: int, end: int, pipeline: str) -> tuple[int, int] | None:
    """The person right before "of [the] <span>" ("President Matagi Lealofi-Rennick of the Republic of Teravai").

    A head of state is named with the country or body after "of", without a comma. On SQuAD
    1.0's 8,213 training golds to "Who…?", 5 follow "<Capitalised> <Capitalised> of", none a person.
    """
    if (around := _people_beside(text, start, end, pipeline)) is None:
        return None
    s, sentence, people = around
    of = _OF_BETWEEN.search(sentence, 0, start - s)
    person = next((m for m in people if of is not None and m.end == of.start()), None)
    if person is None:
        return None
    honorific = HONORIFIC_BEFORE.search(sentence[:person.start])
    return s + (honorific.start() if honorific else person.start), s + person.end


def body_of_holder(text: str, start: int, end: int, question: str, pipeline: str) -> tuple[int, int]:
    """A person the question names → the body of that person's office ("Which body does Dr. X head?").

    Why: asked "Which research body is Dr. Varga-Moen in charge of?", the reader returns
    "Dr. Ilse Varga-Moen", the question's own words, from "Dr. Ilse Varga-Moen,
    Director-General of the Marenian Institute for Marine Research (MIMR)". Only a span
    within the name of a person in such an apposition, whose surname the question holds, moves.
    """
    asked = set(tokenize(question))
    for person, body in _offices(text, start, end, pipeline):
        surname = tokenize(text[person[0]:person[1]])[-1:]
        if person[0] <= start and end <= person[1] and set(surname) <= asked and surname:
            return body
    return start, end


#: What sets a name after an office: its acronym (or the bracket closing it), ", " and the name's honorifics.
_NAME_AFTER = re.compile(rf"\)?(?:\s*\([A-Z][A-Za-z&-]{{1,11}}\))?,\s+(?P<name>(?:{HONORIFICS}\.?\s+)*)")


def person_after_office(text: str, start: int, end: int, question: str, pipeline: str) -> tuple[int, int]:
    """An office set before a name → the person, for "Who…?" ("the President of the VCCI" → "Mr. Berisha-Kell").

    Why: asked "Who led the business delegation?" of "led by the President of the Valdorian
    Chamber of Commerce and Industry (VCCI), Mr. Anton Berisha-Kell", the reader returned the
    office: the question asks who, and the name set right after it says. A span naming no
    person, followed by ", " and a person's name (with its honorifics), moves to the name,
    unless the question names that person ("Who is Kevin Faulconer?" asks for the office).
    Measured on SQuAD 1.0's 8,213 training golds to "Who…?": 5 are an office so followed, 2 of
    them to such "Who is <name>?" questions.
    """
    if (around := _people_beside(text, start, end, pipeline)) is None:
        return start, end
    s, sentence, people = around
    if (gap := _NAME_AFTER.match(sentence, end - s)) is None:
        return start, end
    person = next((m for m in people if m.start == gap.end()), None)
    if person is None or set(tokenize(sentence[person.start:person.end])) & set(tokenize(question)):
        return start, end
    return s + gap.start("name"), s + person.end


#: Nouns naming a kind of body ("agency", "ministry"); "Which <…> agency…?" asks for one.
_BODY_NOUN = re.compile(r"agenc(?:y|ies)|ministr(?:y|ies)|departments?|offices?|authorit(?:y|ies)|directorates?|"
                        r"commissions?|bureaus?|councils?|committees?|institutes?|institutions?|cent(?:re|er)s?|banks?|"
                        r"funds?|secretariats?|bod(?:y|ies)|organi[sz]ations?|compan(?:y|ies)|corporations?|"
                        r"foundations?|associations?|governments?", re.IGNORECASE)
_WH_PHRASE = re.compile(r"\b(?:which|what)((?:\s+[\w-]+){1,3})", re.IGNORECASE)


def asked_body_noun(question: str) -> str | None:
    """The body noun heading "Which/What …?" ("Which government ministry…?" → "ministry"), if any."""
    if not (phrase := _WH_PHRASE.search(question)):
        return None
    return next((w for w in reversed(phrase.group(1).split()) if _BODY_NOUN.fullmatch(w)), None)


#: "the Hydrometeorological Agency of " right before a span: capitalised words ending in a noun, then "of".
_NAMED_OF = re.compile(r"(?:\b[Tt]he\s+)?(?:[A-Z][\w'’-]*\s+)*?([A-Z][\w'’-]*)\s+of\s+(?:the\s+)?$")


def body_around_name(text: str, start: int, end: int, question: str) -> tuple[int, int]:
    """The name after "<…Agency> of" → the body, for "Which agency…?" ("Kharsan" → "the … Agency of Kharsan").

    Why: asked "Which agency offered to host the next workshop?" of "the offer of the
    Hydrometeorological Agency of Kharsan", the reader returned "Kharsan": a country, where
    the question asks for a body of the kind it names. A capitalised span right after a
    capitalised name ending in that noun and "of" moves to the start of that name. SQuAD 1.0's
    training golds to "Which/What <noun>…?" questions include the body's noun: of the 14 that
    stop at "… of", none is asked with such a noun ("Kingdom of Asturias", "University of
    Notre Dame" are asked as a kingdom, a university, which this leaves alone).
    """
    if not (asked := asked_body_noun(question)) or not text[start:end][:1].isupper():
        return start, end
    line_start = text.rfind("\n", 0, start) + 1
    named = _NAMED_OF.search(text, max(line_start, start - 160), start)
    if named is None or tokenize(named.group(1)) != tokenize(asked):
        return start, end
    return named.start(), end
