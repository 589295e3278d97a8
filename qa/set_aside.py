"""What a question sets aside: "Besides scams and drugs, what…?", "Which countries other than Korea…?".

Such a question names things to say they are *not* the answer. The span rules drop them from
the edges of a list (``qa.enumeration.drop_set_aside``), the question's words must not pick the
list item that holds them (``qa.spans``), and a place set aside is no answer to "Which
countries…?" (``qa.answer_syntax.names_place``). Split from ``qa.question`` (over 400 lines).
"""

from __future__ import annotations

import re

from qa.lexical import tokenize
from qa.question import name_keys

#: The phrases by which a question asks about something *besides* what it names ("Besides scams
#: and drugs, what…?", "… other than Knoxville …", "along with the EU, who…?").
_BESIDES = (r"\b(?:besides|other\s+than|apart\s+from|aside\s+from|except(?:\s+for)?|in\s+addition\s+to|"
            r"along\s+with|beyond)\b")
_EXCLUDING = re.compile(_BESIDES, re.IGNORECASE)
_SET_ASIDE = re.compile(_BESIDES + r"\s+(?P<aside>[^,?;]+?)(?=\s*(?:[,?;]|$|\b(?:what|which|who|whom|where|when|how|"
                        r"is|are|was|were|did|does|do|has|have|had|can|could|will|would|should|shall|may|might|"
                        r"must)\b))", re.IGNORECASE)


def excludes(question: str) -> bool:
    """Whether the question asks about something besides what it names: the named thing is not the answer.

    Why: "Which agency other than UNODC took part?" names UNODC to set it aside, so the
    question's words must not pick the list item that holds them (``pick_described_item``).
    """
    return _EXCLUDING.search(question) is not None


def set_aside(question: str) -> tuple[frozenset[str], ...]:
    """The stems of each thing a question asks *besides* ("Besides scams and drugs, what…?" → {scam}, {drug}).

    Why: such a question wants the rest of a list; the reader returns the whole list, the
    items set aside included. ``qa.enumeration.drop_set_aside`` drops them from its edges.
    One set per conjunct ("the National Art Gallery" is one thing, "scams and drugs" two): an
    item is set aside only when it holds all of one thing's words.
    """
    return tuple(stems for part in _things_set_aside(question) if (stems := frozenset(tokenize(part))))


def names_set_aside(question: str) -> tuple[frozenset[str], ...]:
    """The name keys (``name_keys``) of each named thing a question asks *besides* ("besides Korea" → {korea~}).

    Why names: where the set-aside phrase ends is a guess ("besides Korea joined the dialogue"
    runs on to the verb), but its capitalised words are the thing's name.
    """
    return tuple(keys for part in _things_set_aside(question) if (keys := name_keys(part)))


def _things_set_aside(question: str) -> list[str]:
    """The phrases a question sets aside, one per conjunct ("scams and drugs" → "scams", "drugs")."""
    return [part for m in _SET_ASIDE.finditer(question)
            for part in re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|nor)\s+", m.group("aside"))]


def leaves_out_set_aside(question: str, answer: str) -> bool:
    """Whether ``answer`` holds none of the things the question sets aside (always, when it sets none aside).

    Why: asked "Besides scams and drugs, what other key issues were on the agenda?", the reader
    may return "transnational crime and drugs", a phrase that names a thing set aside; the
    question wants what is *not* that. A span holding all the words of one thing set aside is
    no answer (``qa.enumeration.drop_set_aside`` has already cut such items off a list's
    edges). Of SQuAD 1.0's 1,355 training questions that set something aside, 13 golds (1.0%)
    hold it ("Senate Minority Leader" for "What position other than Senator…?").
    """
    words = set(tokenize(answer))
    return not any(thing <= words for thing in set_aside(question))
