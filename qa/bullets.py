"""Bulleted lists: the items of a list written one per line, and the one a question describes.

Reports and readouts list what a meeting covered or agreed one item per line ("- licensing
and regulatory frameworks …;"). Each line is a sentence of its own to the sentence splitter,
so the coordinations of one sentence (``qa.lists``, ``qa.enumeration``) never see the list.
"""

from __future__ import annotations

import re

from qa.spans import described_part
from qa.text import LINE_BULLET

#: What ends a bulleted item besides its words: "; and", ",", ".".
_ITEM_END = re.compile(r"[\s;,.:]*(?:\b(?:and|or)\b)?[\s;,.:]*$")


def bullet_items(text: str, start: int) -> list[tuple[int, int]]:
    """The items of the bulleted list whose line holds ``start`` (each from its words to its ";"), else ``[]``.

    The list is the run of adjacent lines opened by the same kind of bullet ("- ", or markers
    like "(a)"/"1.", ``qa.text.LINE_BULLET``), so a heading or paragraph around it is no item.
    """
    def line_at(pos: int) -> tuple[int, int]:
        end = text.find("\n", pos)
        return text.rfind("\n", 0, pos) + 1, len(text) if end < 0 else end

    def kind(mark: str) -> str:
        return mark if mark in "-•*▪◦–" else "label"

    first, last = line_at(start)
    opened = LINE_BULLET.match(text, first)
    if opened is None:
        return []
    lines = [(first, last)]
    while lines[0][0] > 0 and (m := LINE_BULLET.match(text, line_at(lines[0][0] - 1)[0])) and (
            kind(m.group("mark")) == kind(opened.group("mark"))):
        lines.insert(0, line_at(lines[0][0] - 1))
    while lines[-1][1] < len(text) and (m := LINE_BULLET.match(text, lines[-1][1] + 1)) and (
            kind(m.group("mark")) == kind(opened.group("mark"))):
        lines.append(line_at(lines[-1][1] + 1))
    items = []
    for a, b in lines:
        words = LINE_BULLET.match(text, a).end()  # type: ignore[union-attr]  # every line above opens with one
        items.append((words, words + len(_ITEM_END.sub("", text[words:b]))))
    return items if len(items) >= 2 else []


def pick_described_bullet(text: str, start: int, end: int, terms: frozenset[str]) -> tuple[int, int]:
    """The one item of a bulleted list that the question's descriptors name, when the span is another item.

    Why: reports list what a training covered one item per line ("- licensing and regulatory
    frameworks for private mini-grid operators;"); asked "Which regulatory topic was covered?",
    the reader answered with a neighbouring item. Each line is a sentence of its own, so the
    sentence's coordinations (``qa.enumeration.pick_described_item``) never see the list.
    When exactly one item holds a descriptor of the question that no other item holds, and the
    span starts in another item (or runs over several: the reader's span can open at the first
    bullet and end items later), that item is the answer. SQuAD's paragraphs have no bullets.
    """
    items = bullet_items(text, start) if terms else []
    named = described_part(terms, [text[a:b] for a, b in items]) if items else None
    if named is None:
        return start, end
    # the reader's span may open with the bullet itself ("- resource …"): its item is the line's
    line_start = text.rfind("\n", 0, start) + 1
    own = next((i for i, (a, b) in enumerate(items) if text.rfind("\n", 0, a) + 1 == line_start), None)
    if own is None or (items[named][0] <= start and end <= items[named][1]) or end > items[-1][1] + 2:
        return start, end  # already in the item described, or running on past the list
    return items[named]  # from another item, or over several: the question asks for one
