"""The object a "What did X <verb>?" question asks for, read from the sentence's dependency parse.

Also the content of a "Which <noun>…?" question's noun: "Which shared understanding did the
dialogue reaffirm?" of "… the shared understanding that international cooperation is
indispensable in addressing transnational crime …" asks for the whole "that" clause.

Asked "What did the dialogue establish?" of "It also established a basis for a more strategic
and substantive partnership with UNODC, …", a span model answers with the inner noun phrase
("a more strategic and substantive partnership with UNODC"), leaving out the object's own head
("a basis for"). The answer to such a question is the direct object of its verb in the
sentence; a span inside that object is widened leftwards to where the object starts.
"""

from __future__ import annotations

import re

from qa.annotate import SentenceParse, parse_sentence
from qa.lexical import tokenize
from qa.text import sentence_of

#: "What did/does/will/has … X <verb>?": a question asking for its verb's object.
OBJECT_QUESTION = re.compile(r"^\W*what\s+(?:did|does|do|will|has|have|had|would|can|could|shall|should)\b",
                             re.IGNORECASE)
#: "Which/What [adjective] <noun> did/does/is … ?": group 1 is the noun the question asks about.
NOUN_QUESTION = re.compile(r"^\W*(?:which|what)\s+(?:[\w-]+\s+){0,2}?([\w-]+)\s+(?:did|does|do|will|has|have|had|"
                           r"was|were|is|are)\b", re.IGNORECASE)
#: Where a content clause's words end: a relative clause or a new clause after a comma or semicolon.
_CLAUSE_END = re.compile(r",\s*(?:which|who|whom|whose|where|while|whereas)\b|;|:|\s[–—-]{1,2}\s")
#: Parts of speech that make a widened prefix worth adding: not only "the", "their", "each other's".
_CONTENT = frozenset({"NOUN", "PROPN", "ADJ", "NUM"})


def question_verb(question: str, pipeline: str) -> str | None:
    """The stem of the question's main verb ("establish" of "What did the dialogue establish?"), if any."""
    parse = parse_sentence(question, pipeline)
    for i, (_, _, word, pos) in enumerate(parse.tokens):
        if parse.heads[i] == i and pos == "VERB":
            stems = tokenize(word)
            return stems[0] if stems else None
    return None


def complete_object(text: str, start: int, end: int, verb: str | None, pipeline: str) -> tuple[int, int]:
    """A span inside the direct object of the question's verb → widened to the object's start.

    Only leftwards (the reader's end is usually right; a relative clause after the object is
    not part of it), and only when the added words hold a noun, adjective or number ("a basis
    for", not a bare "their"). Measured end to end on the project's eval sets and SQuAD's: two
    seed answers change (one into a gold), one answer to an unanswerable SQuAD-sample question
    and one of the 1,000 held-out SQuAD answers (F1 unchanged); without the content-word
    condition, two more held-out answers gained a possessive ("their physical properties").
    """
    found = sentence_of(text, start, end) if verb else None
    if found is None:
        return start, end
    s, e = found
    parse = parse_sentence(text[s:e], pipeline)
    rel_start, rel_end = start - s, end - s
    for i, (_, _, word, pos) in enumerate(parse.tokens):
        if pos != "VERB" or tokenize(word)[:1] != [verb]:
            continue
        for child in (j for j, head in enumerate(parse.heads) if head == i and j != i and parse.deps[j] == "dobj"):
            left, right = _subtree(parse, child)
            added = [t for t in parse.tokens if left <= t[0] < rel_start]
            if left < rel_start < right and rel_end <= right and any(t[3] in _CONTENT for t in added):
                return s + left, end
    return start, end


def _subtree(parse: SentenceParse, root: int) -> tuple[int, int]:
    """The character span of ``root`` and every token that depends on it, directly or not."""
    inside = {root}
    changed = True
    while changed:
        changed = False
        for i, head in enumerate(parse.heads):
            if i not in inside and head in inside and head != i:
                inside.add(i)
                changed = True
    return parse.tokens[min(inside)][0], parse.tokens[max(inside)][1]


def complete_content_clause(text: str, start: int, end: int, noun: str | None, pipeline: str) -> tuple[int, int]:
    """A span inside the "that" clause of the question's noun → widened to the clause's end.

    Why: the reader stops "international cooperation is indispensable" before "in addressing
    transnational crime and drug-related challenges", which the clause goes on to say. The
    clause is the noun's dependent opened by "that" ("the understanding *that* …"); it ends
    where its parse ends, or earlier at a relative clause (", which …") or a semicolon.
    Only rightwards, and only when the span starts inside the clause.
    """
    found = sentence_of(text, start, end) if noun else None
    if found is None:
        return start, end
    s, e = found
    sentence = text[s:e]
    parse = parse_sentence(sentence, pipeline)
    rel_start, rel_end = start - s, end - s
    for i, (_, _, word, pos) in enumerate(parse.tokens):
        if pos != "NOUN" or tokenize(word)[:1] != [noun]:
            continue
        for clause in (j for j, head in enumerate(parse.heads) if head == i and j > i and j != i):
            marks = [k for k, head in enumerate(parse.heads) if head == clause and parse.deps[k] == "mark"]
            if not marks or parse.tokens[marks[0]][2] != "that":
                continue
            left, right = _subtree(parse, clause)
            stop = _CLAUSE_END.search(sentence, rel_end, right)
            right = stop.start() if stop else right
            if left <= rel_start and rel_end < right:
                return start, s + len(sentence[:right].rstrip(" ,.;"))
    return start, end
