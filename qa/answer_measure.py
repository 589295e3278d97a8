"""Answer measures: whether a figure is the kind of measure, and of the size, a question asks for.

Split from ``qa.answer_amount`` (same contract: each check takes the question and the answer
text, or the sentence and the span's offsets in it as in ``qa.answer_syntax``, is general
English, and was measured on SQuAD 1.0's training questions before it was kept): a year read
as a count, a sum of money for a term or a rate, a part larger than the whole the question
names.
"""

from __future__ import annotations

import re

from qa.answer_amount import CURRENCY, PART
from qa.occasion import MONTH

#: "How many/much…?" (not "how long/old/often", whose answers may be years: "since 1998").
_HOW_MANY_OR_MUCH = re.compile(r"\bhow\s+(?:many|much)\b", re.IGNORECASE)
#: A bare year, and what makes a number before it a point in time: "by 2032", "in March 2026".
_BARE_YEAR = re.compile(r"^\W*(?:1\d|20|21)\d\d\W*$")
_YEAR_BEFORE = re.compile(rf"\b(?:in|by|since|until|till|before|after|through|during|{MONTH})\s*$", re.IGNORECASE)


def counts_not_a_year(question: str, sentence: str, start: int, end: int) -> bool:
    """Whether the span is no year read as a count for "How many/much…?".

    Why: asked "How many marine protected areas do the Member States have?" of "protect 30 per
    cent … through a network of marine protected areas by 2032", the reader returned "2032":
    a year, which says when, not how many. A bare four-digit number right after "in", "by",
    "since", "until", "before", "after", "through", "during" or a month is a year. Measured on
    SQuAD 1.0's 6,220 training golds to "How many/much…?": 2 are such years, both misread
    questions ("In 2004 how many CDs had been sold…?" → "2004").
    """
    if not _HOW_MANY_OR_MUCH.search(question) or not _BARE_YEAR.match(sentence[start:end]):
        return True
    return _YEAR_BEFORE.search(sentence[:start]) is None


#: "What is the repayment term / daily capacity / interest rate of …?": a measure other than money.
_OTHER_MEASURE = re.compile(r"\b(?:what|which)\s+(?:[\w-]+\s+){0,4}?(terms?|periods?|durations?|capacit(?:y|ies)|"
                            r"populations?|lengths?|areas?|heights?|weights?|speeds?|ages?|distances?|depths?|"
                            r"widths?|temperatures?|rates?)\b", re.IGNORECASE)
#: A rate in money is a sum per unit: "$10 per month", "$2 billion a year".
_PER = re.compile(r"\b(?:per|a|an|each|every)\s+\w+\s*$|/\s*\w+\s*$", re.IGNORECASE)


def states_other_measure(question: str, sentence: str, start: int, end: int) -> bool:
    """Whether the span is no sum of money for a question asking for another measure.

    Why: asked "What is the repayment term of the loan?", "What interest rate will the loans
    carry?" or "What is the daily production capacity of the plant?", the reader returned the
    nearest sum ("USD 50 million", "USD 600 million", "EUR 40 million"). A term, period,
    capacity, population, length, area, age, rate… is no amount of money, except a rate stated
    per unit ("$10 per month"). Measured on SQuAD 1.0's training set: none of the 2,403 golds to
    "What/Which <such noun>…?" questions fails (two are rates per month or year); "size", which
    can be a budget's, is not checked. The currency may stand just before the span ("USD" of
    "USD 275 million" for a span "275 million").
    """
    answer = sentence[start:end]
    if not (asked := _OTHER_MEASURE.search(question)) or not CURRENCY.search(sentence, max(0, start - 5), end):
        return True
    return asked.group(1).lower().startswith("rate") and _PER.search(answer) is not None


#: "How much of the USD 12 million grant…?": the sum the question names as a whole.
_PART_OF_WHOLE = re.compile(r"\bhow\s+much\s+of\s+(?:the|its|their|this|that|a|an)?\s*"
                            r"(?P<whole>(?:[$€£¥]|(?-i:\b[A-Z]{3}\b)|US\$)\s?\d[\d,.]*"
                            r"(?:\s*(?:thousand|million|billion|trillion|bn)\b)?)", re.IGNORECASE)
_FIGURE = re.compile(r"(\d[\d,]*(?:\.\d+)?)(?:\s*(thousand|million|billion|trillion|bn)\b)?", re.IGNORECASE)
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}


def _figures(text: str) -> list[float]:
    """Every figure of ``text`` as a number ("USD 12 million" → 12,000,000; "1,450" → 1,450)."""
    values = []
    for number, scale in _FIGURE.findall(text):
        try:
            values.append(float(number.replace(",", "")) * _SCALE.get(scale.lower(), 1.0))
        except ValueError:  # "1.2.3"
            continue
    return values


def within_asked_whole(question: str, answer: str) -> bool:
    """Whether ``answer``'s figure can be a part of the sum "How much of <sum>…?" names.

    Why: asked "How much of the USD 12 million grant is earmarked for the pilot?", the reader
    returned "USD 275 million", the loan beside it: a part cannot exceed its whole. A figure
    in the answer larger than the sum of money the question names as the whole (in the same
    currency, ``same_currency`` checks that) is no part of it. Shares ("40 per cent") and
    answers without a figure pass. None of SQuAD 1.0's training questions names such a sum.
    """
    if not (asked := _PART_OF_WHOLE.search(question)) or PART.search(answer):
        return True
    whole, part = _figures(asked.group("whole")), _figures(answer)
    return not (whole and part and max(part) > whole[0])
