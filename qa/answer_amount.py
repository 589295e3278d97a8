"""Answer amounts: whether a span can be the number, sum of money or share a question asks for.

Split from ``qa.answer_shape`` (same contract: each check takes the question and the answer
text, or for ``sums_not_counts`` and ``counts_asked_things`` the sentence and the span's
offsets in it as in ``qa.answer_syntax``, is general English, and was measured on SQuAD 1.0's
training questions before it was kept). "How many/much/long…?", "What is the budget…?" and "What share…?" questions are where
the reader most often returns the nearest number of the wrong kind.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from qa.annotate import parse_sentence
from qa.lexical import tokenize
from qa.occasion import MONTH as _MONTH
from qa.question import analyse
from qa.span_numbers import asked_givers, name_words

#: A number, a number word or a quantifier: what an answer to "how many/much" states.
_QUANTITY = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|"
    r"thousands?|millions?|billions?|trillions?|dozens?|half|quarters?|single|double|twice|once|thrice|both|"
    r"several|many|few|all|every|none|no|some|most|numerous|multiple)\b", re.IGNORECASE)
#: Units of time: a duration or frequency ("over a year", "annually") answers "how long/old/often".
_TIME_UNIT = re.compile(r"\b(?:second|minute|hour|day|week|month|year|decade|centur|millenni|season|generation|"
                        r"lifetime|annual|daily|weekly|monthly|ever|always|never)", re.IGNORECASE)


#: A calendar day (or days) or a clock time ("23 January 2026", "3–5 June", "01/23/2026", "00:52 UTC"): a
#: point in time, never an amount.
POINT_IN_TIME = re.compile(
    rf"^\s*(?:(?:on|in|at)\s+)?(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|"
    rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|"
    rf"(?:from\s+)?\d{{1,2}}(?:st|nd|rd|th)?(?:\s*(?:-|–|to|and)\s*\d{{1,2}}(?:st|nd|rd|th)?)?\s+(?:of\s+)?{_MONTH}"
    rf"(?:,?\s+\d{{4}})?|"
    r"\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?|UTC|GMT|CET|EST|PST|KST|JST|local time))\s*$", re.IGNORECASE)
#: A year or month ("1997", "in January 2026"): a point in time, which cannot say how long something lasted.
CALENDAR_YEAR = re.compile(rf"^\s*(?:in\s+)?(?:{_MONTH},?\s+)?\d{{4}}\s*$", re.IGNORECASE)


def states_quantity(question: str, answer: str) -> bool:
    """Whether ``answer`` has the shape a "how many/much/long/old/often" question asks for.

    Why: the issue's "how many → the number". A span stating no quantity at all
    ("Among other Korean participants" for "How many participants attended?") cannot answer
    such a question, however sure the reader is; the honest answer is that the sources do
    not say. Deliberately lenient: any digit, number word or quantifier ("several", "all")
    counts, and for "how long/old/often" a unit of time ("over a year"). Only points in time
    are turned away despite their digits: a calendar day, a range of days or a time of day
    ("01/23/2026", "3–5 June", "00:52 UTC"; none of the 7,028 quantity questions of SQuAD
    1.0's training set has one as its gold answer), and for "how long/old/often" a bare year
    or month ("1997" for "How long did the dialogue last?"; 10 of SQuAD's 808 such golds are
    bare years, a loose annotation, while "since 1998" still passes). Measured on the seed
    set, the SQuAD sample and 1,000 held-out SQuAD questions (1,716 in all), it turned away
    two answers, both to unanswerable seed questions, and no answer to an answerable one.
    Other questions always pass.
    """
    if analyse(question).kind != "how_many":
        return True
    duration = re.search(r"\bhow (?:long|old|often)\b", question, re.IGNORECASE) is not None
    if POINT_IN_TIME.match(answer) or (duration and CALENDAR_YEAR.match(answer)):
        return False
    return bool(_QUANTITY.search(answer) or (duration and _TIME_UNIT.search(answer)))


#: "How much … cost / contribute / fund…?", "What is the budget of…?": a question asking for a sum of money.
_MONEY_QUESTION = re.compile(
    r"\bhow much\b(?!\s+time\b).*\b(?:cost|budget|contribut|fund|allocat|spen[dt]|grant|worth|money|pa(?:y|id)|"
    r"financ|invest|price|donat|pledg|loan|fee)"
    r"|\bhow much\b.*(?:[$€£¥]|(?-i:\b[A-Z]{3}\s?\d))"  # "How much of the EUR 850,000 came from Sweden?"
    r"|^\W*(?:what|which)(?:\s+(?:is|was|are|were|will be))?\s+(?:the\s+)?"
    r"(?:(?:total|overall|annual|initial|estimated|combined)\s+)?"
    r"(?:budget|cost|price|value|funding|amount of funding)\b",
    re.IGNORECASE)
def asks_for_money(question: str) -> bool:
    """Whether the question asks for a sum of money ("How much is Japan contributing…?", "What is the budget…?")."""
    return _MONEY_QUESTION.search(question) is not None


#: "… in millions of dollars", "… in euros": the question names the unit, so a bare number answers.
_UNIT_NAMED = re.compile(r"\bin\s+(?:\w+\s+of\s+)?(?:[a-z]+\s+)?(?:dollars|euros|pounds|yen|francs|cents|rupees|"
                         r"[a-z]+ currency|millions|billions|thousands)\b", re.IGNORECASE)
#: What a sum of money has: a currency, a magnitude word or a share.
_MONEY = re.compile(r"[$€£¥₹¢]|(?-i:\b[A-Z]{3}\b)|\b(?:dollars?|euros?|pounds?|yen|francs?|rupees?|pesos?|yuan|"
                    r"won|cents?|"
                    r"krone[rn]?|kroner|shillings?|naira|dirhams?|riyals?|rials?|million|billion|trillion|thousand|"
                    r"bn|m)\b|%|\bper ?cent\b", re.IGNORECASE)
_BARE_NUMBER = re.compile(r"^\W*(?:\d[\d.,\s]*|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                          r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)(?:[\s-]\w+)?)\W*$",
                          re.IGNORECASE)


def states_money(question: str, answer: str) -> bool:
    """Whether ``answer`` can be the sum of money a "how much … cost/fund…?" question asks for.

    Why: asked "How much did the 2023 pilot cost?" or "What is the budget of the training
    programme?" when the text gives no figure for it, the reader returns the nearest number:
    a count ("25" health posts), a duration ("18 months", "five-day"), a frequency ("twice a
    year") or a date ("January 2027"). A sum of money has a currency, a magnitude word
    ("million") or a share; a span without one that is only a number, or a time, is no sum,
    nor is a count of other things ("6,500 people" for "What was the total value of the
    contracts?"). Words pass ("free", "half"), and so does a bare number when the question
    names the unit ("in millions of dollars"). Measured on SQuAD 1.0's training set: 9 of the
    427 golds to such questions fail, 5 bare numbers or fractions ("16,000" Rials to the
    dollar) and, since counts were added, 4 other figures ("USD100", "almost 10 times the
    price", and "25 °C", "150 mA" to misworded questions).
    """
    if not asks_for_money(question) or _UNIT_NAMED.search(question) or _MONEY.search(answer):
        return True
    timely = _TIME_UNIT.search(answer) or POINT_IN_TIME.match(answer) or CALENDAR_YEAR.match(answer)
    return not (_BARE_NUMBER.match(answer) or timely or re.search(r"\d", answer))


#: "What share/percentage/proportion of … ?": a question asking for a part of a whole.
_SHARE_QUESTION = re.compile(r"\b(?:what|which)\s+(?:\w+\s+)?(?:share|percentage|proportion|fraction|percent|"
                             r"per\s?cent)\b", re.IGNORECASE)
CURRENCY = re.compile(r"[$€£¥₹¢]|\b(?:USD|EUR|GBP|CAD|AUD|JPY|CHF|NOK|SEK|DKK|CNY|INR)\b|"
                       r"\b(?:dollars?|euros?|pounds?|yen|francs?|rupees?|pesos?|yuan|kroner|shillings?)\b")
PART = re.compile(r"%|\bper\s?cent|\bpercent|\bhalf\b|\bthirds?\b|\bquarters?\b|\b(?:one|two|three)\s+in\b|"
                   r"\bout\s+of\b|\d\s*/\s*\d|\bof\s+(?:the|its|their)\b", re.IGNORECASE)


def states_share(question: str, answer: str) -> bool:
    """Whether ``answer`` can be the share a "What share/percentage of …?" question asks for: no bare sum.

    Why: asked "What share of the replenishment target do the pledges cover?", the reader
    returned the target itself ("USD 2.5 billion") instead of "74 per cent". A sum of money
    with no percentage or fraction ("one in every three dollars" has one) is a whole, not a
    share. None of SQuAD 1.0's 920 training golds to such questions is a sum of money.
    """
    return not (_SHARE_QUESTION.search(question) and CURRENCY.search(answer) and not PART.search(answer))


#: Currencies as families of their signs, codes and names ("$", "USD", "US$", "dollars" are one).
_CURRENCIES = {
    "dollar": re.compile(r"\$|\bUSD\b|\bdollars?\b", re.IGNORECASE),  # "US$", "C$", "NZ$" are all dollars
    "euro": re.compile(r"€|\bEUR\b|\beuros?\b", re.IGNORECASE),
    "pound": re.compile(r"£|\bGBP\b|(?<!\bper )\bpounds?(?! of\b)|\bsterling\b", re.IGNORECASE),
    "yen": re.compile(r"¥|\bJPY\b|\byen\b", re.IGNORECASE),
    "franc": re.compile(r"\bCHF\b|\bfrancs?\b", re.IGNORECASE),
    "krone": re.compile(r"\b(?:NOK|SEK|DKK)\b|\bkron(?:er|or|a|e)\b", re.IGNORECASE),
    "rupee": re.compile(r"₹|\bINR\b|\brupees?\b", re.IGNORECASE),
}


def _currencies(text: str) -> set[str]:
    return {name for name, sign in _CURRENCIES.items() if sign.search(text)}


def same_currency(question: str, answer: str) -> bool:
    """Whether a sum in ``answer`` is in the currency the question names, when both name one.

    Why: asked "How much of the EUR 850,000 came from Sweden?" of a text that gives Sweden's
    share of nothing, the reader returned another donor's "USD 2 million". A question that
    prices its subject in one currency ("in euros", "of the EUR 850,000") is not answered by a
    sum in another. Measured on SQuAD 1.0's training set: of the 29 golds with a currency whose
    question names one, the one in another currency is a price "per pound" (of weight), which
    is no currency here. Answers or questions naming no currency always pass.
    """
    asked, stated = _currencies(question), _currencies(answer)
    return not asked or not stated or bool(asked & stated)


def sums_not_counts(question: str, sentence: str, start: int, end: int, pipeline: str) -> bool:
    """Whether a number answering a "How much … pledge/cost…?" question is not a count of the noun after it.

    Why: asked "How much did Japan pledge to the GFCN?" of a text that gives no figure for
    Japan, the reader returned "12 million" from "to treat 12 million children": a number
    with its magnitude passes ``states_money``, but the noun it counts says it is no sum. A
    span with no currency or share, followed at once by a noun (spaCy's NN/NNS), is a count.
    The noun may itself be the currency ("36,000 rial"). Measured on SQuAD 1.0's training set:
    of its 427 such questions, no gold fails ("5.4 billion went for…" is followed by a verb).
    """
    if (not asks_for_money(question) or _UNIT_NAMED.search(question)
            or CURRENCY.search(sentence[start:end]) or PART.search(sentence[start:end])
            or not re.search(r"\d", sentence[start:end])):
        return True
    parse = parse_sentence(sentence, pipeline)
    following = next(((word, tag) for (s, _, word, _), tag in zip(parse.tokens, parse.tags, strict=True) if s >= end),
                     None)
    return following is None or following[1] not in ("NN", "NNS") or bool(_MONEY.fullmatch(following[0]))


#: "How much is Canada contributing…?", "How large is the MDB grant…?": a question asking what one giver gives.
_GIVERS_SUM_QUESTION = re.compile(r"^\W*how\s+(?:much|large|big)\b.*\b(?:contribut|donat|pledg|giv|gave|provid|grant|"
                                  r"fund|financ|put|commit)", re.IGNORECASE)
#: Words right before a sum that make it the size of a whole: "a total budget of", "is worth", "at a cost of".
_WHOLE_BEFORE = re.compile(r"\b(?:budget|worth|cost|costs|costing|valued|value)\b"
                           r"(?:\s+(?:of|at|about|around|approximately|some|nearly|almost|over|a|an|total))*\s*$",
                           re.IGNORECASE)
#: What a sum sizes as a whole when it stands before it: "a USD 6.2 million project".
_WHOLES = frozenset({"project", "projects", "programme", "programmes", "program", "programs", "initiative",
                     "initiatives", "plan", "package", "scheme", "budget"})
#: Entity kinds that can give money: bodies, countries, peoples and people.
_GIVER_LABELS = frozenset({"ORG", "GPE", "NORP", "PERSON"})


def sizes_a_whole(sentence: str, start: int, end: int, pipeline: str) -> bool:
    """Whether the sum at ``sentence[start:end]`` is the size of a whole (a budget, a project's worth)."""
    if _WHOLE_BEFORE.search(sentence[:start]):
        return True
    parse = parse_sentence(sentence, pipeline)
    for token_start, _, word, pos in parse.tokens:
        if token_start < end:
            continue
        if word.lower() in _WHOLES:
            return "," not in sentence[end:token_start]
        if pos not in ("NOUN", "PROPN", "ADJ"):
            return False
    return False


def sum_is_givers(question: str, sentence: str, start: int, end: int, pipeline: str) -> bool:
    """Whether a sum answering "How much is X contributing…?" can be X's own, not a whole others share.

    Why: asked "How much is Canada contributing to the programme?" of "the programme, which is
    worth USD 12.4 million" (funded by the European Union and Canada), or "How much is the CPD
    contributing?" of "a total budget of EUR 2.4 million, financed jointly, with the CPD …
    and the NDMA …", the reader returns the whole's size: it fits the question's shape, yet
    it is not what X gives. A sum that sizes a whole (``sizes_a_whole``) answers for X only
    when its sentence names X (the question's names) and no body, country or person the
    question does not name, so X is the whole's only giver. Measured on SQuAD 1.0's training
    set: none of the 31 golds to such questions that are sums fails; on the seed, press and
    SQuAD sets it turned away 4 answers, all to unanswerable questions, and no right one. Not
    decisive (``qa.answering.DECISIVE``): a sum the giver itself gives, ranked below, still
    answers; making it decisive changed no answer.
    """
    if not (_GIVERS_SUM_QUESTION.search(question) and CURRENCY.search(sentence[start:end])):
        return True
    givers = asked_givers(question)
    if not givers or not sizes_a_whole(sentence, start, end, pipeline):
        return True
    if not givers & name_words(sentence):
        return False
    asked = name_words(question)
    return not any(m.label in _GIVER_LABELS and not name_words(sentence[m.start:m.end]) & asked
                   for m in parse_sentence(sentence, pipeline).entities)


#: "How much/many/big…?", "What is the budget/cost/size of X?": a question asking for a value.
_VALUE_QUESTION = re.compile(r"^\W*(?:how\s+(?:much|many|big|large|long|high|far)|what\s+(?:is|was|were|are|will\s+be)"
                             r"\s+the\s+(?:(?:total|overall|annual)\s+)?(?:budget|cost|value|price|amount|size|number))\b",
                             re.IGNORECASE)
#: An answer naming only the measure ("size", "the funding", "the total amount"), not a value of it.
_MEASURE_ONLY = re.compile(r"^\W*(?:(?:the|a|an|its|their|total|overall|annual)\s+)*(?:size|amount|number|total|budget|"
                           r"costs?|funding|funds?|money|price|value|sum|figure|level|rate|quantity|scale|magnitude)"
                           r"\W*$", re.IGNORECASE)


def states_a_value(question: str, answer: str) -> bool:
    """Whether ``answer`` gives a value, not only the name of the measure a "How big / What is the budget…?" asks.

    Why: asked "how big is the ADB technical assistance for glacier hazard mapping" of "… whose
    size is still being determined", the reader returned "size"; asked for a project's total
    budget, "funding". Such a word names what is measured and says nothing of how much. None
    of SQuAD 1.0's 6,086 golds to such questions is one.
    """
    return not (_VALUE_QUESTION.match(question) and _MEASURE_ONLY.match(answer))


#: "How many" opening what a question counts ("How many vaccine refrigerators will…?").
_HOW_MANY = re.compile(r"\bhow\s+many\b", re.IGNORECASE)
#: Below this embedding similarity, the noun an answer's number counts is another thing than the
#: question's (``counts_asked_things``): "years" for "Malaysian employers" is 0.10, "new projects" for
#: "scam centers" 0.17; "participants" for "people" is 0.65, "rural health centres" for "facilities" 0.42.
COUNTED_SIMILARITY = 0.2
#: Nouns that count any kind of thing ("2 million units" of a console sold, "copies" of a record).
_ANY_THING = frozenset({"unit", "copi", "item", "piec"})


def asked_count_noun(question: str, pipeline: str) -> str | None:
    """The words a "How many…?" question counts, from after "many" to their noun ("vaccine refrigerators")."""
    if not (how := _HOW_MANY.search(question)):
        return None
    parse = parse_sentence(question, pipeline)
    many = next((i for i, token in enumerate(parse.tokens) if token[0] >= how.start() and token[2] == "many"), None)
    if many is None or not parse.heads:
        return None
    noun = parse.heads[many]
    if noun <= many or parse.tokens[noun][3] not in ("NOUN", "PROPN"):
        return None
    return question[parse.tokens[many + 1][0]:parse.tokens[noun][1]]


def counted_noun(sentence: str, start: int, end: int, pipeline: str) -> str | None:
    """The words the span's last number counts, to their noun ("180 rural health centres" → "rural health centres").

    None when the number counts no noun after it, counts a share ("40 percent"), or is part of
    a compound adjective ("a 5-member board").
    """
    parse = parse_sentence(sentence, pipeline)
    numbers = [i for i, (s, e, _, pos) in enumerate(parse.tokens) if start <= s and e <= end and pos == "NUM"]
    if not numbers or not parse.heads:
        return None
    number = numbers[-1]
    noun = parse.heads[number]
    if (parse.deps[number] not in ("nummod", "compound") or noun <= number
            or parse.tokens[noun][3] not in ("NOUN", "PROPN") or PART.search(parse.tokens[noun][2])):
        return None
    counted = sentence[parse.tokens[number + 1][0]:parse.tokens[noun][1]]
    return counted if counted[:1].isalpha() else None  # "a 5-member board": "-member" describes, counts nothing


def counts_asked_things(question: str, sentence: str, start: int, end: int, pipeline: str,
                        similarity: Callable[[str, list[str]], Sequence[float]] | None) -> bool:
    """Whether the span's number can count what "How many <noun>…?" asks about (always, for other questions).

    Why: asked "How many Malaysian employers have committed to…?", the reader returns "four"
    from "in force for a period of four years"; asked "How many scam centers operate in the
    Mekong region?", "two" from "two new projects". A number counting a noun that neither
    shares the question's noun nor comes near it in meaning (embedding similarity under
    ``COUNTED_SIMILARITY``) counts something else. "How many times…?" is not checked, nor
    nouns that count any thing ("2 million units" of a console sold).
    Measured on 2,997 SQuAD 1.0 training golds to "How many…?" (2,183 with both nouns found):
    31 (1.0%) fall under the threshold, mostly another word for the same thing ("people"
    counted as "clinic visits"); at 0.25, 62 would. An exact word match needs no model.
    """
    if similarity is None or not (asked := asked_count_noun(question, pipeline)) or asked.lower() == "times":
        return True  # "How many times…?" counts occasions, whatever noun names them ("surgeries")
    if not (counted := counted_noun(sentence, start, end, pipeline)):
        return True
    head = set(tokenize(counted.split()[-1]))
    if head & (set(tokenize(asked.split()[-1])) | _ANY_THING):
        return True
    return float(similarity(asked, [counted])[0]) >= COUNTED_SIMILARITY
