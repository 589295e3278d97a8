"""Names and the offices set beside them: "Dr. Amara Nwosu-Keller, Executive Director of the GFCN".

Press releases introduce people as "<name>, <title> of <body>". Asked who heads the body, a
reader may return the body itself, read from inside that apposition; asked which body a named
person heads, it may return the person's name, the question's own words. Either way the answer
lies one step across the apposition, in the same sentence, so the span moves there and stays
verbatim.
"""

from __future__ import annotations

import re

from qa.annotate import parse_sentence
from qa.lexical import tokenize
from qa.lists import HONORIFIC_BEFORE
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
    return start, end


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
