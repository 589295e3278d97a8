"""Question analysis: what kind of answer a question wants, with general linguistic cues.

The wh-word (and the noun after "which/what") says whether a person, a date, a place, a
number, a list or a clause is wanted; nothing here knows any document's vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qa.lexical import STOPWORDS, tokenize

if TYPE_CHECKING:
    from qa.annotate import Mention

PERSON_LABELS = frozenset({"PERSON", "ORG", "NORP"})
DATE_LABELS = frozenset({"DATE", "TIME"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
NUMBER_LABELS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"})

_TIME_NOUNS = r"(?:date|day|year|month|time|period|decade|century)"
_PLACE_NOUNS = r"(?:city|country|place|location|capital|region|venue|headquarters|town|state|continent)"


_NOT_PLURAL = frozenset({"was", "is", "has", "does", "this", "its", "his", "us", "as"})


@dataclass(frozen=True)
class QuestionInfo:
    """Expected answer shape: entity labels wanted (empty = any), list-ness, content terms."""

    kind: str
    labels: frozenset[str]
    wants_list: bool
    terms: tuple[str, ...]


_JOINT = re.compile(r"\bco-?(?:chair|host|lead|led|organi[sz]|sponsor|sign|author|found)\w*|\bjointly\b",
                    re.IGNORECASE)


#: Words that ask for several things whatever the wh-phrase's noun: "list", "what are", "who were".
_LISTING = re.compile(r"\b(list|name (?:the|all)|enumerate|what are|which are|who are|who were)\b")


def _asks_plural(q: str) -> bool:
    """Whether the (lower-cased) question's words ask for several things: "what are", a plural head."""
    head = re.search(r"\b(?:which|what)\s+(?:(?:new|other|key|main|two|three|several|relevant|specific)\s+)?(\w+)", q)
    plural = bool(head and head.group(1).endswith("s") and not head.group(1).endswith("ss")
                  and head.group(1) not in _NOT_PLURAL)
    return plural or bool(_LISTING.search(q))


def analyse(question: str) -> QuestionInfo:
    """Classify a question by its wh-word and head noun (general English, no corpus words)."""
    q = question.lower().strip()
    terms = tuple(tokenize(question))
    # "co-chaired", "jointly", "together with": the verb itself says several agents are wanted.
    joint = bool(_JOINT.search(q))
    wants_list = _asks_plural(q) or joint
    # The question word is the *first* one: in "Who led the army when the city fell?" the
    # "when" opens a subordinate clause and the question asks for a person, not a date.
    shapes = [(m.start(), order, kind, labels) for order, (pattern, kind, labels) in enumerate(_SHAPES)
              for m in [re.search(pattern, q)] if m]
    if not shapes:
        return QuestionInfo("other", frozenset(), wants_list, terms)
    _, _, kind, labels = min(shapes)
    return QuestionInfo(kind, labels, wants_list and kind != "clause", terms)


#: (pattern, kind, entity labels) in priority order for matches at the same position
#: ("what time" is a clock time before it is a "what" question; "how many" before "how").
_SHAPES: tuple[tuple[str, str, frozenset[str]], ...] = (
    (r"\b(?:what|which) time\b(?! (?:period|frame|span|of (?:the )?(?:day|year)))", "when", frozenset({"TIME"})),
    (rf"\b(?:in )?(?:what|which) (?:\w+ )?{_TIME_NOUNS}\b|\bwhen\b", "when", DATE_LABELS),
    (r"\bhow (?:many|much|long|old|often)\b", "how_many", NUMBER_LABELS),
    (rf"\b(?:in )?(?:what|which) {_PLACE_NOUNS}\b|\bwhere\b", "where", PLACE_LABELS),
    (r"\b(?:who|whom|whose)\b", "who", PERSON_LABELS),
    (r"\b(?:which|what)\b", "which", frozenset()),
    (r"\b(?:why|how)\b", "clause", frozenset()),
)


_AUXILIARY = re.compile(r"^\s*(?:is|was|were|are|am|did|does|do|has|have|had|will|would|can|could|should|shall|may)\b",
                        re.IGNORECASE)
_ARTICLES = frozenset({"the", "a", "an"})
_TOKEN = re.compile(r"[\w'’-]+(?:\.\w+)*\.?|,")


def _option(words: list[str], i: int, step: int) -> tuple[str, int]:
    """The option at ``words[i]``: one word, or a run of capitalised words (``New York``) read in ``step``."""
    j = i
    if words[i][:1].isupper():
        while 0 < j + step < len(words) and words[j + step][:1].isupper() and words[j + step].lower() != "or":
            j += step
    lo, hi = sorted((i, j))
    return " ".join(words[lo:hi + 1]).rstrip("."), j


def choices(question: str) -> tuple[str, ...]:
    """The options of an alternative question, else ``()``.

    "Was it held in Seoul or Vienna?" → ("Seoul", "Vienna"); "the first, second or third
    meeting?" → ("first", "second", "third"). Why: the answer to such a question is one of
    its options, so the reader is asked to choose among their occurrences instead of
    proposing any span. Only questions opening with an auxiliary ("was", "did"…) or ending
    in an appended alternative ("How was it described, formal or informal?") qualify, or
    "which" with named options ("Which is larger, Lake Victoria or Lake Tanganyika?");
    "or not" is no option, and every option must be a content word.
    """
    # "Was it …", or any question ending in an appended ", A or B?" (whose options stop at that comma)
    opens = bool(_AUXILIARY.match(question))
    appended = not opens and bool(re.search(r",[^,]*\bor\b[^,]*\?\s*$", question))
    auxiliary = opens or appended
    if not auxiliary and not re.match(r"^\s*which\b", question, re.IGNORECASE):
        return ()
    words = [w for w in _TOKEN.findall(question) if w.lower() not in _ARTICLES]
    lowered = [w.lower() for w in words]
    if "or" not in lowered[1:-1]:
        return ()
    at = lowered.index("or", 1)
    right, _ = _option(words, at + 1, +1)
    left_end = at - 1 if words[at - 1] != "," else at - 2
    if left_end < 1:
        return ()
    options = [right]
    option, j = _option(words, left_end, -1)
    options.append(option)
    while not appended and j - 2 >= 1 and words[j - 1] == "," and words[j - 2][:1].isupper() == words[left_end][:1].isupper():
        option, j = _option(words, j - 2, -1)
        options.append(option)
    options.reverse()
    if any(o.lower() in STOPWORDS or o.lower() == "not" or o == "," for o in options):
        return ()
    if not auxiliary and not all(o[:1].isupper() or o[:1].isdigit() for o in options):
        return ()  # "which countries or regions…" asks for a list, not a choice
    return tuple(dict.fromkeys(options))


def option_pattern(options: tuple[str, ...] | list[str]) -> re.Pattern[str]:
    """Whole-word occurrences of any option, with a hyphenated compound it heads ("senior-level")."""
    alternatives = "|".join(re.escape(o) for o in sorted(options, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?:-\w+)*(?!\w)", re.IGNORECASE)


_TITLE_WORDS = re.compile(r"\b(?:title|position|post|rank|role|office|job)s?\b", re.IGNORECASE)


def asks_for_title(question: str) -> bool:
    """Whether a question asks for someone's title or position ("What is X's job title?").

    Why: the issue's "who → the person, with the role when asked for it"; such an answer
    is the whole title, so the span may be completed with the office it names
    (``qa.spans.complete_title``).
    """
    return bool(_TITLE_WORDS.search(question))


_WH = frozenset({"which", "what", "whose"})
_ONE = frozenset({"one", "ones"})


#: "What is the name of …", "the names of …": the person asked about is the noun phrase after it.
_NAME_OF = re.compile(r"^\W*(?:(?:what|which)\s+(?:is|are|was|were)\s+)?(?:the\s+)?names?\s+of\s+", re.IGNORECASE)


def descriptors(question: str, pipeline: str, names: bool = False) -> frozenset[str]:
    """Stems of the common-word modifiers of the thing a question asks for.

    "Which *police* organisation took part?", "the *food safety* ministry, which one?": the
    modifiers of the wh-phrase's noun (or, in a question with no wh-word or a bare "which one",
    of its first noun phrase) say which member of a list is meant. Names are left out
    (capitalised words, all-caps acronyms): a name in a question is usually what the
    answer is *about*, not the answer. The head noun itself is left out too ("which
    *province*"): it names the category every member shares, even when only one member's
    name happens to contain it. With ``names`` the names are kept: for people ("Which *FAO*
    official…?") the organisation named is what tells one person from another.
    """
    from qa.annotate import parse_sentence

    parse = parse_sentence(question, pipeline)

    def words(chunk: Mention) -> list[tuple[int, int, str, str]]:
        return [t for t in parse.tokens if chunk.start <= t[0] and t[1] <= chunk.end]

    chunks = [words(c) for c in parse.noun_chunks]
    target = next((ws for ws in chunks if any(t[2] in _WH for t in ws) and ws[-1][2] not in _ONE), None)
    if target is not None and len(target) == 1:  # "Which" alone, "UNODC official co-chaired" misparsed:
        after = parse.tokens.index(target[0]) + 1  # the words after it that can make up its phrase
        while after < len(parse.tokens) and parse.tags[after] in _PHRASE_TAGS and not (
                after + 1 < len(parse.tokens) and parse.tokens[after + 1][2] == "-"):
            target, after = [*target, parse.tokens[after]], after + 1
    if names and (named := _NAME_OF.search(question)):  # "the name of the UNODC director who…?": the director
        # (for people only: "the name of the world's second largest gym" is the name, not the description)
        target = next((ws for ws in chunks if ws[0][0] >= named.end()), target)
    bare = not re.search(r"\b(?:who|whom|whose|what|which|when|where|why|how)\b", question, re.IGNORECASE)
    if target is None and (bare or re.search(r"\bwhich ones?\b", question, re.IGNORECASE)):
        target = next((ws for ws in chunks if not all(t[3] == "PRON" or t[2] in _WH | _ONE for t in ws)), None)
    terms: set[str] = set()
    for start, end, _, pos in (target or [])[:-1]:
        surface = question[start:end]
        if pos in ("NOUN", "ADJ", "VERB", "PROPN") and (names or not (
                surface[:1].isupper() and (start > 0 or pos == "PROPN" or surface.isupper()))):
            terms.update(tokenize(surface))
    return frozenset(terms)


def predicate_terms(question: str, pipeline: str) -> frozenset[str]:
    """Stems of the common words after the wh-phrase: what the question says the thing asked for does.

    Why: "Which ministry handles food and drug safety?" has no modifier in its wh-phrase
    (``descriptors``), and the reader returned the list's first member ("the Ministry of
    Justice"); the predicate's words name the member meant ("the Ministry of Food and Drug
    Safety"). Only a question opening with such a wh-phrase as the subject of its verb ("What
    was the new name of the store?" describes the old name, "… held what position in
    youtube?" names YouTube in lower case). A fallback for ``descriptors``: only a member
    holding a term no other member holds is picked (``qa.spans.pick_described_member``).
    """
    from qa.annotate import parse_sentence

    parse = parse_sentence(question, pipeline)
    tokens = parse.tokens
    wh = next((c for c in parse.noun_chunks if c.start == tokens[0][0]), None) if tokens else None
    after = next((i for i, t in enumerate(tokens) if wh is not None and t[0] >= wh.end), None)
    # "Which ministry handles …?": a wh-phrase with a noun, as the subject of the verb after it
    if (after is None or tokens[0][2] not in _WH or tokens[after - 1][3] not in ("NOUN", "PROPN")
            or tokens[after][3] not in ("VERB", "AUX")):
        return frozenset()
    return frozenset(stem for start, end, _, pos in tokens[after:]
                     if pos in ("NOUN", "ADJ", "VERB", "PROPN") and not question[start].isupper()
                     for stem in tokenize(question[start:end]))


#: Tags that can make up a wh-phrase's noun phrase ("which *Philippine government bodies*").
_PHRASE_TAGS = frozenset({"JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS", "CD", "HYPH", "VBN", "VBG"})


def wants_list(question: str, pipeline: str) -> bool:
    """Whether the question asks for several things (so the answer is a whole coordinated list).

    ``analyse`` reads the word after "which/what" ("which *agencies*"); this also finds a
    plural head behind modifiers ("Which *UN* agencies…", "which *Philippine government*
    bodies…", "what *follow-up* activities…") by the parse's tags: the wh-word's noun phrase
    ends in a plural noun (NNS), and is not "kinds/species *of* X", whose number is X's.
    """
    number = head_number(question, pipeline)
    if number is None:
        return analyse(question).wants_list
    q = question.lower()
    return number or bool(_JOINT.search(q) or _LISTING.search(q))


def asks_for_one(question: str, pipeline: str) -> bool:
    """Whether the question's own words ask for one thing, a joint verb aside.

    "Which FAO official co-chaired the meeting?" asks for one of the co-chairs; "Who
    co-chaired it?" for them all, but its words alone do not say several: the caller then
    keeps the whole list unless the question describes exactly one member.
    """
    number = head_number(question, pipeline)
    return not (_asks_plural(question.lower()) if number is None else number or _LISTING.search(question.lower()))


def head_number(question: str, pipeline: str) -> bool | None:
    """Whether the wh-word's noun phrase ends in a plural noun (by the parse's tags); None if unread.

    The phrase's last noun decides, not its first word: "Which *prosecutors* office…?" asks
    for one office, "Which *region's* scam centers…?" for one region (the phrase stops at a
    possessive). None when no noun follows the wh-word ("What are…?") or the noun is "kinds/
    species *of* X", whose number is X's: the question's words then decide (``analyse``).
    """
    from qa.annotate import parse_sentence

    parse = parse_sentence(question, pipeline)
    words = [(start, end, lower, tag) for (start, end, lower, _), tag in zip(parse.tokens, parse.tags, strict=True)]
    wh = next((i for i, w in enumerate(words) if w[2] in ("which", "what")), None)
    if wh is None:
        return False
    head = None
    for i in range(wh + 1, len(words)):
        # "follow-up": the parts of one hyphenated word belong together whatever their tags
        joined = words[i][0] == words[i - 1][1] or (i + 1 < len(words) and words[i + 1][0] == words[i][1]
                                                    and words[i + 1][3] == "HYPH")
        if not (words[i][3] in _PHRASE_TAGS or joined) or words[i][3] == "POS":
            break
        head = i
    after = words[head + 1][2] if head is not None and head + 1 < len(words) else ""
    if head is None or after == "of" or not words[head][3].startswith("NN"):
        return None
    return words[head][3] in ("NNS", "NNPS")


def person_terms(question: str, pipeline: str) -> frozenset[str]:
    """Stems that tell the one person a question asks about from others named with them.

    "Which *FAO* official…?": the wh-phrase's modifiers, names included (``descriptors``).
    "Who *moderated* the session on *anticipatory action*?": a who-question's words that are
    not capitalised; its names ("UNODC" in "Who co-chaired the ROK-UNODC Dialogue?") name the
    event, not the person. A joint verb ("Who co-chaired…?") wants them all: no terms but the
    names the person stands for ("Who co-chaired *for Mauritius*?", ``sides``).
    """
    if analyse(question).kind != "who":
        return descriptors(question, pipeline, names=True)
    stands_for = sides(question)
    if _JOINT.search(question):
        return stands_for
    words = re.findall(r"[\w'’-]+", question)[1:]
    return stands_for | frozenset(t for w in words if not w[:1].isupper() for t in tokenize(w))


#: Whom a person stands for: "for Mauritius", "represented the Ministry of Justice", "on behalf of IOM", "the
#: Indonesian delegation", "Jamaica's side", "the IOM co-chair".
_SIDES = (re.compile(r"\b(?:for|represent(?:s|ed|ing)?|on\s+behalf\s+of)\s+(?:the\s+)?((?:[A-Z][\w’'-]*\s*){1,3}"
                     r"(?:(?<=\s)(?:of|for|on|and)\s+(?:the\s+)?(?:[A-Z][\w’'-]*\s*){1,4})*)"),
          re.compile(r"((?:\b[A-Z][\w’'-]*\s+){1,3})(?:side|delegation|team|co-?chair)\b"))


#: "the Korean side", "its delegation", "on behalf of", "represented": a question about one side's people.
_ONE_SIDE = re.compile(r"\b(?:side|delegation|team)\b|\bon\s+behalf\s+of\b|\brepresent", re.IGNORECASE)


def asks_for_a_side(question: str) -> bool:
    """Whether the question asks about the people of one side ("who led the talks on the korean side")."""
    return bool(_ONE_SIDE.search(question))


def sides(question: str) -> frozenset[str]:
    """Keys (``name_keys``) of the names a question says a person stands for, so they pick that person.

    Why: "Who led the Indonesian delegation as co-chair?", "Who co-chaired for Mauritius?" ask
    for one of the co-chairs named together; the name is the one thing that tells them apart,
    though a who-question's other names usually name the event ("the ROK-UNODC Dialogue").
    """
    names = [m.group(1) for pattern in _SIDES for m in pattern.finditer(question)
             if not re.match(r"\s*of\b", question[m.end(1):])]
    # "the Ministry of Justice": "Justice" tells it apart; "Ministry" would match any ministry
    return name_keys(" ".join(re.split(r"\s(?:of|for|on)\s", name, maxsplit=1)[-1] for name in names))


def name_keys(text: str) -> frozenset[str]:
    """The first five letters of each capitalised word, marked: "Indonesian" and "Indonesia" share one.

    Why: a question says "the Indonesian delegation" where the text says "… of Indonesia";
    a country and its people's adjective share their start (Korea/Korean, Zambia/Zambian).
    """
    return frozenset(w.lower()[:5] + "~" for w in re.findall(r"\b[A-Z][\w’'-]*", text) if len(w) >= 3)


#: "What is the aim of…?", "What is the project designed to do?", "What does it seek to…?".
_AIM = re.compile(r"\b(?:aims?|aimed|purposes?|goals?|objectives?|designed|intended|intends?|meant|seeks?|sought|"
                  r"mission|mandate|tasked)\b", re.IGNORECASE)
#: "What is one of its aims?", "the main goal": a question about one aim among several.
_ONE_AIM = re.compile(r"\b(?:one|another|first|main|primary|principal|chief|key|single)\s+(?:of\s+(?:the|its|their|"
                      r"his|her)\s+)?(?:\w+\s+)?(?:aims?|purposes?|goals?|objectives?|missions?|tasks?)\b",
                      re.IGNORECASE)


def asks_for_aim(question: str) -> bool:
    """Whether the question asks what something is for: its aim, purpose or what it is designed to do.

    Why: an aim is often a series of verbs sharing one "to" ("aimed to protect …, help …,
    offer … and support …"), and the whole series is the aim (``qa.enumeration.widen_to_aims``);
    a question about one aim ("What is one of the goals…?", "the main aim") is not widened.
    """
    return _AIM.search(question) is not None and _ONE_AIM.search(question) is None


#: Nouns only people are: what a "Which <noun>…?" question names when it asks for a person.
_PERSON_NOUNS = frozenset(tokenize(
    "official minister ambassador envoy director spokesperson spokesman spokeswoman representative delegate "
    "commissioner secretary president chair chairperson chairman chairwoman person people individual expert "
    "leader speaker moderator coordinator governor mayor officer", keep_stopwords=True))


def asks_for_person(question: str, pipeline: str) -> bool:
    """Whether the question asks for a person: "Who…?", or "Which <official / minister / envoy…>…?".

    Why: "Which senior UNICEF official made the field trip?" wants a person as much as "Who
    made it?", so a surname answer ("Ms. Anyango-Retief") is given with the full name the
    text first names her by (``qa.mentions.fullest_mention``), as for "Who…?". The noun the
    "which/what" determines must be a person's ("What official documents…?" asks for none).
    """
    if analyse(question).kind == "who":
        return True
    from qa.annotate import parse_sentence

    parse = parse_sentence(question, pipeline)
    tokens = parse.tokens
    for i, (_, _, word, _) in enumerate(tokens):
        if word.lower() not in ("which", "what"):
            continue
        head = None  # the wh-phrase's last noun: "which senior UNICEF *official* made …"
        for j in range(i + 1, len(tokens)):
            if tokens[j][3] not in ("NOUN", "PROPN", "ADJ") or (j + 1 < len(tokens) and tokens[j + 1][2] == "-"):
                break
            head = tokens[j][2]
        return head is not None and bool(set(tokenize(head, keep_stopwords=True)) & _PERSON_NOUNS)
    return False
