"""Answer shapes: whether a candidate span can be the kind of answer its question asks for.

Checked on each ranked candidate after the reader (``qa.answering``): a span of the wrong
shape is passed over for the next one, and when none fits the assistant says the sources do
not say, with the reason. Each check is general English about the question and the span; none
knows any document's words, and each was measured on SQuAD 1.0's training questions before it
was kept (the figures are in the docstrings).
"""

from __future__ import annotations

import re

from qa.answer_amount import CALENDAR_YEAR, POINT_IN_TIME
from qa.lexical import STOPWORDS
from qa.occasion import MONTH as _MONTH
from qa.occasion import ORDINAL_WORDS
from qa.question import analyse, choices
from qa.lists import HONORIFICS

#: Only a number or an amount ("USD 12.4 million", "62.8%", "1997"): it names no one.
_BARE_AMOUNT = re.compile(r"^\W*(?:(?:US|USD|EUR|GBP)?\s*[$€£¥]?\s*)\d[\d.,\s]*"
                          r"(?:%|percent|per cent|thousand|million|billion|trillion|bn|m)?\W*$", re.IGNORECASE)


#: "Which donors / partner countries / agencies…?": a wh-phrase headed by people or bodies (not "What
#: percentage of people…?", "What year did nations…?").
_AGENT_QUESTION = re.compile(
    r"\b(?:which|what)\s+(?:(?!(?:of|did|do|does|is|was|were|are|percentage|percent|number|share|proportion|year|"
    r"amount)\b)[\w-]+\s+){0,2}?(?:donors?|partners?|countries|governments?|agenc(?:y|ies)|organi[sz]ations?|"
    r"compan(?:y|ies)|ministers?|officials?|members?|nations?|institutions?|sponsors?|funders?|contributors?|"
    r"bod(?:y|ies)|ministr(?:y|ies)|firms?|people|persons?|individuals?)\b(?!\s+(?:of|per)\b)", re.IGNORECASE)


def names_someone(question: str, answer: str) -> bool:
    """Whether ``answer`` can be the person or body a "who" question asks for.

    Why: asked "Who is paying for the programme?", the reader may return the amount paid
    ("USD 12.4 million"), the strongest span near the question's words. A span that is only
    a number, an amount or a calendar day names no one (4 of the 9,444 "who" questions of
    SQuAD 1.0's training set have such a gold answer, each a question whose "who" opens a
    relative clause). "Which donors / countries / agencies…?" asks for someone too ("USD 250
    million" for "Which donors have pledged capital to the Facility?"): none of SQuAD's 1,452
    golds to such which-questions is an amount or a day. Other questions always pass.
    """
    kind = analyse(question).kind
    if kind != "who" and not (kind == "which" and _AGENT_QUESTION.search(question)):
        return True
    return not (_BARE_AMOUNT.match(answer) or POINT_IN_TIME.match(answer))


#: A titled name and nothing else ("Dr. Ilse Varga-Moen", "H.E. Mr. Rasmus Deyne-Hallor"); group 1 is the surname.
_TITLED_NAME = re.compile(rf"^\s*(?:{HONORIFICS}\.?\s+)+(?:[A-Z][\w'’.-]*\s+){{0,4}}([A-Z][\w'’-]*)\s*$")
#: A question asking for a name ("What is the full name of Dr. Varga-Moen?"), which may be the one it gives.
_ASKS_NAME = re.compile(r"\bnames?\b", re.IGNORECASE)


def names_someone_else(question: str, answer: str) -> bool:
    """Whether ``answer`` is more than the person the question itself names.

    Why: asked "Which research body is Dr. Varga-Moen in charge of?" or "What is
    Castellanos-Amini's full title?", the reader may return the person's own name, introduced
    in full next to the answer ("Dr. Ilse Varga-Moen, Director of …"). A span that is only a
    titled name whose surname the question already gives answers nothing about that person.
    Only titled names are checked, the register of official copy: of the 109 SQuAD 1.0
    training answers that are one, 3 repeat a surname of their question (a building named
    after its donor, "Mrs. Brown" as a nickname). Questions asking for a name always pass.
    """
    found = _TITLED_NAME.match(answer)
    if found is None or _NAMING.search(question) or _ASKS_NAME.search(question):
        return True
    return not re.search(rf"(?<![\w-]){re.escape(found.group(1))}(?![\w-])", question)


#: A named body or office: "<Head> of/for [the] <Capitalised words>" ("Ministry of Justice", "Duke of Clermont").
_NAMED_BODY = re.compile(r"\b([A-Z][\w'-]*)\s+(?:of|for)\s+(?:the\s+)?"
                         r"([A-Z][\w'-]*(?:\s+(?:(?:and|&|of|the|for)\s+)?[A-Z][\w'-]*)*)")
#: Questions about a body *related* to the one they name ("the other department", "the Duke's successor").
_RELATED = re.compile(r"\b(?:other|another|besides|apart\s+from|along\s+with|instead|successor|predecessor|"
                      r"succeed\w*|replac\w*|reports?\s+to|reported\s+to|rivals?|opponents?)\b", re.IGNORECASE)


def names_asked_body(question: str, answer: str) -> bool:
    """Whether ``answer`` can be about the body or office a "Who…?" question names.

    Why: asked "Who represented the Ministry of Justice at the dialogue?" of a release that
    lists that ministry among the participants but names only the co-chairs, the reader
    returns "Mr. Lee Chul, Director-General … at the Ministry of Foreign Affairs". An answer
    that names another body of the same kind ("Ministry of <Y>" for "Ministry of <X>") and
    not the one asked about speaks of someone else. Measured on SQuAD 1.0's training set:
    of its 531 "Who…?" questions naming a "<Head> of <X>", 5 gold answers name another one,
    3 of them for questions about a related office ("Who does the Secretary of the Air Force
    report to?"), which are not checked.
    """
    if not re.match(r"\W*who(?:m|se)?\b", question, re.IGNORECASE) or _RELATED.search(question):
        return True
    asked = {(m.group(1).lower(), m.group(2).lower()) for m in _NAMED_BODY.finditer(question)}
    if not asked or any(name in answer.lower() for _, name in asked):
        return True
    named = [(m.group(1).lower(), m.group(2).lower()) for m in _NAMED_BODY.finditer(answer)]
    return not any(head == other_head and name not in other and other not in name
                   for head, name in asked for other_head, other in named)


#: "Who is [X's] the <Capitalised Title> [of …]?", "What is the name of the <Title> …?": the title asked
#: about (not a possessor's name).
_ROLE_QUESTION = re.compile(r"^\s*(?i:(?:who\s+(?:is|was|are|were|will\s+be|has\s+been)|what\s+(?:is|was)\s+the\s+"
                            r"(?:full\s+)?name\s+of)\s+(?:the\s+|an?\s+)?)"
                            r"(?:[A-Z][\w.-]*'s\s+)?((?:[A-Z][\w-]*\s+)*[A-Z][\w-]*)"
                            r"(?=\s+(?:of|for|at|in|on)\b|\s*\?*\s*$)")
#: Words that make a different office of the title after them ("*Assistant* Director-General").
_RANK_MODIFIERS = frozenset({"deputy", "assistant", "vice", "associate", "acting", "former", "interim", "under",
                             "sub", "co", "junior", "adjunct", "honorary"})


def asked_title(question: str) -> str | None:
    """The capitalised title a "Who is the <Title> of …?" question asks about, less a leading acronym.

    "*UN* High Commissioner" names the "United Nations High Commissioner": the acronym may be spelt out.
    """
    match = _ROLE_QUESTION.match(question)
    return None if match is None else re.sub(r"^(?:[A-Z]{2,}\s+)+", "", match.group(1))


def mentions_title(question: str, passage: str) -> bool:
    """Whether ``passage`` names the title a "Who is the <Title> of …?" question asks about.

    Why: asked "Who is the Executive Director of UNODC?" about a text naming only a
    *Director* of a UNODC division, or "Who is the Director-General of FAO?" about its
    *Assistant* Director-General, the reader confidently returns the person it can see; but
    a passage that never names the office (case aside), or names it only with a rank
    modifier that makes it another office ("Deputy", "Assistant", "Vice", "Acting"…), cannot
    say who holds it. Only capitalised titles count (a title copied from the text, as
    "Minister of Foreign Affairs"), less a leading acronym ("*UN* High Commissioner" names
    the "United Nations High Commissioner"); other questions always pass.
    """
    if (title := asked_title(question)) is None:
        return True
    for found in re.finditer(rf"(?<![\w-]){re.escape(title)}(?![\w-])", passage, re.IGNORECASE):
        before = re.findall(r"(\w+)[\s-]*$", passage[:found.start()])
        if not (before and before[-1].lower() in _RANK_MODIFIERS):
            return True
    return False


#: "What date…?", "on which day…", "the exact date of…": a question asking for a calendar day.
_ASKS_DAY = re.compile(r"\b(?:what|which|exact|precise|specific)\s+(?:(?!present\b|modern\b|current\b)\w+\s+)?"
                       r"(?:date|day)s?\b(?![\s-]+(?:back|to-day|countr|nation|state|region|cit))", re.IGNORECASE)
_EXACT = re.compile(r"\b(?:exact|precise|specific)(?:ly)?\b", re.IGNORECASE)
_BARE_YEAR = re.compile(r"^\s*(?:in\s+|by\s+)?\d{4}\s*$")
#: A day of a month, of the week, or a named day ("Christmas Day"): what makes a date a day. A bare
#: number is none: "(5)", a paragraph's number, is not the date of anything.
_DAY = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?(?:\s*(?:-|–|to|and)\s*\d{{1,2}}(?:st|nd|rd|th)?)?"
                  rf"\s+(?:of\s+)?{_MONTH}|"
                  rf"{_MONTH}\s+\d{{1,2}}\b|"
                  r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b[A-Z]\w+ Day\b|"
                  r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b",
                  re.IGNORECASE)


#: Any word of time: a digit, a month, a weekday, a season, a feast, "the next day", or an ordinal alone ("the
#: second" day; not "the Eighth Regional Conference").
TIMELY = re.compile(rf"\d|\b{_MONTH}(?!\w)|(?:mon|tues|wednes|thurs|fri|satur|sun)day|\b(?:days?|weekdays?|weekends?|"
                     r"weeks?|months?|years?|seasons?|spring|summer|autumn|fall|winter|christmas|easter|eve|today|"
                     r"tomorrow|yesterday|night|morning|afternoon|evening|noon|midnight|centur(?:y|ies)|decades?|era|"
                     r"period|ages?|hours?|times?|dates?|holidays?|festival|anniversary|sabbath|feast)\b|"
                     rf"^\W*(?:the\s+)?(?:{'|'.join(ORDINAL_WORDS)})\W*$", re.IGNORECASE)


def states_day(question: str, answer: str) -> bool:
    """Whether ``answer`` can be the day a "what date / which day…?" question asks for.

    Why: asked "On what exact date will the next session take place?" when the text gives
    only the year, the reader returns the year ("2026"), which does not answer. A bare year
    never fits such a question, and when it says "exact", "precise" or "specific", neither
    does any answer without a day ("the first quarter of 2025"). Measured on SQuAD 1.0's
    training set: of its 514 "what/which date/day" questions, 9 have a bare year as gold (a
    loose annotation) and none says "exact". Nor does an answer with no word of time at all
    ("Windhoek, Namibia" for "On what dates will the forum take place?"): of the 539 such
    golds (questions about "present day countries" or what "dates back" are not asked for a
    day), 4 have none, a feast by its place's name ("Ghadir Khumm") among them. A question
    asking for more than the day ("What venue hosted it, and on which date?") may be
    answered with its other part. Other questions always pass.
    """
    if not _ASKS_DAY.search(question):
        return True
    compound = len(re.findall(r"\b(?:what|which|who|whom|where|when|how)\b", question, re.IGNORECASE)) > 1
    if _BARE_YEAR.match(answer) or not (compound or TIMELY.search(answer)):
        return False
    return not _EXACT.search(question) or bool(_DAY.search(answer))


#: "What is the model dubbed?": a name may repeat the question's words ("the Zhejiang model").
_NAMING = re.compile(r"\b(?:called|dubbed|named|termed|known\s+as|referred\s+to\s+as|nicknamed)\b", re.IGNORECASE)


def adds_to_question(question: str, answer: str) -> bool:
    """Whether ``answer`` says anything the question does not: a span of only its words cannot answer it.

    Why: asked "Who are the founding partners of the Coastal Fund?", the reader may return
    "the Coastal Fund", the question's own words. Only 1% of SQuAD 1.0's training answers
    are made of their question's content words, nearly all options of an alternative
    question ("Is it abstract or concrete?" → "concrete"), which pass here when they hold a
    word of the four on either side of an "or" ("Was it edited or altered when it was
    distributed?" is not answered "Distributed"; 1 of SQuAD's 463 alternative questions'
    golds fail that), as do questions asking what something is called. Nor can articles and
    prepositions alone ("the"; 2 of SQuAD's 87,599 golds are "on"), nor the acronym of a name
    the question states (``spelt_acronym``).
    """
    terms = _words(answer)
    if not terms:  # "no" and "all" can answer; "the" alone (a reader's slip) cannot
        return not set(re.findall(r"[^\W_]+", answer.lower())) <= _NAME_GLUE
    if spelt_acronym(question, answer):
        return False
    if _NAMING.search(question) or not terms <= _words(question) or _new_name(question, answer):
        return True
    # an alternative question's answer is one of its options: a word near one of its "or"s
    if not choices(question):
        return False
    words = question.split()
    near_or = [w for i, w in enumerate(words)
               if any(other.strip(",;:").lower() == "or" for other in words[max(0, i - 4):i + 5])]
    return bool(terms & _words(" ".join(near_or)))


#: "What is UNODC's mission?", "What was the goal of the programme?": the aim is the subject asked for
#: (not "What is the name of the mission?" nor "What is added for sizing purposes?").
_AIM_QUESTION = re.compile(r"^\W*what\s+(?:is|was|are|were|will\s+be|has\s+been)\s+"
                           r"(?:(?!(?:of|for|in|on|at|by|with|and|or|to)\b)[\w'’.-]+\s+){0,5}?"
                           r"(?:aims?|purposes?|goals?|objectives?|missions?|mandates?)\s*(?:\?|$|(?:of|behind)\b)",
                           re.IGNORECASE)
_NAME_GLUE = frozenset({"of", "the", "and", "for", "on", "in", "to", "a", "an", "de", "&"})


def states_aim(question: str, answer: str) -> bool:
    """Whether ``answer`` can be the aim a "What is X's mission/goal/purpose?" question asks for: no bare name.

    Why: asked "What is UNODC's mission?", the reader returned "ROK-UNODC Strategic Dialogue",
    a name in the sentence after the one stating the mission ("to support efforts of …"). An
    aim is an activity or a state of affairs; a span whose every word is capitalised (its
    glue words aside) names something instead. Measured on SQuAD 1.0's training set: none of
    the 192 golds to such questions is turned away, nor any of the 8 answers to them over the
    eval sets.
    """
    if not _AIM_QUESTION.search(question):
        return True
    words = [w for w in re.findall(r"[^\W_][\w'’.-]*", answer) if w.lower() not in _NAME_GLUE]
    return not words or not all(w[0].isupper() for w in words)


#: A question asking for an acronym or short form, which one of its names may well answer.
_ASKS_ACRONYM = re.compile(r"\b(?:acronyms?|abbreviat\w*|initials|stands?\s+for|short(?:ened)?\s+(?:name|form))\b",
                           re.IGNORECASE)
#: A capitalised name of two words or more, with the small words that join them ("Fund for Child Nutrition").
_CAPITALISED_NAME = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:(?:of|for|on|and|the|de|&)\s+)*[A-Z][\w'’-]*)+")


def spelt_acronym(question: str, answer: str) -> bool:
    """Whether ``answer`` is only the acronym of a name the question states ("GFCN" for "… Child Nutrition?").

    Why: asked "Who is the head of the Global Fund for Child Nutrition?", the reader returned
    "GFCN" from the release's header "GLOBAL FUND FOR CHILD NUTRITION (GFCN)": the question's
    own name, shortened, which says nothing new. The initials of the name's capitalised words
    (or of all its words) spell it. Not when the question asks for an acronym or short form
    ("What is the acronym for British Broadcasting Corporation?"). Of SQuAD 1.0's 87,621
    training golds, 9 are such acronyms, 8 of them to questions asking for one.
    """
    core = re.sub(r"^the\s+", "", answer.strip(), flags=re.IGNORECASE).replace(".", "")
    if _ASKS_ACRONYM.search(question) or not re.fullmatch(r"[A-Z][A-Z&]{1,9}s?", core):
        return False
    spelt = set()
    for name in _CAPITALISED_NAME.findall(question):
        words = name.split()
        spelt |= {"".join(w[0] for w in words if w[0].isupper()).upper(), "".join(w[0] for w in words).upper()}
    return core in spelt or core.removesuffix("s") in spelt


def _new_name(question: str, answer: str) -> bool:
    """Whether ``answer`` is a name of two capitalised words or more that the question does not spell out.

    "Which ministry handles food and drug safety?" → "the Ministry of Food and Drug Safety":
    every word is the question's, but the name, as a name, is what it asks for.
    """
    capitalised = [w for w in re.findall(r"[^\W_][\w'’-]*", answer) if w.lower() not in STOPWORDS]
    return (len(capitalised) >= 2 and all(w[0].isupper() for w in capitalised)
            and " ".join(answer.lower().split()).removeprefix("the ") not in " ".join(question.lower().split()))


def _words(text: str) -> set[str]:
    """Lower-cased content words, unstemmed: "randomized" says more than "random"."""
    return {w for w in re.findall(r"[^\W_]+", text.lower()) if w not in STOPWORDS}


#: "At what time (UTC)…?", "What time of day…?", "At what hour…?": a question asking for a clock time.
_CLOCK_QUESTION = re.compile(r"\b(?:what|which)\s+time\b(?!\s+(?:system|zone|period|frame|scale|span)s?\b)"
                             r".*\b(?:UTC|GMT|CET|CEST|EST|EDT|PST|PDT|local\s+time)\b"
                             r"|\bwhat\s+time\s+of\s+(?:the\s+)?day\b|\bat\s+what\s+hour\b", re.IGNORECASE)
#: A clock time, or a time of day: "00:52", "2.30 p.m.", "noon", "in the evening".
_CLOCK = re.compile(r"\b\d{1,2}[:.h]\d{2}\b|\b\d{1,2}\s*(?:a\.?m\b\.?|p\.?m\b\.?)|\b(?:noon|midday|midnight|"
                    r"o'clock|dawn|dusk|sundown|sunrise|sunset|morning|afternoon|evening|night)\b", re.IGNORECASE)


def states_clock_time(question: str, answer: str) -> bool:
    """Whether ``answer`` can be the clock time a question asks for ("At what time (UTC) was it distributed?").

    Why: the reader answered that question with the day ("January 27, 2026") next to the time
    ("00:52 UTC"). Only questions that name a time zone or ask for the time of day or the hour
    are checked: SQuAD asks "what time…?" of eras too ("Around what time did…?" → "the 19th
    century"). Of SQuAD 1.0's 6 training questions of this kind, 5 golds state a clock time or
    a time of day (the other asks which time *system*, not checked).
    """
    return not _CLOCK_QUESTION.search(question) or bool(_CLOCK.search(answer))


_EMAIL_QUESTION = re.compile(r"\be-?mail(?:\s+address)?\b", re.IGNORECASE)
_PHONE_QUESTION = re.compile(r"\b(?:tele)?phone\s+number|\bfax\s+number|\bcontact\s+number", re.IGNORECASE)


def states_contact(question: str, answer: str) -> bool:
    """Whether ``answer`` has the form of the e-mail address or phone number a question asks for.

    Why: asked "What email address should readers contact?" of a text that gives none, the
    reader returns the words around where one would be ("us at"). An e-mail address has an
    "@"; a phone or fax number has at least six digits. Other questions always pass.
    """
    if _EMAIL_QUESTION.search(question) and "@" not in answer:
        return False
    return not (_PHONE_QUESTION.search(question) and len(re.findall(r"\d", answer)) < 6)


_BODY_QUESTION = re.compile(r"\b(?:which|what)\s+(?:[\w-]+\s+){0,2}?(?:organi[sz]ations?|bod(?:y|ies)|agenc(?:y|ies)|"
                            r"institutions?|ministr(?:y|ies)|entit(?:y|ies)|compan(?:y|ies)|departments?|firms?)\b",
                            re.IGNORECASE)
#: An answer opening with a form of address: a person ("Sir" and "Dame" also open bodies' names).
_ADDRESSED = re.compile(r"^\W*(?:Mr|Ms|Mrs|Dr|Prof|H\.\s?E|Hon|Amb)\.?\s")


def names_body_not_people(question: str, answer: str) -> bool:
    """Whether ``answer`` can be the body a "Which bodies/agencies/ministries…?" question asks for.

    Why: asked "Which bodies co-organised the meeting?", the reader returned the co-chairs
    ("Mr. Lee Chul, Director-General … at the Ministry …, and Ms. …"): people named with
    their bodies are not the bodies. Of SQuAD 1.0's 1,269 training questions of this kind,
    1 gold opens with a form of address, "Sir Alister Hardy Foundation…", which is not one here.
    """
    return not (_BODY_QUESTION.search(question) and _ADDRESSED.match(answer))


_BODIES_QUESTION = re.compile(r"\b(?:which|what)\s+(?:[\w-]+\s+){0,2}?(?:organi[sz]ations|bodies|agencies|institutions|"
                              r"ministries|entities|companies|departments|firms|authorities|offices)\b", re.IGNORECASE)


def names_bodies(question: str, answer: str) -> bool:
    """Whether a list ``answer`` can be the bodies a "Which agencies/ministries…?" question asks for.

    Why: asked "Which agencies took part in the dialogue?", the reader's "law enforcement
    agencies" widened to the list it ends: "Southeast Asia, drug control cooperation,
    anti-corruption responses, and capacity enhancement of law enforcement agencies", a list of
    topics. A list of three or more items, most of them lower-case phrases, names no bodies.
    Of SQuAD 1.0's 130 training golds to such questions, 29 are lists of three or more and 1
    is mostly lower-case ("clothing, furniture, home appliances, …" for "What sorts of departments…?").
    """
    if not _BODIES_QUESTION.search(question):
        return True
    items = [re.sub(r"^(?:the|a|an)\s+", "", item.strip(), flags=re.IGNORECASE)
             for item in re.split(r"[,;]|\band\b|\bor\b", answer) if item.strip()]
    return len(items) < 3 or 2 * sum(item[:1].islower() for item in items) <= len(items)


#: "Where…?" asking nothing else ("Where and when…?" may be answered by a date).
_ONLY_WHERE = re.compile(r"^\W*where\b(?!.*\b(?:when|what|which|who|whom|how)\b)", re.IGNORECASE | re.DOTALL)


def states_place(question: str, answer: str) -> bool:
    """Whether ``answer`` can be the place a "Where…?" question asks for: a date or a year cannot.

    Why: asked "Where in Lusaka was the launch ceremony held?" of a text that names no venue,
    the reader's next span was the ceremony's date ("10 March 2026"). Measured on SQuAD 1.0's
    training set: 3 of its 3,230 "Where…?" golds are a date or a year ("Where did Turkey start
    the fiscal year?" → "1 March").
    """
    return not (_ONLY_WHERE.match(question) and (POINT_IN_TIME.match(answer) or CALENDAR_YEAR.match(answer)))
