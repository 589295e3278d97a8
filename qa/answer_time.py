"""Time checks read from the sentence's parse: which end of a span of time, and whether it is still to come.

"When will the projects end?" is not answered by the date they start, nor "Where will the next
dialogue be held?" by the place of the one just held; a range answering "When will it finish?"
narrows to its end. Split from ``qa.answer_syntax``, which keeps the checks of places and people.
"""

from __future__ import annotations

import re

from qa.annotate import SentenceParse, parse_sentence

#: "When will the projects end?" / "When did the war begin?": a time question about one end of something.
_WHEN = r"^\W*(?:when|by\s+when|until\s+when|(?:in\s+)?what\s+year)\b(?!.*\b(?:what|which|who|whom|how)\b)"
_ASKS_END = re.compile(_WHEN + r".*\b(?:end(?:s|ed)?|finish\w*|conclude\w*|close[sd]?|expire\w*|terminat\w*|"
                       r"wrap\w*\s+up|run\s+out|be\s+over|cease\w*|stop\w*)\b", re.IGNORECASE | re.DOTALL)
_ASKS_START = re.compile(_WHEN + r".*\b(?:begin|began|begun|begins|start\w*|launch\w*|commence\w*|open(?:s|ed)?|"
                         r"found(?:s|ed)?|establish\w*|creat\w*|initiat\w*|inaugurat\w*|introduc\w*)\b",
                         re.IGNORECASE | re.DOTALL)
_START_VERBS = frozenset({"begin", "began", "begun", "begins", "beginning", "start", "started", "starts", "starting",
                          "launch", "launched", "launches", "launching", "implement", "implemented", "implementing",
                          "commence", "commenced", "open", "opened", "opening", "establish", "established", "found",
                          "founded", "initiate", "initiated", "inaugurate", "inaugurated", "introduce", "introduced",
                          "create", "created"})
_END_VERBS = frozenset({"end", "ended", "ends", "ending", "finish", "finished", "conclude", "concluded", "close",
                        "closed", "expire", "expired", "terminate", "terminated", "cease", "ceased", "stop", "stopped",
                        "dissolve", "dissolved", "abolish", "abolished"})
#: A span after "–", "to", "until" … is a range's end point ("from 139 to 125 BC").
_RANGE_END = re.compile(r"(?:[-–—]|\b(?:to|until|till|through|thru))\s*$", re.IGNORECASE)


def asked_end(question: str) -> str | None:
    """"end" for "When will X end?", "start" for "When did X begin?", else None (neither or both)."""
    asks_end, asks_start = bool(_ASKS_END.search(question)), bool(_ASKS_START.search(question))
    return None if asks_end == asks_start else "end" if asks_end else "start"


#: A time range "March 2026 to August 2028", "from 2019 until 2023", "2026–2028": its two points.
_RANGE = re.compile(r"(?:from\s+)?(?P<first>.+?)(?:\s+(?:to|until|till|through)\s+|\s*[–—]\s*|\s+-\s+|(?<=\d{4})-(?=\d{4}))"
                    r"(?P<second>.+)|between\s+(?P<low>.+?)\s+and\s+(?P<high>.+)", re.IGNORECASE)
_POINT = re.compile(r"\b(?:\d{4}|January|February|March|April|May|June|July|August|September|October|November|"
                    r"December)\b")


def range_point(text: str, start: int, end: int, which: str) -> tuple[int, int]:
    """A span stating a time range → the point asked for ("When is it due to finish?" → its end).

    Why: "runs from March 2026 to August 2028" answers "When will the project finish?" with
    "August 2028"; the reader returns the range. Both points must name a year or a month
    ("12–13 March 2024" is left whole: "12" is no time of its own).
    """
    found = _RANGE.fullmatch(text, start, end)
    points = ("first", "second") if found and found.group("first") else ("low", "high")
    if found is None or not all(_POINT.search(found.group(g)) for g in points):
        return start, end
    return found.span(points[1] if which == "end" else points[0])


def states_asked_end(question: str, sentence: str, start: int, end: int, pipeline: str) -> bool:
    """Whether a time answering "When will X end?" (or "…begin?") dates that end, not the other one.

    Why: asked "When will the two new projects end?" of a text saying only "This year, the
    government … will implement two new projects", the reader returned "This year", the time
    of the start. A time whose clause's verb starts something ("implement", "launch",
    "establish") does not date an end, nor one whose verb ends something a beginning; the
    end point of a range ("from 139 to 125 BC") passes. Measured on SQuAD 1.0's training set:
    of 1,697 such questions' golds, 4 fail (a misparse, a date stated of an earlier event);
    over the eval sets' answers it turned away 1 of 3 unanswerable questions', 1 of 6 wrong
    ones and none of 28 right ones.
    """
    asks = asked_end(question)
    if asks is None or _RANGE_END.search(sentence[max(0, start - 12):start]):
        return True
    parse = parse_sentence(sentence, pipeline)
    verb = _governing_verb(parse, start, end)
    return verb is None or parse.tokens[verb][2] not in (_START_VERBS if asks == "end" else _END_VERBS)


#: "Where will the next dialogue be held?", "When is the upcoming round due?": a question about an occasion to come.
_NEXT_QUESTION = re.compile(r"^\W*(?:where|when|in\s+which\s+(?:city|country|venue))\b"
                            r"(?=.*\b(?:will|shall|is\s+due|are\s+due|going\s+to|(?:is|are)\s+(?:\S+\s+){1,5}"
                            r"(?:planned|scheduled|expected|foreseen|envisaged))\b)"
                            r"(?=.*\b(?:next|upcoming|following|forthcoming)\b)", re.IGNORECASE | re.DOTALL)
_FUTURE_AUX = frozenset({"will", "shall", "would", "'ll", "to", "going", "may", "might", "could", "should"})


def tells_of_what_is_next(question: str, sentence: str, start: int, end: int, pipeline: str) -> bool:
    """Whether a place or time answering "Where/When will the next X be…?" can be of an occasion still to come.

    Why: asked "Where will the next dialogue be held?" of a release about the dialogue just
    held, the reader returned "Seoul", from "… held in Seoul on January 23, 2026, an ROK-UNODC
    Strategic Dialogue": the place of the one that took place. A span whose clause's verb is in
    the past (VBD, or VBN with no "will", "to" … before it) tells of a past occasion; "(7) To
    hold the Fourth Ministerial Meeting in Baku … in 2028" passes.
    """
    if not _NEXT_QUESTION.search(question) or (clause := _clause_tense(sentence, start, end, pipeline)) is None:
        return True
    tag, aux = clause
    return not (tag in ("VBD", "VBN") and not aux & _FUTURE_AUX)


#: "Where was the conference held?", "When did the last session take place?": an occasion past asked about.
_PAST_QUESTION = re.compile(r"^\W*(?:where|when|in\s+which\s+(?:city|country|venue))\b"
                            r"(?=(?:\s+[\w'’-]+){0,3}?\s+(?:was|were|did|had)\b)(?!.*\b(?:will|shall)\b)",
                            re.IGNORECASE | re.DOTALL)


def tells_of_what_was_before(question: str, sentence: str, start: int, end: int, pipeline: str) -> bool:
    """Whether a place or time answering "Where was X held?" can be of an occasion past.

    Why: asked "Where was the conference held?" or "… the previous round held?", the reader
    returned "Panama City" from "The Eighth Conference … will be held in 2028 in Panama City":
    the next one's place. A span whose clause's verb has "will" or "shall" tells of an occasion
    to come. Measured on SQuAD 1.0's training set: of the 8,876 golds to "Where/When was/did…?"
    questions, 4 are read from such a clause (announcements: "… will reopen in May 2015").
    """
    if not _PAST_QUESTION.search(question) or (clause := _clause_tense(sentence, start, end, pipeline)) is None:
        return True
    return not clause[1] & {"will", "shall"}


def _clause_tense(sentence: str, start: int, end: int, pipeline: str) -> tuple[str, set[str]] | None:
    """The tag of the span's clause verb and its auxiliaries' words ("will", "to" …); None without a verb."""
    parse = parse_sentence(sentence, pipeline)
    verb = _governing_verb(parse, start, end)
    if verb is None:
        return None
    aux = {parse.tokens[i][2] for i, h in enumerate(parse.heads) if h == verb and parse.deps[i] in ("aux", "auxpass")}
    return parse.tags[verb], aux


def _governing_verb(parse: SentenceParse, start: int, end: int) -> int | None:
    """The index of the first verb above the span's head in the parse (its clause's verb), or None."""
    roots = parse.roots(start, end)
    if not roots:
        return None
    at = roots[0]
    for _ in range(6):
        if parse.heads[at] == at:
            break
        at = parse.heads[at]
        if parse.tokens[at][3] == "VERB":
            return at
    return None


#: "In which country…?", "What city…?": a question asking for a country, city or town by name.
