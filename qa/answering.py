"""Answer composition: reader spans → verbatim answer, citations, alternatives, abstention.

Every answer is a span of a stored document; its citation is the sentence(s) around it,
so ``answer`` is always a substring of the first citation's ``quote`` and
``quote == document.text[start:end]`` by construction.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from qa.answer_amount import (counts_asked_things, same_currency, states_a_value, states_money, states_quantity,
                              states_share, sum_is_givers, sums_not_counts)
from qa.answer_measure import counts_not_a_year, states_other_measure, within_asked_whole
from qa.answer_shape import (adds_to_question, mentions_title, names_asked_body, names_bodies, names_body_not_people,
                             names_someone, names_someone_else, states_aim, states_clock_time, states_contact,
                             states_day, states_place)
from qa.answer_subject import holds_asked_office, tells_of_asked_person, tells_of_asked_thing
from qa.answer_syntax import (names_counted_things, names_office_holder, names_place, names_place_not_body,
                               names_someone_not_a_clause, names_venue, states_time)
from qa.answer_time import states_asked_end, tells_of_what_is_next, tells_of_what_was_before
from qa.calibration import Calibration, features
from qa.enumeration import in_asked_member, is_label, widen_to_aims
from qa.fields import matching_field, prefer_fields
from qa.index_store import LoadedIndex
from qa.mentions import body_mention, fullest_mention
from qa.occasion import (below_headline, beyond_dateline, date_around, figure_of_asked_year, fits_tense,
                         same_occasion)
from qa.question import asks_for_aim, asks_for_person
from qa.schemas import Alternative, Answer, Citation, RetrievedChunk
from qa.set_aside import leaves_out_set_aside
from qa.text import cached_sentences
from qa.topics import move_to_topics

NO_SUPPORT = "The sources do not say: no passage answers this question with enough confidence."
NO_QUANTITY = "The sources do not say: no candidate answer states a quantity, which this question asks for."
NO_AGENT = "The sources do not say: no candidate answer names a person or body, which this question asks for."
NO_OFFICE_HOLDER = ("The sources do not say: no candidate answer names a person holding the office this question "
                    "asks about, only bodies or numbers.")
NO_SEVERAL = "The sources do not say: no candidate answer names the several things this question counts."
NO_TITLE = "The sources do not say: no passage with a candidate answer names the office this question asks about."
NO_OTHER_OFFICE = ("The sources do not say: the person a passage names beside the office this question asks about "
                   "holds another office.")
NO_DAY = "The sources do not say: no candidate answer states the day this question asks for."
NO_CLOCK = "The sources do not say: no candidate answer states the time of day this question asks for."
NO_MONEY = "The sources do not say: no candidate answer states the sum of money this question asks for."
NO_CONTACT = "The sources do not say: no candidate answer is an e-mail address or phone number."
NO_VENUE = "The sources do not say: no candidate answer names a venue, only a city, country or region."
NO_NEWS = "The sources do not say: no candidate answer says more than the question's own words."
NO_OCCASION = ("The sources do not say: the passages with candidate answers are about another year or occurrence "
               "than the one this question asks about.")
NO_BODY = ("The sources do not say: the only candidate answers are fragments of a headline, which the text "
           "does not state.")
NO_TENSE = ("The sources do not say: the dates found are on the wrong side of the document's date for what this "
            "question asks (what will happen, or what happened).")
NO_MEMBER = ("The sources do not say: the candidate answers are about another member of a list than the one this "
             "question asks about.")
NO_NAMED_BODY = "The sources do not say: the candidate answers are about another body than the one this question names."
NO_PLACE = ("The sources do not say: no candidate answer names a country, city or region, which this question "
            "asks for.")
NO_TIME = "The sources do not say: no candidate answer states a time, only a place."
NO_WHERE = "The sources do not say: no candidate answer states a place, only a time."
NO_END = ("The sources do not say: the times found date the start of what this question asks the end of, or the "
          "other way round.")
NO_ASKED_THING = ("The sources do not say: the times, places or amounts found are stated of other things than the "
                  "one this question asks about.")
NO_SHARE = "The sources do not say: no candidate answer states a share or percentage, only sums of money."
NO_AIM = "The sources do not say: no candidate answer states an aim or purpose, only names."
NO_ORGANISATION = "The sources do not say: no candidate answer names a body, which this question asks for, only people."
NO_BODIES = "The sources do not say: no candidate answer names the bodies this question asks for, only topics."
NO_LABEL = "The sources do not say: the only candidate answers are the numbers or letters that label paragraphs."
NO_OTHER = "The sources do not say: the only candidate answers name what this question sets aside."
NO_COUNTED = "The sources do not say: the numbers found count other things than the ones this question asks about."
NO_DATELINE = ("The sources do not say: the only candidate answer is in the dateline, which says when and where "
               "the release was issued, not what this question asks.")
NO_GIVERS_SUM = ("The sources do not say: the only sum found is the size of a whole (a budget, a project's worth) "
                 "that others fund too, not what the giver this question names gives.")
NO_MEASURE = ("The sources do not say: the only candidate answers are sums of money, not the measure this question "
              "asks for.")
NO_PART = "The sources do not say: the only sums found exceed the whole this question asks about a part of."
NOTHING_INDEXED = "The sources do not say: the index holds no documents."


@dataclass(frozen=True)
class Candidate:
    """A reader span placed in its document, with the features used for confidence."""

    doc_id: str
    start: int
    end: int
    reader_score: float
    null_score: float
    retrieval: RetrievedChunk
    #: 0-based rank of the candidate's passage in the retrieval results.
    passage_rank: int = 0


def support_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence(s) of ``text`` that contain ``[start, end)``: the cited passage."""
    sents = [(s, e) for s, e in cached_sentences(text) if s < end and e > start]
    if not sents:
        return start, end
    return min(sents[0][0], start), max(sents[-1][1], end)


#: Checks of the answer text alone, with the reason given when no candidate passes one.
_ANSWER_SHAPES: tuple[tuple[Callable[[str, str], bool], str], ...] = (
    (adds_to_question, NO_NEWS), (names_someone_else, NO_NEWS), (states_quantity, NO_QUANTITY),
    (states_a_value, NO_QUANTITY),
    (states_money, NO_MONEY), (same_currency, NO_MONEY), (names_someone, NO_AGENT),
    (within_asked_whole, NO_PART), (states_day, NO_DAY),
    (states_clock_time, NO_CLOCK), (states_contact, NO_CONTACT), (names_asked_body, NO_NAMED_BODY),
    (states_aim, NO_AIM), (states_share, NO_SHARE), (names_body_not_people, NO_ORGANISATION),
    (states_place, NO_WHERE), (names_bodies, NO_BODIES), (leaves_out_set_aside, NO_OTHER))

#: Misfits that end the search instead of passing to the next candidate. Asked "Who heads the
#: Malorian Renewable Energy Authority?", the reader's best-supported span is a body ("the
#: Serantian Energy Agency"): the text names who is involved, not who holds the office, and the
#: people ranked below hold other offices. Measured over the seed, press and SQuAD sets: of the
#: 8 answers that fell back past a body to a person, 8 answered unanswerable questions; other
#: misfits' fallbacks are right often enough to keep (a headline fragment → the body's words).
#: Amounts likewise: when the best-ranked candidate for "How much/many…?" states no sum or no
#: quantity, or one of another thing, the amounts ranked below are other things' too. Over the
#: seed and press sets, 25 questions fell back past such a misfit: 5 answered unanswerable
#: questions and none was right. A number counting another thing than "How many N…?" asks
#: about (``NO_COUNTED``) ends the search for the same reason: "two" (new projects) for "How
#: many scam centers…?" would otherwise fall to "one" of the same sentence.
DECISIVE = frozenset({NO_OFFICE_HOLDER, NO_MONEY, NO_QUANTITY, NO_ASKED_THING, NO_COUNTED})

#: How near the ranker must hold another candidate (its odds against the best) for an answer about a person
#: from a sentence without what the question says of them to yield to it (``AnswerComposer._prefer_telling``).
TELLING_ODDS = 0.5

#: A ranked candidate: (confidence, candidate, support span, features).
Ranked = tuple[float, Candidate, tuple[int, int], dict[str, float]]


class AnswerComposer:
    """Turns retrieved chunks and reader spans into the answer object."""

    def __init__(self, calibration: Calibration, threshold: float | None = None, spacy_model: str = "",
                 max_alternatives: int = 3, full_names: bool = False,
                 similarity: Callable[[str, list[str]], Sequence[float]] | None = None) -> None:
        self.threshold = calibration.threshold if threshold is None else threshold
        if not 0.0 <= self.threshold <= 1.0:
            raise ValueError(f"abstention threshold must be in [0, 1], got {self.threshold}")
        self.calibration = calibration
        self.spacy_model = spacy_model
        self.max_alternatives = max_alternatives
        #: Answer a surname ("Minister Hallor") with the person's name as first given (``qa.mentions``).
        self.full_names = full_names
        #: ``similarity(question, sentences)``: embedding similarities for the ``sentence_sim`` signal;
        #: only called when the calibration weighs it or ``rank`` is asked for every signal (else 0).
        self.similarity = similarity

    def rank(self, question: str, index: LoadedIndex, candidates: Sequence[Candidate],
             all_signals: bool = False) -> list[Ranked]:
        """Candidates with confidence, support span and features; the ranker's best first, overlaps merged.

        ``all_signals`` computes the signals the calibration does not weigh too (to fit a new one).
        """
        best_reader = max((c.reader_score for c in candidates), default=0.0)
        texts = [index.documents[cand.doc_id].text for cand in candidates]
        supports = [support_span(text, cand.start, cand.end) for text, cand in zip(texts, candidates, strict=True)]
        quotes = [text[s:e] for text, (s, e) in zip(texts, supports, strict=True)]
        sims = self._sentence_similarities(question, quotes, all_signals)
        prepared = []
        for cand, text, support, quote, sim in zip(candidates, texts, supports, quotes, sims, strict=True):
            values = features(cand, question, text[cand.start:cand.end], quote, self.spacy_model, best_reader, sim)
            prepared.append((cand, support, values))
        scores = self.calibration.scored([values for _, _, values in prepared])
        order = sorted(range(len(prepared)), key=lambda i: -scores[i][0])  # the ranker orders, stably
        picked: list[Ranked] = []
        for item in [(scores[i][1], *prepared[i]) for i in order]:
            cand = item[1]
            if not any(c.doc_id == cand.doc_id and c.start < cand.end and cand.start < c.end for _, c, _, _ in picked):
                picked.append(item)  # overlapping spans are the same answer
        return picked

    def _sentence_similarities(self, question: str, quotes: list[str], wanted: bool = False) -> list[float]:
        """The question's similarity to each cited sentence, when wanted or weighed (else 0s)."""
        if not quotes or self.similarity is None or not (wanted or self.calibration.weights.get("sentence_sim")):
            return [0.0] * len(quotes)
        unique = list(dict.fromkeys(quotes))
        by_quote = dict(zip(unique, (float(x) for x in self.similarity(question, unique)), strict=True))
        return [by_quote[q] for q in quotes]

    def _misfit(self, question: str, index: LoadedIndex, candidate: Candidate) -> str | None:
        """Why ``candidate`` cannot have the shape the question asks for (its abstention reason), or None.

        No question is answered by its own words; "How many…?" wants a quantity, "How much did it
        cost?" a sum of money, "Who…?" someone (not only an amount, a date or a statement, nor
        someone of another body than the one it names; "Who heads…?" a person, not a body), "What
        exact date…?" a day, "At what time (UTC)…?" a clock time, "Who is the <Title> of …?" a
        passage naming that office and no one given another office there, "In which building…?"
        more than a city, "In which country…?" a place (not a body's acronym), "Which four
        countries…?" several things, "What e-mail address…?" an "@", "What is its mission?" no
        bare name, "When will it end?" no date of its start, "Besides drugs, what…?" nothing
        holding "drugs", and no answer is a paragraph's
        label, a fragment of a headline (but a surname named in full below it), of another year's,
        round's or numbered session's passage, of another member of a list than the one asked
        about ("the second project"), a whole's budget for what one of its givers gives, a date
        the question's tense rules out, or a dateline's time or place for when or where
        something happened (unless its lead says "today")
        (``qa.answer_shape``, ``qa.answer_syntax``, ``qa.answer_subject``, ``qa.occasion``,
        ``qa.enumeration``, ``qa.set_aside``).
        Checked after ranking, so the best candidate that fits is the answer.
        """
        answer = self._text(index, candidate)
        for fits, reason in _ANSWER_SHAPES:
            if not fits(question, answer):
                return reason
        if not mentions_title(question, candidate.retrieval.chunk.text):
            return NO_TITLE
        document = index.documents[candidate.doc_id]
        text = document.text
        if self.headline_fragment(question, index, candidate):
            return NO_BODY
        if is_label(text, candidate.start, candidate.end):
            return NO_LABEL
        if (not tells_of_asked_thing(question, text, candidate.start, candidate.end)
                and not matching_field(question, text, candidate.start, candidate.end)):  # "WHERE: …" tells of it
            return NO_ASKED_THING
        if not beyond_dateline(question, text, candidate.start, candidate.end):
            return NO_DATELINE
        sentence = support_span(text, candidate.start, candidate.end)
        quote, start, end = text[sentence[0]:sentence[1]], candidate.start - sentence[0], candidate.end - sentence[0]
        if not names_venue(question, quote, start, end, self.spacy_model):
            return NO_VENUE
        if not names_someone_not_a_clause(question, quote, start, end, self.spacy_model):
            return NO_PLACE if re.match(r"\W*where\b", question, re.IGNORECASE) else NO_AGENT
        if not names_office_holder(question, quote, start, end, self.spacy_model):
            return NO_OFFICE_HOLDER
        if not holds_asked_office(question, quote, start, end):
            return NO_OTHER_OFFICE
        if not (names_place(question, quote, start, end, self.spacy_model)
                and names_place_not_body(question, text, candidate.start, candidate.end, self.spacy_model)):
            return NO_PLACE
        if not names_counted_things(question, quote, start, end, self.spacy_model):
            return NO_SEVERAL
        if not sums_not_counts(question, quote, start, end, self.spacy_model):
            return NO_MONEY
        if not sum_is_givers(question, quote, start, end, self.spacy_model):
            return NO_GIVERS_SUM
        if not counts_asked_things(question, quote, start, end, self.spacy_model, self.similarity):
            return NO_COUNTED
        if not counts_not_a_year(question, quote, start, end):
            return NO_QUANTITY
        if not states_other_measure(question, quote, start, end):
            return NO_MEASURE
        if not states_time(question, quote, start, end, self.spacy_model):
            return NO_TIME
        if not states_asked_end(question, quote, start, end, self.spacy_model):
            return NO_END
        if not (tells_of_what_is_next(question, quote, start, end, self.spacy_model)
                and tells_of_what_was_before(question, quote, start, end, self.spacy_model)):
            return NO_TENSE
        if not in_asked_member(question, quote, start, end):
            return NO_MEMBER
        if not (same_occasion(question, answer, quote, candidate.retrieval.chunk.text)
                and figure_of_asked_year(question, quote, start, end)):
            return NO_OCCASION
        if not fits_tense(question, quote[slice(*date_around(quote, start, end))], document.metadata.get("date")):
            return NO_TENSE
        return None

    def _prefer_telling(self, question: str, index: LoadedIndex, picked: list[Ranked]) -> list[Ranked]:
        """An answer about a person from a sentence that does not hold what the question says of that
        person yields to a near-equal candidate whose sentence does (``tells_of_asked_person``).

        Near-equal: the ranker's odds of the other candidate against the best are at least
        ``TELLING_ODDS``. The sentence judged is the candidate's own (not the one a name is
        first given in). Measured end to end on every set: press dev C2-06 righted, one SQuAD
        unanswerable question now null, two other answers to unanswerable questions changed
        (wrong to wrong); no answer to an answerable question lost.
        """
        def quote(item: Ranked) -> str:
            return index.documents[item[1].doc_id].text[item[2][0]:item[2][1]]

        if not picked or tells_of_asked_person(question, quote(picked[0]), self.spacy_model):
            return picked
        top = self.calibration.rank_score(picked[0][3])
        for i, item in enumerate(picked[1:], start=1):
            near = self.calibration.rank_score(item[3]) - top >= math.log(TELLING_ODDS)
            if near and tells_of_asked_person(question, quote(item), self.spacy_model):
                return [item, *picked[:i], *picked[i + 1:]]
        return picked

    def headline_fragment(self, question: str, index: LoadedIndex, candidate: Candidate) -> bool:
        """Whether ``candidate`` lies in its document's headline, and is no surname named in full below it."""
        document = index.documents[candidate.doc_id]
        return (not below_headline(document.title, document.text, candidate.start)
                and not self._named_below(question, document.text, candidate))

    def _named_below(self, question: str, text: str, candidate: Candidate) -> bool:
        """Whether a headline's surname ("… Call with Minister Castellanos-Amini") is named in full below it.

        The answer is then that full mention, cited from the body (``compose``), so it is no
        headline fragment; other headline words stay passed over (measured: moving them to the
        body's same words answered as many questions wrongly as it righted).
        """
        person = asks_for_person(question, self.spacy_model)
        full = (fullest_mention(text, candidate.start, candidate.end, self.spacy_model, person)
                if self.full_names else None)
        return full is not None and full[0] > candidate.end

    @staticmethod
    def _text(index: LoadedIndex, candidate: Candidate) -> str:
        return index.documents[candidate.doc_id].text[candidate.start:candidate.end]

    def _citation(self, index: LoadedIndex, doc_id: str, start: int, end: int, score: float) -> Citation:
        doc = index.documents[doc_id]
        return Citation(doc_id=doc_id, title=doc.title, date=doc.metadata.get("date"), start=start, end=end,
                        quote=doc.text[start:end], score=round(min(1.0, max(0.0, score)), 4))

    def compose(self, question: str, index: LoadedIndex, retrieved: Sequence[RetrievedChunk],
                candidates: Sequence[Candidate]) -> Answer:
        """Pick the best-supported candidate; abstain (answer=None) below the calibrated threshold.

        A candidate in a line labelled for what the question asks (``qa.fields``) answers even
        below the threshold: measured on the seed and press sets, that answered one more question
        rightly (press2 dev B-27, a venue on a "WHERE:" line) and no unanswerable one.
        """
        if not index.chunks:
            return Answer(question=question, answer=None, score=0.0, reason=NOTHING_INDEXED)
        ranked = self.rank(question, index, candidates)
        # after overlaps are merged: a part of a misfit ("21" of "21 to 23 October") is no answer either
        misfits = [self._misfit(question, index, item[1]) for item in ranked]
        picked = [item for item, misfit in zip(ranked, misfits, strict=True) if misfit is None]  # alternatives too
        # a line labelled for what the question asks ("WHEN: …") was written to answer it (``qa.fields``)
        picked, labelled = prefer_fields(question, [(item, index.documents[item[1].doc_id].text, item[1].start,
                                                     item[1].end) for item in picked])
        if not labelled:
            picked = self._prefer_telling(question, index, picked)
        # a decisive misfit ranked above every fitting candidate: the text does not say (``DECISIVE``),
        # unless a line labelled for the question holds a candidate
        decisive = None if labelled else next((m for m in misfits if m is None or m in DECISIVE), None)
        if decisive is not None:
            picked = []
        # nor does the threshold apply to it: the line's label, not the reader's confidence, says what it
        # answers ("WHERE: Conference Room 3, …" for "Where exactly will the report be presented?")
        if not picked or (picked[0][0] < self.threshold and not labelled):
            closest = [self._citation(index, r.chunk.doc_id, r.chunk.start, r.chunk.end, max(0.0, r.dense_score or 0))
                       for r in retrieved[:3]]
            best = picked[0][0] if picked else 0.0
            reason = decisive or (misfits[0] if ranked and not picked else None) or NO_SUPPORT
            return Answer(question=question, answer=None, score=round(best, 4), citations=closest, reason=reason)
        conf, best, support, top_values = picked[0]
        text = index.documents[best.doc_id].text
        moved = move_to_topics(question, text, best.start, best.end, index.documents[best.doc_id].title,
                               self.spacy_model)
        if moved != (best.start, best.end):  # the document's statement of what was discussed (``qa.topics``)
            best, support = replace(best, start=moved[0], end=moved[1]), support_span(text, *moved)
        answer_end = best.end
        if asks_for_aim(question):  # once the aim is trusted: every verb sharing its "to" (``widen_to_aims``)
            answer_end = widen_to_aims(text, best.start, best.end, self.spacy_model)[1]
            if answer_end > support[1]:
                support = support_span(text, best.start, answer_end)
        citations = [self._citation(index, best.doc_id, support[0], support[1], conf)]
        person = asks_for_person(question, self.spacy_model)
        full = fullest_mention(text, best.start, best.end, self.spacy_model, person) if self.full_names else None
        if full is not None:  # the name as first given, and the sentence the reader read
            citations.insert(0, self._citation(index, best.doc_id, *support_span(text, *full), conf))
        elif stated := body_mention(text, index.documents[best.doc_id].title, best.start, answer_end, question):
            citations.append(self._citation(index, best.doc_id, *support_span(text, *stated), conf))  # header → body
        answer = text[full[0]:full[1]] if full else text[best.start:answer_end]
        top_rank = self.calibration.rank_score(top_values)
        alternatives: dict[str, Alternative] = {}  # by the words shown: one alternative per distinct answer
        for _, c, sup, values in picked[1:]:
            other = self._text(index, c)
            key = _shown(other)
            if key in _shown(answer) or (full is not None and c.doc_id == best.doc_id and
                                         fullest_mention(text, c.start, c.end, self.spacy_model, True) == full):
                continue  # the answer again, or the same person by another mention
            # the answer's confidence scaled by the ranker's odds of this candidate against the
            # answer (their softmax shares), so scores follow the ranker's order
            shown = conf * math.exp(min(0.0, self.calibration.rank_score(values) - top_rank))
            citation = self._citation(index, c.doc_id, sup[0], sup[1], shown)
            if key in alternatives:  # the same words found elsewhere: one more citation, not another option
                alternatives[key].citations.append(citation)
            elif len(alternatives) < self.max_alternatives:
                alternatives[key] = Alternative(answer=other, score=round(shown, 4), citations=[citation])
        return Answer(question=question, answer=answer, score=round(conf, 4), citations=citations,
                      alternatives=list(alternatives.values()), reason=None)


def _shown(answer: str) -> str:
    """An answer's words as a reader compares them: case and spacing aside."""
    return " ".join(answer.casefold().split())
