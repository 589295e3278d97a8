"""Whether a time, place or amount is stated of the thing the question asks about.

A "When…?", "Where…?" or "How many/much/long…?" question asks for one attribute of one
thing ("When will Minister Hauge visit Ghana?", "What is the budget of the training
programme?"). A release states many times, places and amounts, and the reader, finding none
for the thing asked about, returns one stated of something else ("March 2027", the date of
another visit; "EUR 750,000", a feasibility study's contribution). Such a sentence shares no
word with the question, nor does the one before it (which often names what "It" then dates,
places or prices), so the candidate is passed over.
"""

from __future__ import annotations

import re

from qa.answer_shape import asked_title
from qa.lexical import tokenize
from qa.lists import HONORIFICS
from qa.question import asks_for_person, descriptors
from qa.text import cached_sentences

#: "When…?", "Where…?", "How many/much/long/large/big…?", "What is the budget/cost/value of X?".
_ATTRIBUTE_QUESTION = re.compile(r"^\W*(?:when|where|how\s+(?:many|much|long|large|big)|what\s+(?:is|was|were|are|"
                                 r"will\s+be)\s+the\s+(?:total\s+)?(?:budget|cost|value|price|amount|size)\b)",
                                 re.IGNORECASE)
#: The question's words that name the measure, not the thing measured ("the budget of X": X is asked about).
_MEASURE_WORDS = frozenset(tokenize("how much money cost costs budget value price amount worth total size large big "
                                    "date dates day days year years month months exact", keep_stopwords=True))
#: "When…?" and its other wordings ("On what date…?", "In which year…?", "What month…?"): the date a
#: candidate states holds the question's year itself, so a year shared with the sentence tells nothing.
_WHEN_LIKE = re.compile(r"^\W*(?:when\b|(?:(?:on|in|by|during|at)\s+)?(?:what|which)\s+(?:exact\s+)?"
                        r"(?:dates?|days?|years?|months?)\b)", re.IGNORECASE)


def tells_of_asked_thing(question: str, text: str, start: int, end: int) -> bool:
    """Whether the span ``text[start:end]`` answering a when/where/how-many/how-much question can be of what it asks.

    At least one of the question's content words (the measure's own words aside) must be in
    the span's sentence or the sentence before. Measured on SQuAD 1.0's training set, where
    questions are written from their passage: 2.0% of "When…?" golds fail, 3.2% of "Where…?",
    1.0% of "How many…?", 1.2% of "How much…?", 1.5% of "How long…?". Over the answers of the
    seed, press and SQuAD eval sets it changed 13: 12 to unanswerable questions (8 now null)
    and 1 wrong one; no right answer changed. "When…?" in other words ("On what date…?", "In
    which year…?") is checked too, and for all of them a year of the question is no shared word
    (the date found holds it): 76 of 3,305 such SQuAD golds fail (2.3%), and dropping years
    from "When…?" questions fails 1 gold more.
    """
    when = _WHEN_LIKE.match(question) is not None
    if not (_ATTRIBUTE_QUESTION.match(question) or when):
        return True
    terms = {t for t in set(tokenize(question)) - _MEASURE_WORDS if not (when and re.search(r"\d", t))}
    sentences = cached_sentences(text)
    at = next((i for i, (s, e) in enumerate(sentences) if s <= start < e), None)
    if not terms or at is None:
        return True
    return bool(terms & set(tokenize(text[sentences[max(0, at - 1)][0]:sentences[at][1]])))


#: "Who…?", "Whom…?", "Whose…?": a question asking for the agent of what it states.
_WHO = re.compile(r"^\W*who(?:m|se)?\b", re.IGNORECASE)


def tells_of_asked_person(question: str, quote: str, pipeline: str) -> bool:
    """Whether the cited ``quote`` holds what a question asking for a person says of that person.

    "Who…?": a content word of the question; "Which <modifier> <official/minister…>…?" (``asks_for_person``):
    one of the wh-phrase's descriptors ("health" of "which health minister"). Other questions: always.

    Why: asked "With which health minister did the High Commissioner discuss health coverage
    for refugees?", the ranker preferred the Minister of Territorial Administration, named with
    two other officials in a sentence sharing many of the question's words, over the Minister of
    Public Health of the next sentence; a "Who…?" answer from a sentence holding no word of the
    question at all is as doubtful. Not a check of its own: 361 of SQuAD 1.0's 8,372 training
    golds to "Who…?" (4.3%) share no word with their sentence or the one before ("Who won
    season two?" of "… the winner …"); ``AnswerComposer`` uses it only to choose between
    candidates the ranker holds nearly equal.
    """
    if _WHO.match(question):
        terms = set(tokenize(question)) - _MEASURE_WORDS
    elif asks_for_person(question, pipeline):
        terms = set(descriptors(question, pipeline))
    else:
        return True
    return not terms or bool(terms & set(tokenize(quote)))


#: A form of address opening a person's name ("H.E. Mr. Abdelkerim Saleh Haroun").
_ADDRESSED = re.compile(rf"^\W*{HONORIFICS}\.?\s")
#: The words after a name up to where its apposition ends: a clause's "and", a semicolon, a bracket, a full stop.
_APPOSITION = re.compile(r"^\s*,\s+((?:the\s+)?[A-Z][^;.()]*?)(?=\s+and\b|,\s+and\b|[;.()]|$)")


def holds_asked_office(question: str, sentence: str, start: int, end: int) -> bool:
    """Whether the person ``sentence[start:end]`` can hold the office "Who is the <Title> of …?" asks about.

    Why: asked "What is the name of the Speaker of the National Assembly whom the envoy met?"
    of "… received by H.E. Mr. Abdelkerim Saleh Haroun, Minister of Foreign Affairs, …, and
    held separate meetings with the Speaker of the National Assembly", the reader returned the
    Minister: the passage names the office (``mentions_title``) but no one who holds it. A
    person whose apposition gives another office (", Minister of …"), with the asked title
    neither in the span, nor in that apposition, nor just before the name ("the Speaker, H.E.
    Mr. …"), holds another office. Only addressed names are checked, the register of official
    copy, and only when an apposition says what they are. Nor do lower-case words alone name the
    holder of an office "of" something ("women-led civil society organizations" for the Speaker
    of the National Assembly): of SQuAD 1.0's 220 training golds to "Who is the <Title>…?", 12
    are lower-case, 11 of them to "Who is <a name>?" ("Who was Josiah Wedgewood?" → "entrepreneur").
    """
    if (title := asked_title(question)) is None:
        return True
    span = sentence[start:end]
    if span == span.lower() and re.search(rf"{re.escape(title)}\s+(?:of|for|at)\b", question):
        return False  # a description, no holder named
    if not _ADDRESSED.match(span):
        return True
    apposition = _APPOSITION.match(sentence[end:])
    if apposition is None:
        return True  # nothing says what the person is
    clause = re.split(r"[;:(]", sentence[:start])[-1][-80:]
    said = " ".join((clause, sentence[start:end], apposition.group(1))).lower()
    return title.lower() in said
