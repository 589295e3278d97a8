"""Lists in a sentence: names joined by commas and "and", titled people, parse coordinations.

A list question ("which agencies took part?") wants the whole coordinated phrase ("the
Ministry of Justice, ..., and the Korea International Cooperation Agency"); span models and
entity heuristics tend to return one member. Named entities joined only by commas and
"and"/"or", people each followed by a title, or phrases the dependency parse marks as
conjuncts form the list, so the widening is general and the result stays a verbatim span.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.annotate import Mention, SentenceParse, parse_sentence
from qa.lexical import tokenize
from qa.text import sentence_of

MAX_LIST_CHARS = 500
COORD_GAP = re.compile(r"^(?:\s*,\s*|\s*;\s*|\s+and\s+|\s*,\s*and\s+|\s+or\s+|\s*,\s*or\s+|\s*&\s*)$")


#: A parenthesised acronym or short name after a name: "the World Health Organization (WHO)".
_PARENTHETICAL = re.compile(r"\s*\([^()]{1,40}\)")


def with_parentheticals(sentence: str, mentions: Sequence[Mention]) -> list[Mention]:
    """Mentions extended over a parenthesis that follows (or that they open), absorbing what it holds.

    Why: "the Japan International Cooperation Agency (JICA), the World Health Organization
    (WHO) and …" is a list of three names, but the tagger sees "(JICA)" as a name of its own
    and may end a name inside its parenthesis ("the World Health Organization (WHO"); the
    parenthesis then breaks the run of names joined by commas and "and".
    """
    merged: list[Mention] = []
    for m in sorted(mentions, key=lambda m: m.start):
        if merged and m.start < merged[-1].end:
            continue  # inside the parenthesis the previous name absorbed
        end = m.end
        if sentence.count("(", m.start, end) > sentence.count(")", m.start, end):
            close = sentence.find(")", end)
            end = close + 1 if 0 <= close - end <= 40 else end
        elif found := _PARENTHETICAL.match(sentence, end):
            end = found.end()
        merged.append(Mention(m.label, m.start, end))
    return merged


def coordinated_runs(sentence: str, mentions: Sequence[Mention]) -> list[tuple[int, int]]:
    """Spans covering two or more mentions joined only by commas/and/or: a list.

    Two mentions joined by a comma alone are no list: a list of two takes "and" or "or", and
    "Headquartered in Vienna, UNODC was…", "In 2014, Beyoncé…" or "Cyprus, 120,031" are a
    phrase and the clause after it. Measured on SQuAD 1.0's training golds: of those whose
    span the rules moved because of such a pair, about 20 are now kept as the gold and about
    8 lost ("FBI, CIA", a list written without "and", is widened to the longer list after it).
    """
    mentions = with_parentheticals(sentence, mentions)
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(mentions):
        j = i
        while j + 1 < len(mentions) and COORD_GAP.match(sentence[mentions[j].end:mentions[j + 1].start] or " "):
            j += 1
        if j == i + 1 and _COMMA_ONLY.fullmatch(sentence, mentions[i].end, mentions[j].start):
            i = j  # "Vienna, UNODC": the second may still open a list of its own
            continue
        if j > i:
            runs.append((mentions[i].start, mentions[j].end))
        i = j + 1
    return runs


#: A comma alone between two mentions.
_COMMA_ONLY = re.compile(r"\s*,\s*")


#: Honorifics and forms of address before a name ("Mr.", "H.E.", "Hon.", "Dato'", "Amb.", "Gen.").
#: Words that open a person's name in official copy ("H.E. Mr.", "Dr.").
HONORIFICS = r"(?:Mr|Ms|Mrs|Dr|Prof|Sir|Dame|H\.\s?E|Hon|Dato'|Datuk|Amb|Gen)"
_APPOSITIVE_AND = re.compile(
    rf"^(?:\s+of\s+[^,;.]{{1,80}})?,[^;.]{{0,160}}?,?\s+(?:and|or)\s+(?:{HONORIFICS}\.?\s+)*$")
#: People with titles separated by commas alone, both addressed: "Mr. A, Minister for Labour, Employment and
#: Social Security, Ms. B, Ambassador …" (the form of address says a person, not a title's next word, follows).
_TITLED_COMMA = re.compile(rf"^,\s+[A-Z][^;.]{{0,160}}?,\s+(?:{HONORIFICS}\.?\s+)+$")
#: Honorifics ending the text before a name ("… Ms. " before "Candice Welsch", "H.E. Mr. ").
HONORIFIC_BEFORE = re.compile(rf"\b(?:{HONORIFICS}\.?\s+)+$")


#: People with titles separated by semicolons: "Ms. A, Regional Director; Mr. B, Secretary; and Mr. C".
_TITLED_SEMICOLON = re.compile(rf"^,[^;.]{{0,160}}?;\s+(?:and\s+)?(?:{HONORIFICS}\.?\s+)*$")


#: The last person's title in a list of titled people: ", Director of the Division … at UNODC" up to the
#: next comma, semicolon or full stop.
_LAST_TITLE = re.compile(r",\s+[A-Z](?:[^,;.\n]|\.(?=\S)){1,150}")


def people_runs(sentence: str, mentions: Sequence[Mention], last_title: bool = False) -> list[tuple[int, int]]:
    """People named one after another, each possibly followed by a title: "Mr. A, Director of X, and Ms. B"
    (or separated by semicolons: "Ms. A, Regional Director; Mr. B, Secretary; and Mr. C").

    With ``last_title``, when the people before the last have titles, the last one's title ends
    the run ("…, and Ms. B, Vice-President for Country Operations"): as an answer, the list
    names each the same way. Without it a run ends at the last name, so a span inside that
    title (the answer to "What is Ms. B's position?") is not taken for a part of the list.
    """
    people = [m for m in mentions if m.label == "PERSON"]
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(people):
        j = i
        while j + 1 < len(people):
            gap = sentence[people[j].end:people[j + 1].start]
            addressed = bool(HONORIFIC_BEFORE.search(sentence[:people[j].start]))
            if not (COORD_GAP.match(gap or " ") or _APPOSITIVE_AND.match(gap) or _TITLED_SEMICOLON.match(gap)
                    or (addressed and _TITLED_COMMA.match(gap))):
                break
            j += 1
        if j > i:
            honorific = HONORIFIC_BEFORE.search(sentence[:people[i].start])
            titled = any(sentence[people[k].end:people[k + 1].start].startswith(",") and
                         not COORD_GAP.match(sentence[people[k].end:people[k + 1].start]) for k in range(i, j))
            last = _LAST_TITLE.match(sentence, people[j].end) if titled and last_title else None
            runs.append((honorific.start() if honorific else people[i].start, last.end() if last else people[j].end))
        i = j + 1
    return runs


def infinitive_runs(parse: SentenceParse) -> list[tuple[int, int, frozenset[int]]]:
    """Coordinated infinitives ("to organise three clinics in 2025 and to convene a workshop"), each as one span.

    Why: asked "What follow-up activities were agreed?", the reader returns one of the things
    agreed ("organise a series of three online clinics"); the question asks for them all, but
    the parse's coordinations hold only nouns. The run starts at the first verb's "to" and ends
    where the last conjunct's phrase does; with it come the offsets where each conjunct starts
    (its verb or its "to"), since only a span that is one of the things done takes the run,
    not a word inside one (SQuAD's "flat, two-dimensional icons" of "to pray before and
    venerate only flat, two-dimensional icons").
    """
    runs = []
    for verb, tag in enumerate(parse.tags):
        conjuncts = [j for j, head in enumerate(parse.heads) if head == verb and j != verb and parse.deps[j] == "conj"
                     and parse.tags[j] == "VB"]
        if tag != "VB" or not conjuncts or verb == 0 or parse.tokens[verb - 1][2] != "to":
            continue
        right = max(k for k in range(len(parse.heads)) if _descends(parse.heads, k, max(conjuncts)))
        starts = {parse.tokens[k][0] for j in (verb, *conjuncts) for k in (j, j - 1)
                  if k == j or parse.tokens[k][2] == "to"}
        runs.append((parse.tokens[verb - 1][0], parse.tokens[right][1], frozenset(starts)))
    return runs


def _descends(heads: Sequence[int], token: int, ancestor: int) -> bool:
    """Whether ``token`` is ``ancestor`` or lies in its subtree (by the parse's heads)."""
    while token != ancestor:
        if heads[token] == token:
            return False
        token = heads[token]
    return True


def semicolon_list(sentence: str, start: int, end: int) -> tuple[int, int] | None:
    """The list of items separated by semicolons that ``[start, end)`` lies in, else None.

    Official copy writes long items with semicolons ("five modules: principles of risk
    management and compliance; risk profiling and selectivity; …; and integrity …"), each
    item often holding an "and" of its own, so the parse's coordinations stop inside the list.
    The list runs from a colon before the span (or from the span itself when it opens the
    first item) to the end of the sentence, and needs two semicolons or a last "; and"; the span
    must be whole items (a part of one is answered by the item's own words).
    """
    colon = sentence.rfind(":", 0, start)
    first = colon + 1 if colon >= 0 else start
    if colon < 0 and ";" in sentence[:start]:
        return None  # the span opens a later item and nothing says where the list begins
    while first < start and sentence[first].isspace():
        first += 1
    last = len(sentence.rstrip().rstrip(".;:!?\"'\u201d)"))
    items = sentence[first:last]
    if end > last or ";" not in sentence[end:last] or not (items.count(";") >= 2 or re.search(r";\s+(?:and|or)\s", items)):
        return None
    whole_items = (start == first or re.search(r";\s*(?:(?:and|or)\s+)?$", sentence[first:start])) and (
        re.match(r"\s*;", sentence[end:]))
    if not whole_items:
        return None  # "BPP, ZPP and RP" of "…: BPP, ZPP and RP, which are …; AC and NC, …": a part of an item
    return (first, last) if last - first <= MAX_LIST_CHARS else None


#: What may stand between a list of modifiers and the noun they share: the noun's own words, no joint.
_SHARED_HEAD = re.compile(r"\s+[\w-]+(?:\s+[\w-]+)?")


def shared_head_lists(sentence: str, rel: tuple[int, int], parse: SentenceParse) -> list[tuple[int, int]]:
    """The list of modifiers a span's noun shares, when the span holds only its last members.

    Why: in "Malaysia's manufacturing, plantation and construction sectors" the parse
    coordinates the modifiers and leaves out the noun they share, so a span over
    "plantation and construction sectors" lies in no coordination and the first member was
    lost. The span must start at a member (after a comma, "and" or "or"), cover the
    coordination's end, and go on by at most the shared noun's two words, the last a plural:
    "the Cooper and Ashley River" names one river, and "Ashley River" is the answer.
    """
    last = [tag for (a, b, _, _), tag in zip(parse.tokens, parse.tags, strict=True) if b == rel[1]]
    if last[-1:] not in (["NNS"], ["NNPS"]):
        return []
    lists = []
    for a, b in parse.coordinations:
        if not (a < rel[0] < b <= rel[1] and _SHARED_HEAD.fullmatch(sentence, b, rel[1])):
            continue
        if re.search(r"(?:,|\band|\bor)\s+$", sentence[a:rel[0]]):
            lists.append((a, rel[1]))
    return lists


def _joined(best: tuple[int, int], runs: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """``best`` joined with a run of names that overlaps it in part.

    Why: the tagger can split a name that holds an "and" ("the United Nations Office for West
    Africa and the Sahel (UNOWAS), the … (UNOCA) and …"): the parse's coordination then ends
    with that name while the run of names starts inside it; together they are the list.
    """
    for a, b in runs:
        if a < best[1] and best[0] < b and not (a <= best[0] and best[1] <= b) and not (best[0] <= a and b <= best[1]):
            joined = (min(a, best[0]), max(b, best[1]))
            if joined[1] - joined[0] <= MAX_LIST_CHARS:
                return joined
    return best


def widen_to_list(text: str, start: int, end: int, pipeline: str) -> tuple[int, int]:
    """The list (in the sentence around ``[start, end)``) that contains the span, else the span."""
    found = sentence_of(text, start, end)
    if found is None:
        return start, end
    s, e = found
    rel = (start - s, end - s)
    if listed := semicolon_list(text[s:e], *rel):  # read off the text: no parse needed
        return s + listed[0], s + listed[1]
    parse = parse_sentence(text[s:e], pipeline)
    people = people_runs(text[s:e], parse.entities)
    # a span must touch the names to take the list; the list then ends with the last one's title
    titled = dict(zip(people, people_runs(text[s:e], parse.entities, last_title=True), strict=True))
    runs = coordinated_runs(text[s:e], parse.entities) + people
    inside = [run for run in runs if run[0] <= rel[0] < run[1] or run[0] < rel[1] <= run[1]]
    if not inside:
        inside = [c for c in parse.coordinations if c[0] <= rel[0] and rel[1] <= c[1] and c != rel]
        inside += [(a, b) for a, b, verbs in infinitive_runs(parse) if rel[0] in verbs and rel[1] <= b]
    if not inside:  # "A, B, and C" parsed as "B, and C" alone: a serial list right after the span's comma
        sentence = text[s:e]
        inside = [(rel[0], c[1]) for c in parse.coordinations
                  if re.fullmatch(r",\s*", sentence[rel[1]:c[0]]) and "," in sentence[c[0]:c[1]]]
    if not inside:  # "plantation and construction sectors" → "manufacturing, plantation and construction sectors"
        inside = shared_head_lists(text[s:e], rel, parse)
    inside = [c for c in inside if c[1] - c[0] <= MAX_LIST_CHARS]
    if not inside:
        return start, end
    best = min(inside, key=lambda c: c[1] - c[0])
    best = _joined(titled.get(best, best), runs)
    new_start, new_end = s + min(best[0], rel[0]), s + max(best[1], rel[1])
    while new_end > new_start and text[new_end - 1] in " ,;:":
        new_end -= 1
    return new_start, new_end


#: How many other mentions of a one-member answer are tried for a list that holds it.
_MENTIONS_TRIED = 5
#: A list item's edges: after a joint (", ", "; ", "and ") and before one, so "Somali" of "an
#: important Somali grazing area, …" is no item, nor "Dutch" of "then the Dutch, and …".
_ITEM_BEFORE = re.compile(r"(?:[,;]|\band|\bor)\s+(?:the\s+)?$")
_ITEM_AFTER = re.compile(r"\s*(?:\([^()]*\))?\s*(?:[,;]|and\b|or\b)")


def list_elsewhere(text: str, start: int, end: int, pipeline: str) -> tuple[int, int]:
    """A single name, for a question asking for several → a list that holds it elsewhere in the text.

    Why: asked "Which countries were represented at the forum?", the reader picks "Botswana"
    from the dateline "Gaborone, Botswana, 3–5 June 2024"; the answer is the list that names
    it again ("Angola, Botswana, …, Zimbabwe"). A span already in a list, or not capitalised
    (a phrase, not a name), stays; so does one no other mention of which is a whole item of a
    list of three or more (two may be a pair named in passing: "Botswana and Zambia signed…").
    Measured on SQuAD 1.0's training set: of 2,492 golds to plural which/what questions, 1
    changes ("Interstate 95" → "Interstate 95, downtown, and The Hill neighborhood").
    """
    if widen_to_list(text, start, end, pipeline) != (start, end):
        return start, end
    name = text[start:end].strip()
    if len(name) < 3 or not name[0].isupper():
        return start, end
    pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
    others = [m for m in pattern.finditer(text) if not start <= m.start() < end][:_MENTIONS_TRIED]
    for mention in others:
        s, e = widen_to_list(text, mention.start(), mention.end(), pipeline)
        listed = _PARENTHETICAL.sub("", text[s:e])
        whole = (_ITEM_BEFORE.search(text, s, mention.start()) or mention.start() == s) and \
            (_ITEM_AFTER.match(text, mention.end(), e) or mention.end() == e)
        if whole and re.search(r"[,;]", listed) and len(re.findall(r"[,;]|\band\b|\bor\b", listed)) >= 2:
            return s, e
    return start, end


#: What a name of a body or country is tagged as: the members of a list of bodies.
_BODY_LABELS = ("ORG", "GPE", "NORP")


def widen_to_bodies(text: str, start: int, end: int, question: str, pipeline: str) -> tuple[int, int]:
    """The whole "A and B" list of bodies or countries that a "Who…?" span names one of; else the span.

    Why: "Who is funding the pilot assessment?" of "… financed by the Government of Norway and
    the Swiss Agency for Development and Cooperation (SDC)": the reader names the first funder,
    and a "Who…?" question does not say one. The list stays one member when the question
    names another member ("Who was Comcast's partner?" of "Comcast and Time Warner Cable") or
    asks for a superlative ("Who has the smallest …?"). Measured on SQuAD 1.0's 9,094 "Who…?"
    golds not asking for a list: 47 are such a whole list and 38 one member of one.
    """
    found = sentence_of(text, start, end)
    if found is None:
        return start, end
    s, e = found
    sentence, rel_start, rel_end = text[s:e], start - s, end - s
    if any(tag in ("JJS", "RBS") for tag in parse_sentence(question, pipeline).tags):
        return start, end
    bodies = with_parentheticals(sentence, [m for m in parse_sentence(sentence, pipeline).entities
                                            if m.label in _BODY_LABELS])
    asked = set(tokenize(question))
    for run_start, run_end in coordinated_runs(sentence, bodies):
        members = [m for m in bodies if run_start <= m.start and m.end <= run_end]
        named = [m for m in members if m.start < rel_end and rel_start < m.end]
        joined = any(re.search(r"\band\b", sentence[a.end:b.start]) for a, b in zip(members, members[1:]))
        if len(named) != 1 or not (named[0].start - 4 <= rel_start and rel_end <= named[0].end) or not joined:
            continue
        if any(set(tokenize(sentence[m.start:m.end])) & asked for m in members if m is not named[0]):
            return start, end
        return s + run_start, s + run_end
    return start, end
