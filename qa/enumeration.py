"""Enumerations inside one sentence, and questions that name a member by its place.

A release packs several things of a kind into one sentence: "two new projects -- one
designed to …; and the other aimed to …", "three priorities: first, …; second, …",
"(a) … (b) …". Users then ask about one of them by its place ("In which country will the
second project take place?", "What is the aim of the first project?") or ask for them all
("List the two projects"). A span model reads such a sentence as one blur: it answers the
second project's question from the first project's words, or stops a list halfway through
its last member. Finding the members by their markers (plain English, no document's words)
lets ``qa.answering`` pass over a candidate from another member than the one asked about,
and lets a list question take every member whole.
"""

from __future__ import annotations

import re

from qa.annotate import SentenceParse, parse_sentence
from qa.lexical import tokenize
from qa.occasion import ORDINAL_WORDS, ordinals
from qa.lists import HONORIFIC_BEFORE, coordinated_runs, people_runs
from qa.spans import described_part
from qa.text import sentence_of

#: "-- one designed to …" / ": one in Lima" — a counted "one" that opens the first member.
_ONE = re.compile(r"(?:--|[—–:;,(])\s*(?P<one>(?:the\s+)?one)\b(?!\s+(?:of|another|or|and)\b)", re.IGNORECASE)
#: "; and the other aimed to …", ", another …", ", while a third …" — the later members.
_OTHER = re.compile(r"[;,]\s*(?:and\s+|while\s+|whereas\s+|with\s+)?"
                    r"(?:the\s+other|another|a\s+(?:second|third|fourth))\b", re.IGNORECASE)
#: "First, …; second, …" — ordinal adverbs opening each member (the first at a clause start).
_ADVERB = re.compile(r"(?:^|[:;,]\s*(?:and\s+)?)(first|second|third|fourth|fifth|sixth)(?:ly)?\s*,", re.IGNORECASE)
_ADVERB_ORDER = ORDINAL_WORDS[:6]
#: "(1) … (2) …", "(a) … (b) …", "(i) … (ii) …" — labelled members.
_LABEL = re.compile(r"\((\d|[a-h]|i{1,3}|iv|v|vi{1,3})\)\s")
_LABEL_RUNS = (tuple("123456789"), tuple("abcdefgh"), ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii"))
#: A paragraph's or item's label opening its line: "(4) ", "4. ", "1.2 ", "b) ", "(iv) ".
_LINE_LABEL = re.compile(r"[ \t]*(?:\((?:\d{1,2}|[a-h]|[ivx]{1,4})\)|(?:\d{1,2}(?:\.\d{1,2})*|[a-h]|[ivx]{1,4})[.)]"
                         r"|\d{1,2}(?:\.\d{1,2})+(?=\s+(?-i:[A-Z])))(?=\s)", re.IGNORECASE)
#: What joins one member to the next ("; and ", ", ", " -- "), dropped from a member's end.
_JOINT = re.compile(r"[\s;,:—–-]*(?:\b(?:and|or|while|whereas|with)\b)?[\s;,:—–-]*$", re.IGNORECASE)
#: Words that can stand for the counted thing in an ordinal reference but are not it.
_VAGUE = frozenset({"one", "time", "part", "half", "place", "step"})


def is_label(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` lies inside the label that opens its line (the "4" of "(4) To …").

    Why: numbered communiqués and reports are read as prose; asked "How many laboratories will
    the network include?", the reader answered "4" from "(4) To establish a regional network of
    … laboratories". A label only orders paragraphs; it answers nothing.
    """
    line_start = text.rfind("\n", 0, start) + 1
    found = _LINE_LABEL.match(text, line_start)
    return found is not None and end <= found.end()


def members(sentence: str) -> list[tuple[int, int]]:
    """The members of the sentence's enumeration, as ``(start, end)`` offsets in it, or ``[]``.

    One enumeration per sentence, found by its markers: "one …, the other/another …", ordinal
    adverbs in order ("first, … second, …") or labels in order ("(a) … (b) …"). Each member
    runs from its marker to the next one; the last runs to the end of the sentence.
    """
    starts = _marker_starts(sentence)
    if len(starts) < 2:
        return []
    end = len(sentence.rstrip().rstrip(".!?;"))
    bounds = [*starts[1:], end]
    spans = []
    for start, stop in zip(starts, bounds, strict=True):
        stop = start + len(_JOINT.sub("", sentence[start:stop]))
        spans.append((start, stop))
    return spans


def _marker_starts(sentence: str) -> list[int]:
    one = _ONE.search(sentence)
    if one:
        others = list(_OTHER.finditer(sentence, one.end()))
        if others:
            return [one.start("one"), *(_word_start(sentence, m) for m in others)]
    adverbs = list(_ADVERB.finditer(sentence))
    found = [m for i, m in enumerate(adverbs) if i < len(_ADVERB_ORDER) and m.group(1).lower() == _ADVERB_ORDER[i]]
    if len(found) >= 2 and len(found) == len(adverbs):
        return [m.start(1) for m in found]
    labels = list(_LABEL.finditer(sentence))
    for run in _LABEL_RUNS:
        if len(labels) >= 2 and tuple(m.group(1) for m in labels) == run[:len(labels)]:
            return [m.start() for m in labels]
    return []


def _word_start(sentence: str, match: re.Match[str]) -> int:
    """Where a later member's own words begin: "the other", not the "; and " before it."""
    return match.start() + len(re.match(r"[;,]\s*(?:(?:and|while|whereas|with)\s+)?", match.group()).group())


def referenced_member(question: str) -> tuple[int, frozenset[str]] | None:
    """The place and the counted thing of a question's ordinal reference ("the second project" → 2, {project})."""
    for number, words in ordinals(question):
        stems = frozenset(tokenize(" ".join(words))) - _VAGUE
        if stems:
            return number, stems
    return None


def in_asked_member(question: str, sentence: str, start: int, end: int) -> bool:
    """Whether ``sentence[start:end]`` can answer a question about the n-th member of a kind.

    Why: asked "In which country will the second project take place?" of "two new projects
    -- one … in the Mekong region …; and the other … in Myanmar", the reader answers
    "Mekong". When the question names a member by its place and the sentence enumerates
    things of the kind it counts (the counted word stands before the first member), a span
    inside another member, or across several, is about another one. Spans in the sentence's
    shared opening ("This year, the government will implement …") stay possible answers.
    """
    spans = members(sentence)
    number = asked_member(question, sentence, spans)
    if number is None:
        return True
    touched = [i for i, (a, b) in enumerate(spans, start=1) if a < end and start < b]
    return not touched or touched == [number]  # no n-th member at all: every member is another


def asked_member(question: str, sentence: str, spans: list[tuple[int, int]]) -> int | None:
    """The place (1-based) of the member of ``spans`` a question asks about, or None.

    By its place ("the second project", when the sentence counts projects before its first
    member) or by a word the question puts before the counted noun ("the Myanmar project").
    """
    if not spans:
        return None
    opening = set(tokenize(sentence[:spans[0][0]]))
    if (asked := referenced_member(question)) is not None:
        return asked[0] if asked[1] & opening else None
    return _named_member(question, sentence, spans, opening)


def narrow_to_asked_member(text: str, start: int, end: int, question: str) -> tuple[int, int]:
    """A span over several members of an enumeration → its part in the member the question asks about.

    Why: "Which capacities … does the Mekong project seek to strengthen?" is a list question, so
    the span is widened to every member, but it names one: the rest is about another project.
    """
    found = _in_sentence(text, start, end)
    if found is None:
        return start, end
    s, sentence, rel_start, rel_end = found
    spans = members(sentence)
    number = asked_member(question, sentence, spans)
    touched = [i for i, (a, b) in enumerate(spans, start=1) if a < rel_end and rel_start < b]
    if number is None or len(touched) < 2 or number not in touched:
        return start, end
    a, b = spans[number - 1]
    return s + max(rel_start, a), s + min(rel_end, b)


def _named_member(question: str, sentence: str, spans: list[tuple[int, int]], opening: set[str]) -> int | None:
    """The place of the one member a question names by a word before the counted noun, or None.

    "What will the *Myanmar* project do?" of "two new projects -- one … in the Mekong region …;
    and the other … in Myanmar …": of the words before "project" only the second holds "Myanmar".
    """
    words = re.findall(r"[\w'’-]+", question)
    for i in range(1, len(words)):
        if (stems := tokenize(words[i])) and stems[0] in opening:
            named = frozenset(tokenize(" ".join(words[max(0, i - 2):i]))) - opening - _VAGUE
            holding = [k for k, (a, b) in enumerate(spans, start=1) if named and named <= set(tokenize(sentence[a:b]))]
            if len(holding) == 1:
                return holding[0]
    return None


def widen_to_members(text: str, start: int, end: int) -> tuple[int, int]:
    """A span over two or more members of an enumeration → all of its members, whole.

    Why: "List the two new projects" — the reader's span runs from the first member into the
    second and stops at its length limit, mid-member. A list question wants every member.
    """
    found = sentence_of(text, start, end)
    if found is None:
        return start, end
    s, _ = found
    spans = members(text[found[0]:found[1]])
    touched = [(a, b) for a, b in spans if a < end - s and start - s < b]
    if len(touched) < 2:
        return start, end
    return min(start, s + spans[0][0]), max(end, s + spans[-1][1])


def _in_sentence(text: str, start: int, end: int) -> tuple[int, str, int, int] | None:
    """The sentence holding ``[start, end)``: its offset in ``text``, its text and the span's offsets in it."""
    found = sentence_of(text, start, end)
    if found is None:
        return None
    return found[0], text[found[0]:found[1]], start - found[0], end - found[0]


#: A preposition joining a span to the list that follows it: " in " of "countering online scams in Southeast Asia, …".
_ATTACHED = re.compile(r"\s+(?:in|of|for|on|at|from|with|by|to|across|against)\s+(?:the\s+)?")
#: What separates the items of a coordinated list of phrases: ", ", ", and ", " and ", " or ".
_ITEM_JOINT = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")


def pick_described_item(text: str, start: int, end: int, terms: frozenset[str], pipeline: str) -> tuple[int, int]:
    """The one item of a coordinated list of phrases that the question's descriptors name, else the span.

    Why: "Which law-enforcement topic was covered during the talks?" of "key issues, such as
    countering online scams in Southeast Asia, drug control cooperation, anti-corruption
    responses, and capacity enhancement of law enforcement agencies": the reader answers
    with the first item. ``qa.spans.pick_described_member`` does this for lists of names;
    this does it for any coordination the parse finds (``SentenceParse.coordinations``),
    split at its commas and conjunctions: when exactly one item holds a descriptor of the
    question (``qa.question.descriptors``) that no other item holds, that item is the answer.
    """
    found = _in_sentence(text, start, end) if terms else None
    if found is None:
        return start, end
    s, sentence, rel_start, rel_end = found
    # the list holds the span, or starts in a phrase attached to it (the parse can take the first
    # item's tail, "countering online scams *in* Southeast Asia, drug control …", as the list's start)
    parse = parse_sentence(sentence, pipeline)
    lists = [c for c in parse.coordinations
             if (c[0] <= rel_start and rel_end <= c[1]) or _ATTACHED.fullmatch(sentence[rel_end:c[0]])]
    if not lists:
        return start, end
    list_start, list_end = min(lists, key=lambda c: c[1] - c[0])
    list_start = min(list_start, rel_start)
    if any(m.label == "PERSON" and list_start <= m.start < list_end for m in parse.entities):
        return start, end  # people and their titles: ``qa.spans.pick_described_person`` tells them apart
    items = list_items(sentence, list_start, list_end, parse)
    named = described_part(terms, [sentence[a:b] for a, b in items]) if len(items) >= 2 else None
    if named is None:
        return start, end
    item_start, item_end = items[named]
    if item_start <= rel_start and rel_end <= item_end:
        return start, end  # already in the item described ("wooden spoon" of "like the wooden spoon")
    return s + item_start, s + item_end


def list_items(sentence: str, list_start: int, list_end: int, parse: SentenceParse) -> list[tuple[int, int]]:
    """The items of the list ``sentence[list_start:list_end]``, split at its commas and conjunctions.

    No items (``[]``) when a joint falls inside a name ("the Ministry of Data and Statistics"):
    then the list is of names, whose members ``qa.lists.coordinated_runs`` finds.
    """
    items, cursor = [], list_start
    for joint in _ITEM_JOINT.finditer(sentence, list_start, list_end):
        if any(m.start < joint.start() < m.end for m in parse.entities):
            return []
        items.append((cursor, joint.start()))
        cursor = joint.end()
    return [(a, b) for a, b in [*items, (cursor, list_end)] if b > a]


def drop_set_aside(text: str, start: int, end: int, aside: tuple[frozenset[str], ...],
                   pipeline: str) -> tuple[int, int]:
    """A list span without the items at its edges that the question sets aside; else the span.

    Why: asked "Besides scams and drugs, what other key issues were on the agenda?", the reader
    returns the whole list "countering online scams …, drug control cooperation, anti-corruption
    responses, and capacity enhancement …"; the question wants the rest. Items holding all the
    words of one thing it sets aside (``qa.set_aside.set_aside``) are dropped from the list's
    start and end, so the answer stays one verbatim span; never all of them. Two-item lists
    too: on the 1,000 held-out SQuAD questions that made 4 answers exact ("houses" of the
    reader's "houses and boats" for "Other than boats, what do people often build with wood?")
    and lost none, where only lists of three or more had been cut.
    """
    found = _in_sentence(text, start, end) if aside else None
    if found is None:
        return start, end
    s, sentence, rel_start, rel_end = found
    parse = parse_sentence(sentence, pipeline)
    lists = [c for c in parse.coordinations if c[0] < rel_end and rel_start < c[1]]
    if not lists:
        return start, end
    list_start, list_end = max(lists, key=lambda c: c[1] - c[0])
    items = list_items(sentence, list_start, list_end, parse)
    if items and rel_start < list_start:  # the first item's head before the list: "countering online scams in …"
        items[0] = (rel_start, items[0][1])
    items = [(a, b) for a, b in items if a < rel_end and rel_start < b]

    def is_aside(item: tuple[int, int]) -> bool:
        words = set(tokenize(sentence[item[0]:item[1]]))
        return any(thing <= words for thing in aside)

    kept = list(items)
    while kept and is_aside(kept[0]):
        kept.pop(0)
    while kept and is_aside(kept[-1]):
        kept.pop()
    if len(items) < 2 or not kept or kept == items:
        return start, end
    new_start = rel_start if kept[0] == items[0] else kept[0][0]
    new_end = rel_end if kept[-1] == items[-1] else kept[-1][1]
    return s + new_start, s + new_end


#: Verbs that open a clause after a subject (a participle too: the parse may read "X and Y held in Seoul" as a
#: reduced relative clause); not a gerund, which is often one more item ("slip-cueing, beatmatching, and scratching").
_VERB_TAGS = frozenset({"VBD", "VBZ", "VBP", "VBN", "MD"})


def end_at_list(text: str, start: int, end: int, pipeline: str) -> tuple[int, int]:
    """A span that opens with a whole list and runs on into the clause's verb → the list alone; else the span.

    Why: asked "Which two parties held the strategic dialogue?", the reader's span runs from
    the list of the two ministries on through "held in Seoul on January 23, 2026, an …
    Dialogue, the first …": a list question wants the coordinated list, which is the span's
    subject. Only a list at the span's start (names, or any coordination the parse finds)
    followed at once by a verb inside the span is cut there.
    """
    found = _in_sentence(text, start, end)
    if found is None:
        return start, end
    s, sentence, rel_start, rel_end = found
    parse = parse_sentence(sentence, pipeline)
    runs = [*coordinated_runs(sentence, parse.entities), *people_runs(sentence, parse.entities, last_title=True),
            *parse.coordinations]
    verbs = [t[0] for t, tag in zip(parse.tokens, parse.tags, strict=False) if tag in _VERB_TAGS]
    lists = [(a, b) for a, b in runs if a == rel_start and b < rel_end
             and any(b <= v < rel_end and not sentence[b:v].strip() for v in verbs)]
    if not lists:
        return start, end
    return s + rel_start, s + len(sentence[:max(b for _, b in lists)].rstrip(" ,;:"))


def widen_to_officials(text: str, start: int, end: int, pipeline: str) -> tuple[int, int]:
    """The whole list of officials, each named with an honorific, that a span names one of; else the span.

    Why: "Who addressed the opening session?" of "… addressed by Ms. Lucía Ferreira Dutra,
    Director of …, and Mr. Tomás Echeverría, Director of …": the reader names the first one, and
    a "Who…?" question does not say whether it wants one or all. A list of people each addressed
    as an official ("Mr.", "Ms.", "H.E.", "Dr.") is the register of releases naming who took
    part together, so all of them answer; the person rule (``qa.spans.pick_described_person``,
    applied after) still picks the one a question describes ("Who co-chaired for Mauritius?").
    Encyclopaedic lists of people rarely carry honorifics: on 7,801 SQuAD 1.0 "Who…?" golds
    the rule widens none.
    """
    found = _in_sentence(text, start, end)
    if found is None:
        return start, end
    s, sentence, rel_start, rel_end = found
    mentions = parse_sentence(sentence, pipeline).entities
    for run_start, run_end in people_runs(sentence, mentions, last_title=True):
        if not (run_start <= rel_start and rel_end <= run_end) or (rel_start, rel_end) == (run_start, run_end):
            continue
        people = [m for m in mentions if m.label == "PERSON" and run_start <= m.start and m.end <= run_end]
        addressed = all(HONORIFIC_BEFORE.search(sentence[:m.start]) for m in people)
        names_one = any(m.start < rel_end and rel_start < m.end for m in people)  # not a span inside a title
        joined = re.search(r"\s(?:and|as\s+well\s+as)\s", sentence[run_start:run_end])
        if len(people) >= 2 and addressed and names_one and joined:
            return s + run_start, s + run_end
    return start, end


def _phrase_end(parse: SentenceParse, verb: int, cut: int) -> int:
    """The last token of ``verb``'s own phrase after the reader's ``cut``: its dependents' words, up to a verb
    joined to it, a comma, a quotation mark or a bracket.

    Why: the reader, trained on SQuAD's short answers, stops an aim inside its verb's object
    ("raise the share of children fully immunised" of "… by their first birthday in the target
    districts to at least 90 per cent by 2027"). Of SQuAD 1.0's 145 training golds to aim
    questions that open with a bare verb, 94 end where the verb's phrase ends, 36 before. What
    follows a comma or a closing quotation mark is an aside (", which features material from
    NBC"; "improve mankind\" under an informal … effort"): two held-out SQuAD answers lost their
    match when the phrase ran on through one.
    """
    stop = next((i for i in range(verb + 1, len(parse.tokens))
                 if parse.heads[i] == verb and parse.deps[i] in ("conj", "cc")), len(parse.tokens))

    def under_verb(i: int) -> bool:
        while i != verb:
            if parse.heads[i] == i:
                return False
            i = parse.heads[i]
        return True

    aside = next((i for i in range(cut + 1, stop) if parse.tags[i] in (".", ",", ":", "``", "''", "-LRB-", "-RRB-")
                  or parse.tokens[i][2] in ('"', "'")), stop)
    return max((i for i in range(verb, aside) if under_verb(i)), default=cut)


def widen_to_aims(text: str, start: int, end: int, pipeline: str) -> tuple[int, int]:
    """An aim that the text goes on to continue with more verbs of the same "to" → all of them; else the span.

    Why: asked "What is the aim of the second project?" of "… aimed to protect residents in
    high-risk areas …, help local communities cultivate alternative crops …, offer them more
    vocational training … and support their sustainable economic self-reliance", the reader
    stops after the first verb's phrase. A span that opens with an infinitive ("to protect",
    "protect") and is followed at once by a joint (", ", "and", ", and", an adverb allowed)
    and another bare verb goes on through each such conjunct; a conjunct ends before the next
    joint, a comma, a semicolon or the sentence's end. A span the reader cut inside its first
    verb's phrase is first completed to that phrase's end (``_phrase_end``). Measured on SQuAD
    1.0's training set: of its 899 questions asking for an aim or purpose, 3 gold answers change: one lists the
    rest of a channel's purposes, one is asked about girls only ("to preserve girls' chastity"
    before "provide tribute labour"), one ends at a comma inside its last conjunct ("ensure
    friendly, unimpeded access"). Applied to the answer once it is chosen (``qa.answering``),
    not to the candidates: the confidence was fitted on the spans the reader proposes, and the
    longer span alone lowered it below the threshold ("What is the aim of the second project?"
    0.41 → 0.30).
    """
    found = _in_sentence(text, start, end)
    if found is None:
        return start, end
    s, sentence, rel_start, rel_end = found
    parse = parse_sentence(sentence, pipeline)
    tokens, tags = parse.tokens, parse.tags
    inside = [i for i, token in enumerate(tokens) if rel_start <= token[0] and token[1] <= rel_end]
    if not inside:
        return start, end
    verb = inside[1] if tokens[inside[0]][2] == "to" and len(inside) > 1 else inside[0]
    if tags[verb] != "VB":
        return start, end

    def joined_verb(i: int) -> int | None:
        """The bare verb after a joint starting at token ``i`` (", and thereby prevent"), if any."""
        j = i + (i < len(tokens) and tokens[i][2] == ",")
        j += j < len(tokens) and tokens[j][2] in ("and", "or")
        if j == i:
            return None
        j += j < len(tokens) and tags[j] == "RB"
        return j if j < len(tokens) and tags[j] in ("VB", "VBP") and tokens[j][3] == "VERB" else None

    last = max(inside[-1], _phrase_end(parse, verb, inside[-1]))  # "raise the share … to at least 90 per cent"
    new_end, i = tokens[last][1], last + 1
    while (next_verb := joined_verb(i)) is not None:
        i = next_verb + 1
        while i < len(tokens) and tokens[i][2] not in (",", ";", ":") and tags[i] != "." and joined_verb(i) is None:
            i += 1
        new_end = tokens[i - 1][1]
    return start, s + max(new_end, rel_end)
