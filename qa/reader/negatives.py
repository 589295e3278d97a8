"""The "no answer" examples of reader training: what the reader's null score learns from.

SQuAD 1.0 has no unanswerable questions, so they are made: another paragraph of the article,
the own paragraph without the answer sentence, or the own paragraph with the *question*
changed (a name, number or word swapped for one the paragraph never uses; a negation). Each
rule is small and tested, because the held-out figures in the model card depend on them.
"""

from __future__ import annotations

import re

import numpy as np

from qa.lexical import STOPWORDS, tokenize
from qa.reader.data import Example


def add_negatives(
    examples: list[Example],
    articles: list[list[Example]],
    ratio: float,
    rng: np.random.Generator,
) -> list[Example]:
    """Pair a ``ratio`` share of questions with another paragraph of the same article (label: CLS).

    Same-article paragraphs are topical near-misses, like retrieval errors. A paragraph that
    happens to contain the answer string is skipped, so a negative is never really answerable.
    """
    paragraphs: dict[int, dict[int, str]] = {}
    for art in articles:
        for ex in art:
            paragraphs.setdefault(ex.article, {})[ex.paragraph] = ex.context
    n_neg = round(ratio * len(examples))
    out: list[Example] = []
    for i in rng.permutation(len(examples))[:n_neg].tolist():
        ex = examples[i]
        others = [p for p in paragraphs.get(ex.article, {}) if p != ex.paragraph]
        for _ in range(3):
            if not others:
                break
            p = others[rng.integers(len(others))]
            ctx = paragraphs[ex.article][p]
            if ex.answer_text and ex.answer_text.lower() in ctx.lower():
                continue
            out.append(
                Example(ex.qid + "#neg", ex.question, ctx, None, None, ex.article, p)
            )
            break
    return out


#: A sentence ends at . ! or ? (plus closing quotes/brackets) followed by whitespace.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]\u201d]*\s+")
#: A context left with less text than this after the removal is not a useful negative.
MIN_REMAINING_CHARS = 80


def without_answer_sentence(ex: Example) -> str | None:
    """The context with the sentence(s) holding the answer removed, or None if that is not clean.

    None when the answer string still occurs elsewhere (the question could still be answered)
    or too little text remains.
    """
    if ex.answer_start is None or ex.answer_text is None:
        return None
    a, b = ex.answer_start, ex.answer_start + len(ex.answer_text)
    bounds = [0, *(m.end() for m in _SENTENCE_END.finditer(ex.context)), len(ex.context)]
    kept = [ex.context[s:e] for s, e in zip(bounds, bounds[1:]) if e <= a or s >= b]
    rest = "".join(kept).strip()
    if len(rest) < MIN_REMAINING_CHARS or ex.answer_text.lower() in rest.lower():
        return None
    return rest


def add_removed_answer_negatives(
    examples: list[Example], ratio: float, rng: np.random.Generator
) -> list[Example]:
    """Pair a ``ratio`` share of questions with their own paragraph minus the answer sentence (label: CLS).

    These are the hard "near-topic" negatives: the paragraph still talks about everything the
    question mentions, only the fact asked for is gone, which is what an unanswerable question
    about a relevant document looks like. Other-paragraph negatives alone teach the reader to
    say "no answer" only when the topic is absent.
    """
    n_neg = round(ratio * len(examples))
    out: list[Example] = []
    for i in rng.permutation(len(examples))[:n_neg].tolist():
        ex = examples[i]
        ctx = without_answer_sentence(ex)
        if ctx is not None:
            out.append(Example(ex.qid + "#removed", ex.question, ctx, None, None, ex.article, ex.paragraph))
    return out


#: A name (capitalised words, "of"/"the"/"de" allowed inside) or a number: the question parts a swap replaces.
_NAME_OR_NUMBER = re.compile(
    r"\b(?:[A-Z][\w'-]*(?:\s+(?:(?:of|the|de|von|van|and)\s+)?[A-Z][\w'-]*)*|\d[\d,.]*\d|\d)\b"
)


def _swappable(text: str) -> list[str]:
    """Names and numbers inside sentences of ``text``.

    A capitalised word that opens a sentence ("Despite", "The") is grammar, not a name, so
    only names after a lower-case word, a comma or a digit count; a leading "The" and a
    possessive "'s" are left out of the name.
    """
    found = []
    for m in _NAME_OR_NUMBER.finditer(text):
        before = text[:m.start()].rstrip()
        if not before or not (before[-1].islower() or before[-1] in ",;:(\"" or before[-1].isdigit()):
            if not m.group(0)[0].isdigit():
                continue
        name = re.sub(r"^The\s+|'s$", "", m.group(0))
        if name and name.lower() not in {"i", "a"} and (name[0].isdigit() or name[0].isupper()):
            found.append(name)
    return found


def swap_question(ex: Example, pool: list[str], rng: np.random.Generator) -> str | None:
    """``ex.question`` with one name or number the context mentions replaced by one it does not.

    The context no longer supports the question ("When did Kublai Khan die?" about a paragraph
    on Genghis Khan): about a fifth of the unanswerable questions people wrote for SQuAD 2.0 are
    such "entity swaps", and the paragraph still matches the question everywhere else.
    Numbers are swapped for numbers and names for names; None when nothing can be swapped
    cleanly (no name of the question is in the context, or it is part of the answer).
    """
    context = ex.context.lower()
    answer = (ex.answer_text or "").lower()
    targets = [t for t in _swappable(ex.question) if t.lower() in context and t.lower() not in answer]
    if not targets:
        return None
    target = targets[rng.integers(len(targets))]
    numeric = target[0].isdigit()
    choices = [c for c in pool if c[0].isdigit() == numeric and c.lower() not in context
               and c.lower() not in ex.question.lower()]
    if not choices:
        return None
    replacement = choices[rng.integers(len(choices))]
    return _replace_once(ex.question, target, replacement)


def _replace_once(question: str, target: str, replacement: str) -> str | None:
    swapped = re.sub(rf"(?<!\w){re.escape(target)}(?!\w)", lambda _: replacement, question, count=1)
    return swapped if swapped != question else None  # never the answerable question labelled "no answer"


#: Fine part-of-speech tags whose words a word swap may replace (nouns, adjectives, verbs).
SWAP_TAGS = frozenset({"NN", "NNS", "JJ", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})
Tagged = list[tuple[str, str]]


def tag_content_words(texts: list[str], pipeline: str) -> list[Tagged]:
    """The lower-case content words (four letters or more, not stop words) of each text, with their tags.

    Only the spaCy tagger runs (about 17k tokens/s here), so tagging a run's articles costs
    a few minutes at most; the tags let a swap keep the question grammatical.
    """
    from qa.annotate import load_pipeline

    nlp = load_pipeline(pipeline)
    with nlp.select_pipes(disable=[p for p in ("parser", "ner") if p in nlp.pipe_names]):
        docs = nlp.pipe(texts, batch_size=64)
        return [[(t.text, t.tag_) for t in doc if t.tag_ in SWAP_TAGS and t.is_alpha and t.is_lower
                 and len(t.text) >= 4 and t.text not in STOPWORDS] for doc in docs]


def swap_word(ex: Example, question_words: Tagged, pool: dict[str, list[str]],
              rng: np.random.Generator) -> str | None:
    """``ex.question`` with one content word the context supports replaced by one it never uses.

    Why: SQuAD 2.0's writers also changed ordinary words ("What *simple* measurements…",
    "…the beginning of *sociology* studies?"), which a name swap never shows. The
    replacement has the same part-of-speech tag and comes from the same article (``pool``:
    tag → words), so the question stays grammatical and on topic; neither it nor its stem
    occurs in the context, and words of the answer are left alone.
    """
    context_stems = set(tokenize(ex.context))
    answer_stems = set(tokenize(ex.answer_text or ""))
    asked = {w for w, _ in question_words}
    targets = [(w, tag) for w, tag in dict.fromkeys(question_words)
               if (stem := tokenize(w)) and stem[0] in context_stems and stem[0] not in answer_stems]
    if not targets:
        return None
    target, tag = targets[rng.integers(len(targets))]
    choices = [w for w in pool.get(tag, []) if w not in asked and (stem := tokenize(w)) and stem[0] not in context_stems]
    if not choices:
        return None
    return _replace_once(ex.question, target, choices[rng.integers(len(choices))])


_NEGATABLE = re.compile(r"^((?:what|who|which)\s+(?:is|are|was|were|has|have|had|can|could|will|would|should|might|must))"
                        r"\s+(?!not\b|n't\b)(?=\w)", re.IGNORECASE)


def negate_question(question: str) -> str | None:
    """The question negated ("What was built…" → "What was not built…"), or None when it cannot be.

    SQuAD 2.0's writers often made a question unanswerable by negating it; only the subject
    questions "what/who/which + auxiliary" are negated, where "not" after the auxiliary is
    grammatical.
    """
    negated = _NEGATABLE.sub(r"\1 not ", question, count=1)
    return negated if negated != question else None


def add_swapped_question_negatives(
    examples: list[Example], articles: list[list[Example]], ratio: float, rng: np.random.Generator,
    word_pipeline: str | None = None, negation_ratio: float = 0.0,
) -> list[Example]:
    """Pair a ``ratio`` share of questions, with a name or number swapped, with their own paragraph (label: CLS).

    Why: the other negatives change the *text* (another paragraph, the answer sentence cut), so
    the reader learns "no answer" only when the paragraph lacks the topic or the fact. People's
    unanswerable questions mostly keep the text and change the *question*: a name, a number,
    a date that the paragraph does not mention. The replacement comes from another paragraph
    of the same article, so it is on topic and plausible. With ``word_pipeline`` (a spaCy
    pipeline name) a question without a swappable name gets a content word swapped instead
    (``swap_word``); a further ``negation_ratio`` share is negated (``negate_question``).
    """
    wanted = {ex.article for ex in examples}  # only the articles the sampled questions come from
    names: dict[int, list[str]] = {}
    contexts: dict[int, list[str]] = {}
    for art in articles:
        if art and art[0].article in wanted:
            contexts[art[0].article] = list({ex.paragraph: ex.context for ex in art}.values())
            names[art[0].article] = sorted({n for ctx in contexts[art[0].article] for n in _swappable(ctx)})
    n_neg = round(ratio * len(examples))
    out: list[Example] = []
    unswapped: list[Example] = []
    for i in rng.permutation(len(examples))[:n_neg].tolist():
        ex = examples[i]
        question = swap_question(ex, names.get(ex.article, []), rng)
        if question is not None:
            out.append(_unanswerable(ex, question, "swapped"))
        else:
            unswapped.append(ex)
    if word_pipeline and unswapped:
        out += _word_swapped(unswapped, {a: contexts[a] for a in {ex.article for ex in unswapped}}, word_pipeline, rng)
    if negation_ratio:
        for i in rng.permutation(len(examples))[:round(negation_ratio * len(examples))].tolist():
            ex = examples[i]
            question = negate_question(ex.question)
            if question is not None:
                out.append(_unanswerable(ex, question, "negated"))
    return out


def _word_swapped(examples: list[Example], contexts: dict[int, list[str]], pipeline: str,
                  rng: np.random.Generator) -> list[Example]:
    """Word-swap negatives for ``examples``, with tag pools built from their articles' paragraphs."""
    order = sorted(contexts)
    tagged = iter(tag_content_words([c for a in order for c in contexts[a]], pipeline))
    pools: dict[int, dict[str, list[str]]] = {}
    for a in order:
        by_tag: dict[str, set[str]] = {}
        for _ in contexts[a]:
            for word, tag in next(tagged):
                by_tag.setdefault(tag, set()).add(word)
        pools[a] = {tag: sorted(words) for tag, words in by_tag.items()}
    out = []
    for ex, words in zip(examples, tag_content_words([ex.question for ex in examples], pipeline)):
        question = swap_word(ex, words, pools[ex.article], rng)
        if question is not None:
            out.append(_unanswerable(ex, question, "word-swapped"))
    return out


def _unanswerable(ex: Example, question: str, kind: str) -> Example:
    """``ex``'s paragraph with an edited question, labelled "no answer" (qid ``<qid>#<kind>``)."""
    return Example(f"{ex.qid}#{kind}", question, ex.context, None, None, ex.article, ex.paragraph)
