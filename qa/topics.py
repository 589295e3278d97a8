"""What a meeting discussed: the object of "discussed", "focused on", "an exchange on".

Asked "What subjects did the talks concentrate on?", the reader, trained on SQuAD's short
answers, rarely links "concentrate on" to the release's "Discussions focused on …", and
returns words of the sentence that matches the question best ("bilateral consultations … on
maritime issues", "the sixth round of political consultations"). A release states its
topics with a few verbs of discussion, so once the reader has found the document, the
answer moves to the first such statement in it: the whole object of the verb, its list
included, verbatim.
"""

from __future__ import annotations

import re

from qa.annotate import parse_sentence
from qa.occasion import below_headline
from qa.text import cached_sentences

#: "What issues/topics/subjects…?" (plural: the set of topics, not the one "law-enforcement topic" asked about).
_TOPICS_NOUN = re.compile(r"^\W*(?:what|which)\s+(?:[\w-]+\s+){0,2}?(?:issues|topics|subjects|matters|themes|"
                          r"areas)\b", re.IGNORECASE)
#: A meeting, or a verb of discussion: "What subjects…?" asks for topics discussed only when it names one
#: ("What were the subjects of Remington's paintings?" asks for none).
_OCCASION = re.compile(r"\b(?:talks|meetings?|consultations?|dialogues?|discussions?|agenda|table|conferences?|"
                       r"sessions?|summits?|forums?|visits?|calls?|talk|negotiations|exchanges?|workshops?|seminars?|"
                       r"rounds?|delegations|sides|discuss\w*|raised|covered|addressed|debated|concentrate\w*|"
                       r"focus\w*|go\s+over|went\s+over|take\s+up|took\s+up)\b", re.IGNORECASE)
#: "What did the ministers discuss (at the meeting)?": the question's "what" is the verb of discussion's object
#: (after "do" or a modal: "What was the Library's first address?" uses the verb's form as a noun).
_TOPICS_VERB = re.compile(r"^\W*what\s+(?:did|do|does|will|would|shall|should|can|could)\s+.*\b(?:discuss|"
                          r"focus\s+on|concentrate\s+on|cover|address|take\s+up|go\s+over|exchange\s+views\s+on|"
                          r"talk\s+about|debate)\b(?:\s+(?:at|during|in|on|under|with|between|before|after|besides|"
                          r"apart\s+from|other\s+than)\b.*)?\W*$",
                          re.IGNORECASE)
#: A statement of what was discussed: the verb (or noun) of discussion and the preposition before its object.
_DISCUSSION = re.compile(r"\b(?:discuss(?:ed|ing)?|focus(?:s?ed)?\s+on|concentrated\s+on|cent(?:er|re)d\s+on|covered|"
                         r"addressed|exchanged\s+views\s+on|(?:exchange|discussions?|talks|dialogue)\s+(?:on|about)|"
                         r"took\s+up|deliberated\s+on|agenda\s+(?:covered|included))\s+", re.IGNORECASE)
#: Topics listed after their kind: "key issues, such as …", "areas including …", "topics: …".
_LISTED = re.compile(r"\b(?:issues|topics|subjects|matters|themes|areas)\b(?:,?\s+(?:such\s+as|including|namely)|"
                     r"\s*:)\s+", re.IGNORECASE)
#: The question's topic noun, singular stem ("issue" of "issues"): a sentence using it states the topics too.
_TOPIC_WORD = re.compile(r"\b(issue|topic|subject|matter|theme|area)s\b", re.IGNORECASE)


def _states_topics(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` states topics: a verb of discussion, or topics listed after their kind."""
    return bool(_DISCUSSION.search(text, start, end) or _LISTED.search(text, start, end))


def asks_for_topics(question: str) -> bool:
    """Whether the question asks for the topics discussed ("What issues were on the agenda?")."""
    return bool((_TOPICS_NOUN.match(question) and _OCCASION.search(question)) or _TOPICS_VERB.match(question))


def discussed(sentence: str, pipeline: str) -> tuple[int, int] | None:
    """The span of ``sentence`` naming what was discussed: from the object of its verb of discussion (or the
    list after "key issues, such as") to the end.

    The small parser attaches a long list's later items unreliably, so the span runs to the
    sentence's end, less its full stop, and stops before a clause of its own ("…, and agreed
    to meet again"): a verb joined to an earlier word as its conjunct.
    """
    found = min((m for m in (_DISCUSSION.search(sentence), _LISTED.search(sentence)) if m is not None),
                key=lambda m: m.start(), default=None)
    if found is None:
        return None
    parse = parse_sentence(sentence, pipeline)
    after = [i for i, token in enumerate(parse.tokens) if token[0] >= found.end()]
    if not after or not parse.heads:
        return None
    start, end = parse.tokens[after[0]][0], len(sentence.rstrip().rstrip(".;:"))
    for i in after[1:]:
        if parse.deps[i] == "conj" and parse.tokens[i][3] in ("VERB", "AUX") and parse.tags[i] not in ("VBN", "VBG"):
            left = min([i] + [j for j in after if j < i and parse.heads[j] == i])  # "jointly explored"
            end = len(re.sub(r"[\s,;]*(?:and|but|while|,)?\s*$", "", sentence[:parse.tokens[left][0]]))
            break
    return (start, end) if end > start else None


def move_to_topics(question: str, text: str, start: int, end: int, title: str, pipeline: str) -> tuple[int, int]:
    """The first statement of what was discussed in ``text`` (below its headline ``title``), for a topics question.

    The span stays where it is when the question asks for no topics, when its own sentence
    states topics (a verb of discussion, topics listed after their kind, "key issues, such as
    …", or the question's topic noun), or when the text states none.
    """
    if not asks_for_topics(question):
        return start, end
    sentences = cached_sentences(text)
    own = next(((s, e) for s, e in sentences if s <= start < e), None)
    noun = _TOPIC_WORD.search(question)
    if own is not None and (_states_topics(text, *own) or
                            (noun and re.search(rf"\b{noun.group(1)}", text[own[0]:own[1]], re.IGNORECASE))):
        return start, end
    for s, e in sentences:
        if _states_topics(text, s, e) and below_headline(title, text, s) and (found := discussed(text[s:e], pipeline)):
            return s + found[0], s + found[1]
    return start, end
