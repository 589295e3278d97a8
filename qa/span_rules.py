"""Which span rules (``qa.spans``) a question calls for, in the order they apply.

Readers propose spans; these rules move them to the answer the question's shape asks for
(a whole name, the currency of an amount, the whole list, the one person described…). The
choice depends only on the question's words, so it is made once per question and applied to
every candidate alike. Each rule maps ``(document text, start, end)`` to a new span of the
same text, so answers stay verbatim.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from functools import partial

from qa.annotate import parse_sentence
from qa.answer_amount import asks_for_money
from qa.answer_syntax import ONLY_WHEN
from qa.answer_time import asked_end, range_point
from qa.appositions import body_around_name, body_of_holder, holder_of_body, person_after_office
from qa.bullets import pick_described_bullet
from qa.enumeration import (asked_member, drop_set_aside, end_at_list, members, narrow_to_asked_member,
                            pick_described_item, widen_to_members, widen_to_officials)
from qa.lexical import tokenize
from qa.lists import list_elsewhere, widen_to_bodies, widen_to_list
from qa.objects import NOUN_QUESTION, OBJECT_QUESTION, complete_content_clause, complete_object, question_verb
from qa.question import (analyse, asks_for_a_side, asks_for_one, asks_for_title, descriptors, head_number,
                         person_terms, predicate_terms, wants_list)
from qa.set_aside import excludes, set_aside
from qa.text import sentence_of
from qa.span_numbers import (UNIT_NAMED, VALUE_QUESTION, asked_givers, complete_unit, drop_leading_ordinal,
                              keep_bound, move_to_givers_sum, narrow_to_amount, narrow_to_count, narrow_to_date)
from qa.spans import (AMOUNT_LABELS, BODY_PART, LOCATIVE_BEFORE, NOT_A_BODY, WHEN_LABELS, WHERE_LABELS,
                      complete_body_name, complete_names, complete_title, drop_dateline, drop_echo, drop_named_subject,
                      expand_acronym, join_adjacent, pick_described_member, pick_described_person, title_after_name)

SpanRule = Callable[[str, int, int], tuple[int, int]]

#: Question kinds whose answer is one named thing, so a list span may be narrowed to one member
#: (dates, places and numbers have typed answers the entity type already picks out).
_ONE_THING_KINDS = frozenset({"which", "who", "other"})
_ASKS_ACRONYM = re.compile(r"\b(?:acronym|abbreviat\w*|initials|short for|stands? for)\b", re.IGNORECASE)
#: A question asking for a place and a time together: "When and where…?", "What venue hosted it, and on which date?".
_ASKS_PLACE = re.compile(r"\bwhere\b|\b(?:what|which)\s+(?:venue|city|town|country|place|location|building|hotel)\b"
                         r"|\bvenue\b", re.IGNORECASE)
_ASKS_TIME = re.compile(r"\bwhen\b|\b(?:what|which)\s+(?:dates?|days?|time|year|month)\b", re.IGNORECASE)


def asks_place_and_time(question: str) -> bool:
    """Whether the question asks where and when, joined by "and" in either order ("…, and on which date?")."""
    place, time = _ASKS_PLACE.search(question), _ASKS_TIME.search(question)
    if not (place and time):
        return False
    between = question[min(place.end(), time.end()):max(place.start(), time.start())]
    return re.search(r"\band\b", between, re.IGNORECASE) is not None


#: "Whose…?", "Who's…?" (a common misspelling of it), "What territory's constitution…?": the
#: question asks for an owner, so a possessive may be the answer's own form.
_ASKS_OWNER = re.compile(r"\b(?:whose|whos|who['’]s|(?:what|which)\s+(?:[\w-]+\s+){0,2}[\w-]+['’]s)\b",
                         re.IGNORECASE)
_POSSESSIVE_END = re.compile(r"(?<=\w)['’]s$")


def drop_possessive(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a possessive "'s" that ends the span when a word follows it in the text.

    Why: asked "Who provided a definition of linear bounded automata?", the reader returns
    "John Myhill's" (from "John Myhill's definition"); the answer is the name, and SQuAD's
    token F1 counts "myhills" as another word. Only a possessive followed by a word is
    dropped (the owned thing), not one ending a sentence or a clause. Measured on SQuAD 1.0's
    training set: 104 of its 87,599 gold answers end in "'s"; 48 of them would be cut here
    (names such as "St. John's" or "Macy's"), the others are asked for by "whose" questions,
    which keep their possessive (the rule is not applied to them).
    """
    if _POSSESSIVE_END.search(text[start:end]) and end - start > 3 and re.match(r"\s+[\w\"“(]", text[end:]):
        return start, end - 2
    return start, end


#: Numbers joined by slashes into one token: "01/23/2026", "2025/26", "3/4".
_SLASHED = re.compile(r"\d+(?:/\d+)+")


def join_slashed(text: str, start: int, end: int) -> tuple[int, int]:
    """Extend a span that starts or ends inside a slashed number ("2026" of "01/23/2026") to all of it.

    Why: asked when a release was published, the reader returned "2026" of the header's
    "01/23/2026 | Press release": a word-piece reader can cut a token no one would cut. Such a
    token is one date (or ratio, or fiscal year). Measured on SQuAD 1.0's training set: of its
    87,599 gold answers, 1 starts or ends at a slash inside such a token (a year taken from a
    law's number, "Ley 3/1983").
    """
    left = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1  # from the words' edges
    right = min((i for i in (text.find(" ", end), text.find("\n", end)) if i >= 0), default=len(text))
    for token in _SLASHED.finditer(text, left, right):
        if token.start() < start < token.end() or token.start() < end < token.end():
            start, end = min(start, token.start()), max(end, token.end())
    return start, end


def close_brackets(text: str, start: int, end: int, reach: int = 40) -> tuple[int, int]:
    """Extend a span that opens a bracket it does not close to the closing bracket that follows.

    Why: "the Regional Environmental Centre for Central Asia (CAREC" is cut before its ")":
    a user reads an unfinished answer. Only a close bracket within ``reach`` characters, with
    no new bracket opened or sentence ended on the way, is taken ("DTIME(f(n" → "DTIME(f(n))").
    Of SQuAD 1.0's 87,599 training golds, 77 leave a bracket open; token F1 ignores brackets.
    """
    while text.count("(", start, end) > text.count(")", start, end):
        close = text.find(")", end, end + reach)
        if close < 0 or re.search(r"[(\n]|[.!?]\s", text[end:close]):
            break
        end = close + 1
    return start, end


#: " (UNDRR)" right after a span: an acronym in capitals ("MoH" too), not a gloss ("(Hungary)") or year.
_ACRONYM_AFTER = re.compile(r" \(([A-Z][A-Za-z&-]*[A-Z])\)")


def keep_acronym(text: str, start: int, end: int, question: str) -> tuple[int, int]:
    """A name followed by the acronym it defines → the name with its acronym ("… Programme (WFP)").

    Why: the release goes on to call the body by its acronym alone, so a reader of the
    answer needs both, and press-release golds written by people mostly keep it (first golds
    of the seed and press sets: 28 end with the acronym, 5 stop before it). Not when the
    question names the acronym ("What does UNODC stand for?": the name is the answer) or
    asks for one, nor for a name the question repeats (an echo, passed over as such), and
    only for an acronym whose first letter opens a capitalised word of the span (a code
    after a person's name is no acronym of it). SQuAD golds mostly stop before it (189 of
    the 290 such golds of SQuAD 1.0's 87,621 training questions, 0.2%): those lose a few
    tenths of token F1, and each answer still contains its gold.
    """
    found = _ACRONYM_AFTER.match(text, end)
    words = set(tokenize(text[start:end]))
    if found is None or not re.search(r"\b[A-Z][\w-]*$", text[start:end]) or words <= set(tokenize(question)):
        return start, end  # a name the question repeats stays an echo, which no acronym makes an answer
    acronym = found.group(1)
    initials = {word[0] for word in re.findall(r"\b[A-Z][\w-]*", text[start:end])}
    if acronym[0] not in initials or re.search(rf"\b{re.escape(acronym)}\b", question, re.IGNORECASE):
        return start, end
    return start, found.end()


#: An acronym in brackets ending a span: "(FAO)", "(MoH)".
_ACRONYM_END = re.compile(r"\([A-Z][A-Za-z&-]*[A-Z]\)$")
#: What a unit's name after an acronym never holds: a person, a date, a number.
_NOT_A_UNIT = NOT_A_BODY | {"PERSON", "ORDINAL"}


def continue_after_acronym(text: str, start: int, end: int, pipeline: str) -> tuple[int, int]:
    """A name ending in its acronym, when the text goes on naming a unit of it → the unit's whole name.

    Why: official copy names an office of a body after the body's acronym ("the Food and
    Agriculture Organization of the United Nations (FAO) Subregional Office for Southern
    Africa"); an answer stopping at "(FAO)" names another, larger body. Only capitalised words
    of the same sentence are taken, and never a person, a date or a number ("(WHO)
    Director-General Tedros" is a person with a title). Of SQuAD 1.0's training golds, 156
    end with a parenthesised acronym and none of them is followed by such words.
    """
    # the unit's name: capitalised words joined by "and", "of", "for", "the" (``qa.spans.BODY_PART``)
    if not _ACRONYM_END.search(text, start, end) or not (text[end:end + 1] == " " and
                                                          (more := BODY_PART.match(text, end + 1))):
        return start, end
    found = sentence_of(text, start, more.end())
    if found is None:
        return start, end
    s, _ = found
    entities = parse_sentence(text[s:found[1]], pipeline).entities
    if any(m.label in _NOT_A_UNIT and m.start < more.end() - s and end - s < m.end for m in entities):
        return start, end
    return start, more.end()


#: A word of a time: a digit, a month's name, a part of a year ("the first quarter of 2025").
_TIME_WORD = re.compile(rf"\d|\b(?:{'|'.join(calendar.month_name[1:])}|quarter|half|spring|summer|autumn|winter)\b")


def lead_preposition(text: str, start: int, end: int) -> tuple[int, int]:
    """A place joined to its time → the phrase with the "in"/"at" that opens it ("in Velmora on 12–13 March").

    Why: "When and where…?" asks for one adverbial phrase, and people answering it keep its
    preposition: every gold of the press sets to such questions has an "in/at …" form (4 of
    the 9 have only that form). Only a span that starts with a capitalised place (or "the"
    and one: "the Sunda Strait in October 2026") and also states a time takes the "in" or
    "at" right before it; single "Where…?" questions keep the SQuAD form, without it.
    """
    before = LOCATIVE_BEFORE.search(text, max(0, start - 4), start)  # the phrase's own "in"/"at"
    span = text[start:end]
    opening = re.match(r"(?:the\s+)?([A-Z][\w'’-]*)", span)
    if before is None or opening is None or _TIME_WORD.match(opening.group(1)) or not _TIME_WORD.search(span):
        return start, end  # no place first ("October 2026" is a time), or no time after it
    return before.start(), end


#: How many of a span's first words ``move_to_asked_member`` looks for in the asked member.
_OPENING_WORDS = 3


def move_to_asked_member(text: str, start: int, end: int, question: str) -> tuple[int, int]:
    """Most of another member of an enumeration than the one asked about → the same part of the asked one.

    Why: asked "What is the second project about?" of "two new projects -- one designed to
    analyze …; and the other aimed to protect …", the reader returned the first project's "to
    analyze developments … of partner countries": the kind of words asked for, in the wrong
    member. The answer is the asked member's part opening with one of the span's first words
    ("to protect …" for "one designed to analyze …"), or else the whole member, to its end.
    A span over less than half of its member (a place or a name in it) is left to the checks
    (``in_asked_member``).
    """
    found = sentence_of(text, start, end)
    if found is None:
        return start, end
    offset, sentence = found[0], text[found[0]:found[1]]
    spans = members(sentence)
    number = asked_member(question, sentence, spans)
    touched = [i for i, (a, b) in enumerate(spans, start=1) if a < end - offset and start - offset < b]
    if number is None or len(touched) != 1 or touched[0] == number:
        return start, end
    a, b = spans[touched[0] - 1]
    if 2 * (min(end - offset, b) - max(start - offset, a)) < b - a:
        return start, end
    asked_start, asked_end = spans[number - 1]
    asked = sentence[asked_start:asked_end]
    for word in re.findall(r"\w+", text[start:end])[:_OPENING_WORDS]:  # past "one designed": "to"
        if same := re.search(rf"\b{re.escape(word)}\b", asked):
            return offset + asked_start + same.start(), offset + asked_end
    return offset + asked_start, offset + asked_end


def counted_noun(question: str, pipeline: str) -> str | None:
    """The stem of the noun "How many <noun>…?" counts: the last noun of the phrase after "many"."""
    from qa.annotate import parse_sentence

    parse = parse_sentence(question, pipeline)
    words = [(lower, tag) for (_, _, lower, _), tag in zip(parse.tokens, parse.tags, strict=True)]
    many = next((i for i in range(1, len(words)) if words[i - 1][0] == "how" and words[i][0] == "many"), None)
    if many is None:
        return None
    noun = None
    for lower, tag in words[many + 1:]:
        if tag.startswith("NN"):
            noun = lower
        elif noun is not None or tag not in ("JJ", "VBN", "HYPH"):
            break
    stems = tokenize(noun) if noun else []
    return stems[0] if stems else None


def span_rules(question: str, pipeline: str, complete: bool = True) -> list[SpanRule]:
    """The rules for ``question``, in order; ``complete`` = complete names cut by the reader."""
    info = analyse(question)
    rules: list[SpanRule] = []
    if complete:  # a span cut inside a name → the whole name
        rules.append(partial(complete_names, pipeline=pipeline))
        rules.append(partial(complete_body_name, pipeline=pipeline))  # "Search and Rescue" → "… Group on …"
    rules.append(join_slashed)  # "2026" of "01/23/2026" → "01/23/2026"
    if not _ASKS_OWNER.search(question):  # "John Myhill's" (definition) → "John Myhill"
        rules.append(drop_possessive)
    # "the Fourth Conference in Apia" for "Where will the Fourth Conference take place?" → "Apia"
    rules.append(partial(drop_echo, question=question))
    if info.kind == "who":  # "GFCN" of "Dr. A, Executive Director of the GFCN" → "Dr. A"
        rules.append(partial(holder_of_body, pipeline=pipeline))
        # "the President of the VCCI" of "… (VCCI), Mr. Anton Berisha-Kell" → "Mr. Anton Berisha-Kell"
        rules.append(partial(person_after_office, question=question, pipeline=pipeline))
    if not _ASKS_ACRONYM.search(question):  # "SRHRF" → "the Silk Roads Heritage Resilience Fund"
        rules.append(partial(expand_acronym, pipeline=pipeline))
    if re.search(r"\bhow much\b", question, re.IGNORECASE):  # "12.4 million" → "USD 12.4 million"
        rules.append(partial(complete_names, pipeline=pipeline, labels=AMOUNT_LABELS))
    if VALUE_QUESTION.match(question) and not (UNIT_NAMED.search(question) or asks_for_money(question)):
        # "150,000" → "150,000 tonnes"
        rules.append(partial(complete_unit, pipeline=pipeline))
    if info.kind == "how_many":  # "NOK 45 million over three years to …" → "NOK 45 million"
        rules.append(narrow_to_amount)
        rules.append(drop_leading_ordinal)  # "second two specialists" (to second: to post) → "two specialists"
        if counted := counted_noun(question, pipeline):  # "284 participants from 27" → "27" (countries)
            rules.append(partial(narrow_to_count, counted=counted))
    if asks_for_money(question) and (givers := asked_givers(question)):
        # "US$10 million from … Uzbekistan" for "How much is Kazakhstan contributing?" → "US$6 million"
        rules.append(partial(move_to_givers_sum, giver=givers))
    if info.kind != "when":  # "9 million" of "more than 9 million people" → "more than 9 million"
        rules.append(keep_bound)
    if re.match(r"\s*when\b", question, re.IGNORECASE):  # "2027" → "the second half of 2027"
        rules.append(partial(complete_names, pipeline=pipeline, labels=WHEN_LABELS))
        if ONLY_WHEN.match(question):  # "the visit, … will travel … from 7 to 18 April 2025" → the date
            rules.append(partial(narrow_to_date, pipeline=pipeline))
    if which := asked_end(question):  # "March 2026 to August 2028" for "When will it finish?" → "August 2028"
        rules.append(partial(range_point, which=which))
    if asks_place_and_time(question):  # "October 2026" → "the Sunda Strait in October 2026"
        rules.append(partial(join_adjacent, pipeline=pipeline, labels=WHEN_LABELS | WHERE_LABELS))
    if asks_for_title(question):
        # "Ambassador" of "Ambassador Pieter van Loon, Head of the … Delegation" → "Head of the … Delegation"
        rules.append(partial(title_after_name, question=question))
        rules.append(complete_title)  # "Director-General" → "Director-General for … Affairs"
        # "Mr. X, Director-General…" for "What is X's title?" → "Director-General…"
        rules.append(partial(drop_named_subject, question=question))
    if OBJECT_QUESTION.match(question):  # "What did it establish?": "partnership" → "a basis for a … partnership"
        rules.append(partial(complete_object, verb=question_verb(question, pipeline), pipeline=pipeline))
    if (asked := NOUN_QUESTION.match(question)) and (noun := tokenize(asked.group(1))):
        # "Which understanding did it reaffirm?": "… is indispensable" → "… is indispensable in addressing …"
        rules.append(partial(complete_content_clause, noun=noun[0], pipeline=pipeline))
    if wants_list(question, pipeline):  # one member of a list → the whole coordinated list
        rules.append(partial(widen_to_list, pipeline=pipeline))
        rules.append(widen_to_members)  # "one …; and the other …" cut mid-member → every member whole
        # "the Ministry … and UNODC held in Seoul on …" → "the Ministry … and UNODC"
        rules.append(partial(end_at_list, pipeline=pipeline))
        if head_number(question, pipeline):  # "Botswana" of a dateline → "Angola, Botswana, …" of the list
            rules.append(partial(list_elsewhere, pipeline=pipeline))
    elif info.kind in _ONE_THING_KINDS and (named := descriptors(question, pipeline)
                                            or predicate_terms(question, pipeline)):
        # a list of names, for a question about one thing → the member the question describes
        rules.append(partial(pick_described_member, terms=named, pipeline=pipeline))
        # a list of phrases ("drug control cooperation, …") → the one its wh-phrase describes (not
        # its predicate: "What is UNODC's expertise?" would pick "the expertise" of "the expertise and …")
        if not excludes(question) and (terms := descriptors(question, pipeline)):
            rules.append(partial(pick_described_item, terms=terms, pipeline=pipeline))
            rules.append(partial(pick_described_bullet, terms=terms))  # the same, one item per line
    # a span over both projects, for "the Mekong project" → its part in that project's member
    rules.append(partial(narrow_to_asked_member, question=question))
    # the first project's "to analyze …", for "the second project" → the second's "to protect …"
    rules.append(partial(move_to_asked_member, question=question))
    if aside := set_aside(question):  # "Besides scams and drugs, what other issues…?": the rest of the list
        rules.append(partial(drop_set_aside, aside=aside, pipeline=pipeline))
    if info.kind == "who" and not (wants_list(question, pipeline) or asks_for_a_side(question)):
        # one of the officials named together → all (not for "the Korean side": its person)
        rules.append(partial(widen_to_officials, pipeline=pipeline))
        # one of the bodies named together ("the Government of Norway and the Swiss Agency …") → all
        rules.append(partial(widen_to_bodies, question=question, pipeline=pipeline))
    if info.kind in _ONE_THING_KINDS and asks_for_one(question, pipeline):
        # several people, for a question about one person → the one it describes
        rules.append(partial(pick_described_person, terms=person_terms(question, pipeline), pipeline=pipeline))
    if info.kind in ("which", "other") and not asks_for_title(question):
        # "Dr. Ilse Varga-Moen" for "Which body is Dr. Varga-Moen in charge of?" → the body of her office
        rules.append(partial(body_of_holder, question=question, pipeline=pipeline))
        rules.append(partial(body_around_name, question=question))  # "Kharsan" → "the … Agency of Kharsan"
    rules.append(drop_dateline)  # "Jakarta - The Government of …" → "The Government of …"
    rules.append(close_brackets)  # "… Central Asia (CAREC" → "… Central Asia (CAREC)"
    if not _ASKS_ACRONYM.search(question):  # "the World Food Programme" → "the World Food Programme (WFP)"
        rules.append(partial(keep_acronym, question=question))
    # "… (FAO)" of "… (FAO) Subregional Office for Southern Africa" → the office's whole name
    rules.append(partial(continue_after_acronym, pipeline=pipeline))
    if asks_place_and_time(question):  # "Samarkand on 9-10 June 2026" → "in Samarkand on 9-10 June 2026"
        rules.append(lead_preposition)
    return rules
