"""Spans that state a number: the amount, count or date a "how much/how many/when" question asks for.

Split from ``qa.spans``: the reader's span around a number often carries words the answer
does not need ("NOK 45 million over three years to …"), an ordinal before the count, or
several numbers of which one counts the things asked about.
"""

from __future__ import annotations

import calendar
import re

from qa.annotate import parse_sentence
from qa.lexical import tokenize
from qa.occasion import ORDINAL_WORDS
from qa.text import sentence_of

#: A currency before a sum: a three-letter code ("NOK", in capitals), "US$" or a symbol.
_CURRENCY = r"(?:(?-i:[A-Z]{3})|US\$|[$€£¥])"
_MAGNITUDE = r"thousand|million|billion|trillion"
#: An amount at the start of a span: "NOK 45 million", "US$6 million", "40 per cent", "1,200".
_LEADING_AMOUNT = re.compile(rf"^(?:{_CURRENCY}\s?)?\d[\d.,]*(?:\s?(?:{_MAGNITUDE}|per cent|percent|%))?")


def narrow_to_amount(text: str, start: int, end: int, max_words: int = 6) -> tuple[int, int]:
    """A long span that opens with an amount → the amount ("how much/how many → the number").

    Why: "NOK 45 million over three years (2026-2028) to a capacity-building programme…"
    answers "How much is Norway putting in?" with its first three words; the rest is
    context the citation already shows. Spans of up to ``max_words`` words keep their
    unit or noun ("46,000 refugees").
    """
    span = text[start:end]
    if len(span.split()) <= max_words:
        return start, end
    found = _LEADING_AMOUNT.match(span)
    return (start, start + found.end()) if found else (start, end)


#: Words that bound a number ("more than 9 million", "at least 30 per cent", "up to USD 600 million"):
#: without them the figure states another fact. Approximations ("about", "an estimated") are left out.
_BOUND_BEFORE = re.compile(r"\b(?:(?:no\s+)?(?:more|fewer|less)\s+than|at\s+(?:least|most)|up\s+to|nearly|almost|"
                           r"just\s+(?:over|under)|in\s+excess\s+of)\s+$", re.IGNORECASE)
_NUMBER_START = re.compile(rf"(?:{_CURRENCY}\s?)?\d")


def keep_bound(text: str, start: int, end: int) -> tuple[int, int]:
    """A number the text bounds → the number with its bound ("9 million" → "more than 9 million").

    Why: asked "How many people are threatened by sea-level rise?" of "more than 9 million
    people", the reader returned "9 million", a figure the text does not state; the shortest
    span that fully answers keeps the bound. Only bounds move the span: of SQuAD 1.0's training
    golds to "How many/much…?" that open at a number so bounded, 155 include the bound and 204
    leave it out (annotators differ; the press sets' writers include it), while after "about",
    "approximately", "some" or "an estimated" 388 leave it out and 84 include it.
    """
    if not _NUMBER_START.match(text, start):
        return start, end
    bound = _BOUND_BEFORE.search(text, max(0, start - 30), start)
    return (bound.start(), end) if bound else (start, end)


def drop_leading_ordinal(text: str, start: int, end: int) -> tuple[int, int]:
    """A count opened by an ordinal or a verb spelled like one → the count ("second two …" → "two …").

    Why: "the Directorate would second two flood forecasting specialists" answers "How many
    experts will it post?" with "second two"; "the first three" answers it with "three".
    None of SQuAD 1.0's 5,098 "how many" training golds opens with an ordinal before a number.
    """
    found = _ORDINAL_COUNT.match(text, start, end)
    return (found.start(1), end) if found else (start, end)



_NUMBER = (r"(?:\d[\d.,]*\d|\d)(?:\s(?:thousand|million|billion))?|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|"
           r"eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|"
           r"sixty|seventy|eighty|ninety|hundred|dozen)\b")
_NUMBER_RE = re.compile(_NUMBER, re.IGNORECASE)
_ORDINAL_COUNT = re.compile(rf"(?:the\s+)?(?:{'|'.join(ORDINAL_WORDS)}|last|next)\s+({_NUMBER})", re.IGNORECASE)
#: Words that join two numbers into one answer: a range, a choice, a share, a sum ("64 to 104", "36 of the 68").
_JOINING = re.compile(r"[-–—/]|\b(?:and|or|to|of|out|between|nor|plus|per)\b", re.IGNORECASE)


def narrow_to_count(text: str, start: int, end: int, counted: str) -> tuple[int, int]:
    """A span holding several numbers, for "How many <things>?" → the number of those things.

    "284 participants from 27" answers "How many countries…?" of "… from 27 countries" with
    "27", the one number the counted noun (``counted``, a stem) follows. Numbers joined into
    one answer ("between 64 and 104", "36 of the 68 seats", "1,200 heavy and 549 light guns")
    are left together. Measured on SQuAD 1.0's training set: of 4,890 "how many" golds, 8 change, most to the
    number they open with ("400,000" of "400,000 visitors … (around 30,000 per day)").
    """
    numbers = list(_NUMBER_RE.finditer(text, start, end))
    if len(numbers) < 2 or any(_JOINING.search(text, a.end(), b.start()) or not text[a.end():b.start()].strip()
                               for a, b in zip(numbers, numbers[1:])):
        return start, end
    counting = [m for m in numbers
                if counted in tokenize(" ".join(text[m.end():m.end() + 40].split()[:3]))]
    return counting[0].span() if len(counting) == 1 else (start, end)


def narrow_to_date(text: str, start: int, end: int, pipeline: str, max_words: int = 8) -> tuple[int, int]:
    """A long span holding one date → the date ("when → the date").

    Why: asked "When is the follow-up technical mission scheduled?", the reader returned the
    whole clause "the visit, a joint technical mission of … will travel to the region from 7
    to 18 April 2025"; the question asks for its last words. A span of more than ``max_words``
    words that holds exactly one date (spaCy's DATE) within one sentence is cut to that date,
    with a "from" before a range ("from 7 to 18 April 2025"). Measured on SQuAD 1.0's
    training set: 49 of its 5,255 "When…?" golds are such spans (0.9%), most a clause around
    the date ("immediately after the launch of Compass-M1 on 14 April 2007").
    """
    found = sentence_of(text, start, end) if len(text[start:end].split()) > max_words else None
    if found is None:
        return start, end
    sentence_start, sentence_end = found
    dates = [m for m in parse_sentence(text[sentence_start:sentence_end], pipeline).entities
             if m.label == "DATE" and start <= sentence_start + m.start and sentence_start + m.end <= end]
    if len(dates) != 1:
        return start, end
    date_start, date_end = sentence_start + dates[0].start, sentence_start + dates[0].end
    before = re.search(r"\b(?:from|between)\s+$", text[start:date_start], re.IGNORECASE)
    if before and re.search(r"\b(?:to|and|until)\b|[-–]", text[date_start:date_end]):
        date_start = start + before.start()
    return date_start, date_end


#: "How much/large/long/far…?", "What size/area…?": a question asking for a measured value.
VALUE_QUESTION = re.compile(r"^\W*(?:how\s+(?:much|large|big|long|far|high|tall|heavy|deep|wide)|"
                            r"what\s+(?:size|area|length|height|weight|volume|amount|quantity)\b)", re.IGNORECASE)
#: A question naming its unit ("How far … in kilometers?"): the bare number answers it.
UNIT_NAMED = re.compile(r"\bin\s+(?:\w+\s+)?(?:kilomet|km|miles|metres|meters|feet|inches|tonnes|tons|"
                        r"pounds|kilograms|kg|hectares|acres|litres|liters|gallons|dollars|euros|percent)",
                        re.IGNORECASE)
#: A bare number, no currency: "150,000", "9.3 million".
_BARE_NUMBER = re.compile(r"^\d[\d.,]*(?:\s(?:thousand|million|billion|trillion))?$")


def complete_unit(text: str, start: int, end: int, pipeline: str) -> tuple[int, int]:
    """A bare number followed by the noun it measures → the number with it ("150,000" → "150,000 tonnes").

    Why: asked "What size of grain stockpile did the ministers agree to?", the reader returned
    "150,000" of "150,000 tonnes of maize, sorghum and rice"; without its unit the number says
    little. Only the noun right after the number that the number modifies (spaCy's nummod or
    compound head) is taken. On SQuAD 1.0's training set, golds to such questions (money ones
    included) that hold a number and a word after it outnumber bare numbers with a word
    following in the text 453 to 121. Callers leave sums of money alone: "600" for "How much is
    Indonesia contributing…?" is no sum, and "600 inspectors" would hide that from the money
    checks (``qa.answer_amount``).
    """
    if not _BARE_NUMBER.match(text[start:end]):
        return start, end
    found = sentence_of(text, start, end)
    if found is None:
        return start, end
    s, e = found
    parse = parse_sentence(text[s:e], pipeline)
    inside = [i for i, token in enumerate(parse.tokens) if start - s <= token[0] and token[1] <= end - s]
    if not inside or inside[-1] + 1 >= len(parse.tokens):
        return start, end
    number, after = inside[-1], inside[-1] + 1
    if (parse.heads[number] == after and parse.deps[number] in ("nummod", "compound")
            and parse.tokens[after][3] == "NOUN" and text[end:s + parse.tokens[after][0]].isspace()):
        return start, s + parse.tokens[after][1]
    return start, end


#: A sum of money: "US$6 million", "EUR 210 million", "$9.2 million", "GBP 95 million".
_MONEY_SUM = re.compile(rf"{_CURRENCY}\s?\d[\d.,]*\d?(?:\s(?:{_MAGNITUDE}))?", re.IGNORECASE)
#: "… from/by the Republic of Kazakhstan": the giver named after a sum, up to the next item.
_GIVER_AFTER = re.compile(r"\s+(?:from|by)\s+([^,;()]+?)(?=[,;()]|\s+(?:and|to|for|through|over|in)\s|[.!?]?$)")
#: Words before a sum that make it a point or a bound, not a gift ("grew from an estimated $20 billion").
_NOT_GIVER = re.compile(r"\b(?:from|to|by|than|at|over|under|about)\b", re.IGNORECASE)
#: Where the words naming the giver of a sum before it begin: after a comma, "and", "while"….
_ITEM_START = re.compile(r".*(?:[,;:]|\band\b|\bwhile\b|\bwhereas\b)", re.DOTALL)
#: Month names, which a capitalised word of a giver never is ("by July 2007" names a time).
_MONTHS = frozenset(month.lower() for month in calendar.month_name[1:])
#: Words after which a money question names what receives the money, not who gives it.
_RECEIVER = re.compile(r"\b(?:to|for|towards?|into|under|in)\b", re.IGNORECASE)
#: Currency codes, capitalised in a question but no giver's name.
_CURRENCY_WORDS = "USD EUR GBP CAD JPY CHF NOK SEK DKK AUD US"


def _givers(sentence: str) -> list[tuple[int, int, str]]:
    """Each sum of ``sentence`` with the words that name who gives it, after it ("from X") or before it."""
    found = []
    for money in _MONEY_SUM.finditer(sentence):
        after = _GIVER_AFTER.match(sentence, money.end())
        if after:
            giver = after.group(1)
        else:
            before = sentence[:money.start()]
            item = _ITEM_START.match(before)
            giver = before[item.end() if item else 0:]
            if _NOT_GIVER.search(giver):  # "grew from an estimated $20 billion": a starting point, no giver
                giver = ""
        found.append((money.start(), money.end(), giver))
    return found


def move_to_givers_sum(text: str, start: int, end: int, giver: frozenset[str]) -> tuple[int, int]:
    """A sum given by someone else → the sum of the same sentence that the asked giver gives.

    Why: asked "How much is Kazakhstan contributing?", the reader may take "US$10 million"
    of "contributions of US$10 million from the Republic of Uzbekistan, US$6 million from
    the Republic of Kazakhstan and US$8 million from …": every sum of such a list fits the
    question's shape, and only the words around it say whose it is ("from X" after it, or
    "X will contribute" / "X" before it, back to the previous comma or "and"). The span
    moves only when its own giver shares none of the question's names (``giver``) and
    exactly one other sum's giver does; otherwise it stays, so a sum with no giver named
    nearby is never moved.
    """
    found = sentence_of(text, start, end)
    if not giver or found is None:
        return start, end
    s, e = found
    sums = _givers(text[s:e])
    own = next(((a, b, g) for a, b, g in sums if s + a <= start < s + b or start <= s + a < end), None)
    if own is None or giver & name_words(own[2]):
        return start, end
    theirs = [(a, b) for a, b, g in sums if giver & name_words(g)]
    return (s + theirs[0][0], s + theirs[0][1]) if len(theirs) == 1 else (start, end)


def name_words(words: str) -> frozenset[str]:
    """The capitalised words of ``words``, lower-cased: the names a giver is known by (not months, nor "Q1")."""
    return frozenset(w.lower() for w in re.findall(r"\b[A-Z][\w'-]*", words) if not re.search(r"\d", w)) - _MONTHS


def asked_givers(question: str) -> frozenset[str]:
    """The names a money question gives its giver by ("How much is Kazakhstan contributing to the Fund?" → kazakhstan).

    The names after its first word and before the first "to/for/towards/into…", which
    names what receives the money, not who gives it.
    """
    words = question.split(maxsplit=1)
    giver_part = _RECEIVER.split(words[1])[0] if len(words) > 1 else ""
    return name_words(giver_part) - name_words(_CURRENCY_WORDS)

