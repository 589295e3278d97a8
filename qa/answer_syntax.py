"""Answer shapes read from the sentence's parse: a venue, a time, a country or city, someone.

Like ``qa.answer_shape`` (the checks on the answer's words alone), each check here says
whether a candidate span can be the kind of answer its question asks for, and
``qa.answering`` passes over one that cannot. These need the cited sentence's entities or
dependency parse (``qa.annotate``, cached per sentence), so they take the sentence and the
span's offsets in it. Each was measured on SQuAD 1.0's training questions before it was kept.
"""

from __future__ import annotations

import re

from qa.annotate import SentenceParse, parse_sentence
from qa.answer_shape import TIMELY
from qa.documents import DATELINE
from qa.enumeration import list_items
from qa.lexical import tokenize
from qa.lists import HONORIFICS
from qa.question import name_keys
from qa.set_aside import names_set_aside
from qa.spans import expand_acronym

#: "In which building or hotel…?", "what venue…", "Where exactly…?": a question asking for a venue.
_VENUE_QUESTION = re.compile(r"\b(?:which|what)\s+(?:[\w-]+\s+){0,2}(?:venue|hotel|building|room|hall|premises"
                             r"|conference\s+(?:centre|center|hall))s?\b|\bwhere\s+exactly\b"
                             r"|\bexact\s+(?:location|place|venue)\b", re.IGNORECASE)


def names_venue(question: str, sentence: str, start: int, end: int, pipeline: str) -> bool:
    """Whether the span ``sentence[start:end]`` can be the venue a question asks for.

    Why: asked "In which building or hotel in Seoul did the meeting take place?" of a text
    that names only the city, the reader returns a city ("Vienna"); a place that spaCy reads
    as a whole city, country or region (GPE, LOC) is no venue. Nor is a dateline's place
    ("Grand Baie, Mauritius, 9 October 2025", whose names spaCy reads as bodies there): a
    dateline (``qa.documents.DATELINE``) names where a release was issued, a town or country.
    Other questions always pass.
    """
    if not _VENUE_QUESTION.search(question):
        return True
    dateline = DATELINE.match(sentence)
    if dateline and end <= dateline.end() and not re.search(r"\d", sentence[start:end]):
        return False  # the dateline's own place, not a body named in the sentence it opens
    return not _is_place(sentence, start, end, pipeline, ("GPE", "LOC"))


#: "When…?" asking nothing else ("When, before Napoleon, had…?" still counts; "When X, what…?" does not).
ONLY_WHEN = re.compile(r"^\W*when\b(?!.*\b(?:what|which|who|whom|whose|where|how|why)\b)", re.IGNORECASE | re.DOTALL)


def states_time(question: str, sentence: str, start: int, end: int, pipeline: str) -> bool:
    """Whether the span ``sentence[start:end]`` can be the time a "When…?" question asks for.

    Why: asked "When will the next dialogue be held?" of a text that gives no date for it,
    the reader returned the city the dialogue was held in ("Seoul"). A span that spaCy reads
    as a whole place (GPE, LOC, FAC) and that has no word of time is no time. Measured on
    SQuAD 1.0's training set: of its 5,255 "When…?" questions asking nothing else, 6 golds
    are read as a place alone, and those that are eras ("the Middle Ages") keep a word of time.
    """
    if not ONLY_WHEN.match(question) or TIMELY.search(sentence[start:end]):
        return True
    return not _is_place(sentence, start, end, pipeline, ("GPE", "LOC", "FAC"))


_PLACE_QUESTION = re.compile(r"^\W*(?:(?:in|from|to|of|at|into|with|by|on)\s+)?(?:which|what)\s+(?:[\w-]+\s+)?"
                             r"(?:countries|country|cities|city|nations?|towns?|continents?)\b", re.IGNORECASE)
#: "What should countries…?": the place noun is the question's subject, not the kind of place asked for.
_PLACE_AFTER_VERB = re.compile(r"^\W*(?:which|what)\s+(?:should|could|would|will|do|does|did|can|must|may|might|"
                               r"are|is|were|was|have|has|had)\s", re.IGNORECASE)
#: Common nouns that can head the name of a place ("the country", "the capital", "the north").
_PLACE_NOUNS = frozenset({"country", "countries", "city", "cities", "nation", "nations", "state", "states", "town",
                          "towns", "continent", "capital", "republic", "kingdom", "empire", "island", "islands",
                          "region", "province", "area", "land", "territory", "colony", "village", "county",
                          "mainland", "homeland", "north", "south", "east", "west", "side"})


#: "Which regions…?", "What provinces…?": a question asking for places of any size; a list answering it lists places.
_PLACES_QUESTION = re.compile(r"^\W*(?:(?:in|from|to|of|at|into|with|by|on)\s+)?(?:which|what)\s+(?:[\w-]+\s+)?"
                              r"(?:countries|cities|nations|towns|continents|regions|provinces|districts|islands|"
                              r"territories|municipalities|counties|villages)\b", re.IGNORECASE)


def names_place(question: str, sentence: str, start: int, end: int, pipeline: str) -> bool:
    """Whether the span ``sentence[start:end]`` can be the country or city a question asks for.

    Why: asked "In which country will the second project take place?", the reader returned
    "ROK government, in cooperation with UNODC", a body. A span headed by a common noun that
    is no place ("government", "cooperation") and overlapping no place entity (GPE, LOC,
    NORP) names no country or city; a capitalised head may be a name the tagger misreads and
    passes. Measured on SQuAD 1.0's training set: of 1,247 "Which country/city/nation/town/
    continent…?" golds, 9 are headed by a common noun, most of them such misread names
    ("Paquime", "Ogun"). A span headed by a number or pronoun names no place even when a place
    is named inside it: asked "Which partner countries will receive…?", the reader returned
    "one designed to analyze … scam centers in the Mekong region"; of 1,255 such golds, 1 more
    fails (a count of people "in Albania"), and over the eval sets' answers it rejected 1 of 3
    unanswerable questions' and none of 20 others. A span or list item opening with a person's
    honorific ("Dr. Keiko Hanazawa, Senior Researcher at the … Institute of Japan; Mr. …")
    names people, not places (spaCy's PERSON label alone also covers misread places: "Kufa",
    "Santander"; 51 more SQuAD golds would fail on it). Nor does a span headed, outside any
    place entity, by a body's word the question does not use (``_BODY_WORDS``) name a place:
    asked "Which countries did the trainees come from?", the reader returned "the Malawi Revenue
    Authority"; of the 1,247 golds, 4 more fail ("the German government", "Prussia's alliance
    with Britain"). Nor is the
    place the question sets aside an answer ("Which countries besides Korea…?" → "the Republic of
    Korea"): of the 1,247 golds, none is one place holding the words of one set aside. Nor is a
    span of lower-case words alone a country or city: asked "Which countries share the Karsa
    Basin Aquifer?" of a text naming none, the reader returned "riparian countries", the kind
    of place again; of SQuAD 1.0's 1,251 golds to such questions, 8 are lower-case ("every
    continent", "high income countries", "five largest cities").
    """
    if _PLACES_QUESTION.match(question) and not _lists_places(sentence, start, end, pipeline):
        return False
    if not _PLACE_QUESTION.match(question):
        return True
    if sentence[start:end] == sentence[start:end].lower() and not _PLACE_AFTER_VERB.match(question):
        return False  # "riparian countries": the kind of place the question names, no name of one
    if not _SEVERAL.search(sentence, start, end) and any(thing <= name_keys(sentence[start:end])
                                                         for thing in names_set_aside(question)):
        return False  # "the Republic of Korea" for "Which countries besides Korea…?"
    parse = parse_sentence(sentence, pipeline)
    roots = parse.roots(start, end)
    head = parse.tokens[roots[0]] if roots else None
    if head is not None and _in_place(parse, head[0], head[1]):
        return True
    if (head is not None and head[3] in ("NUM", "PRON")) or _TITLED_PERSON.match(sentence, start, end):
        return False  # "one designed to … in the Mekong region", "Dr. Keiko Hanazawa, … of Japan": no place
    if head is not None and _BODY_WORDS.fullmatch(head[2]) and not set(tokenize(head[2])) & set(tokenize(question)):
        return False  # "the Malawi Revenue Authority": a body, though a country names it
    if head is None or _in_place(parse, start, end):
        return True
    head_start, _, word, pos = head
    # a capitalised head may be a name the tagger reads as a common noun ("Ogun", "UNDP")
    return pos != "NOUN" or word in _PLACE_NOUNS or sentence[head_start].isupper()


def names_place_not_body(question: str, text: str, start: int, end: int, pipeline: str) -> bool:
    """Whether an acronym answering "Which country…?" is not what its document defines as a body's short name.

    Why: asked "Which partner countries will receive investigative capacity support?", the
    reader returned "UNODC", which the document defines: "the United Nations Office on Drugs
    and Crime (UNODC)", a body. spaCy tags countries' acronyms as ORG too ("ROK", "UAE"), so
    the tag cannot tell them apart; the document's own "Name (ACRONYM)" can, when the name has
    a body's word ("Office", "Ministry", "Agency"; ``_BODY_WORDS``).
    """
    found = re.fullmatch(r"\W*(?:the\s+)?([A-Z]{2,8})\W*", text[start:end])
    if found is None or not _PLACE_QUESTION.match(question):
        return True
    marker = f"({found.group(1)})"
    at = text.find(marker)
    while at >= 0:
        name = expand_acronym(text, at + 1, at + len(marker) - 1, pipeline)
        if name[0] < at:
            return not _BODY_WORDS.search(text[name[0]:name[1]])
        at = text.find(marker, at + 1)
    return True


def _lists_places(sentence: str, start: int, end: int, pipeline: str) -> bool:
    """Whether each item of a list span (``qa.enumeration.list_items``) can be a place; True for one item.

    Why: asked "Which regions of Myanmar are covered by the second project?", the reader
    returned "Southeast Asia, drug control cooperation, anti-corruption responses, and …", a
    list of topics that opens with a place. An item headed by a lower-case common noun that is
    no place word, or by a verb ("help local communities cultivate …"), with no capital and no
    place entity (GPE, LOC, NORP, FAC), names no place. Measured on SQuAD 1.0's training set:
    of 244 golds to "Which countries/regions/provinces/islands…?" that the check reads, 4 fail,
    each a gold that is no list of places ("8th, 16th and 17th"); over the eval sets' answers it
    rejected 1 of 4 unanswerable questions' and none of 14 others.
    """
    parse = parse_sentence(sentence, pipeline)
    items = list_items(sentence, start, end, parse)
    return len(items) < 2 or all(_names_a_place(sentence, parse, a, b) for a, b in items)


def _names_a_place(sentence: str, parse: SentenceParse, start: int, end: int) -> bool:
    """Whether one list item can be a place: no titled person, and a place entity, a capital, or not a common
    noun's or verb's phrase."""
    if _TITLED_PERSON.match(sentence, start, end):
        return False
    roots = parse.roots(start, end)
    if _in_place(parse, start, end, ("GPE", "LOC", "NORP", "FAC")) or not sentence[start:end].islower():
        return True
    if not roots:
        return True
    _, _, word, pos = parse.tokens[roots[0]]
    return pos not in ("NOUN", "VERB", "AUX") or word in _PLACE_NOUNS  # "help local communities …": no place


#: A phrase opening with a person's honorific ("Dr. Keiko Hanazawa, Senior Researcher … of Japan") names a person.
_TITLED_PERSON = re.compile(rf"\W*{HONORIFICS}\.?\s")


def _in_place(parse: SentenceParse, start: int, end: int, labels: tuple[str, ...] = ("GPE", "LOC", "NORP")) -> bool:
    """Whether ``[start, end)`` overlaps a place entity (``labels``)."""
    return any(m.label in labels and m.start < end and start < m.end for m in parse.entities)


#: A finite verb's tags: past, present (3rd person and other), modal.
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})


def names_someone_not_a_clause(question: str, sentence: str, start: int, end: int, pipeline: str) -> bool:
    """Whether the span ``sentence[start:end]`` can answer "Who/Where…?": a name or a noun phrase, not a clause.

    Why: asked "Who represented the Ministry of Justice at the dialogue?" of a release that
    names no one for it, the reader returned "Korean participants were representatives from
    various relevant ministries and agencies"; asked "Who will chair the new committee?", "The
    two parties agreed to establish a joint portfolio monitoring committee that…". A span
    whose top word is a finite verb with its subject, or with words before it and a
    dependent after it (an inverted sentence), is a statement, not someone. Measured on
    SQuAD 1.0's training set: 57 of 8,131 "Who…?" golds read as such a clause ("ESPN took
    over the package"; some misparsed names); over this project's eval sets, 5 answers to
    unanswerable questions did, and 1 partly right answer (F1 0.38). "Where…?" is answered by a
    place, not a statement either ("Where will the next dialogue take place?" got "During the
    dialogue, the two sides shared information on … in Southeast Asia"): 31 of 3,275 SQuAD
    "Where…?" golds read as a clause. Not "When…?": its answer may be one ("when DST rules
    change"; 81 of 5,430 golds).
    """
    if not re.match(r"\W*(?:who|where)\b", question, re.IGNORECASE):
        return True
    parse = parse_sentence(sentence, pipeline)
    inside = [i for i, token in enumerate(parse.tokens) if token[0] >= start and token[1] <= end]
    for root in parse.roots(start, end):
        if parse.tags[root] not in _FINITE:
            continue
        dependents = [i for i in inside if parse.heads[i] == root and i != root]
        if any(parse.deps[i] in _SUBJECTS for i in dependents):
            return False
        if inside[0] < root and any(i > root for i in dependents):
            return False  # "Among other participants were representatives…": words on both sides of the verb
    return True


_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl"})

#: "Who heads / chaired / will lead / represented …?", "Who is the head / director / chair of …?": a question
#: asking for the person holding an office (not "Who manages…?" or "Who is in charge…?", which bodies do).
_OFFICE_QUESTION = re.compile(
    r"^\W*who\s+(?:(?:will|would|did|does|do|has|had|shall|may|might|can|could|is\s+to)\s+)?(?:co-?)?"
    r"(?:head|heads|headed|chair|chairs|chaired|lead|leads|led|moderate[sd]?|preside[sd]?|direct|directs|directed|"
    r"represent|represents|represented)\b"
    r"|^\W*who\s+(?:is|was|will\s+be)\s+(?:co-?)?(?:heading|chairing|leading|moderating|presiding|directing|"
    r"representing)\b"
    r"|^\W*who\s+(?:is|was|were|will\s+be|has\s+been|have\s+been)\s+(?:appointed|named|chosen|elected|nominated|"
    r"designated|selected)\s+to\s+(?:co-?)?(?:head|chair|lead|direct)\b"
    r"|^\W*who\s+(?:is|was|are|were|will\s+be|has\s+been)\s+(?:the\s+|an?\s+)?(?:[\w'’-]+\s+){0,4}?(?:co-?)?"
    r"(?:head|chair|chairperson|chairman|chairwoman|director|manager|minister|secretary|president|coordinator|"
    r"leader|representative|spokes\w+|ambassador|officer|commissioner|moderator|keynote\s+speaker|governor|"
    r"mayor|ceo|chief)(?=\s+(?:of|for|at|in|on|responsible|who|that)\b|\s*[,?]|\s*$)", re.IGNORECASE)
#: What marks a person: an honorific, an office or a pronoun ("the Director of…", "a representative", "she").
_PERSON_WORDS = re.compile(
    rf"\b(?:{HONORIFICS}|Lord|Lady|King|Queen|Prince|Pope|Saint|St)(?!\w)\.?"
    r"|(?i:\b(?:heads?|chair\w*|directors?|managers?|ministers?|secretar(?:y|ies)|presidents?|coordinators?|leaders?|"
    r"representatives?|spokes\w+|ambassadors?|officers?|commissioners?|moderators?|governors?|mayors?|ceos?|"
    r"chiefs?|experts?|officials?|delegates?|envoys?|he|she|his|her|him|himself|herself|emperors?|generals?|"
    r"captains?|commanders?|bishops?|kings?|queens?)\b)")
#: Words that head the name of a body ("the Ministry of Health", "the Joint Working Group", "CARDA's … Unit").
_BODY_WORDS = re.compile(
    r"\b(?:ministr(?:y|ies)|government|agenc(?:y|ies)|authorit(?:y|ies)|committee|unit|group|foundation|bank|office|"
    r"department|council|organi[sz]ation|programme|program|fund|institute|commission|teams?|association|"
    r"secretariat|union|company|corporation|embassy|board|network|alliance|forum|facility|partnership|"
    r"headquarters)\b",
    re.IGNORECASE)
#: An acronym alone ("CARDA", "the IRENA"): the short name of a body, never of a person.
_ACRONYM = re.compile(r"\W*(?:the\s+)?[A-Z]{2,8}\W*")


#: An indefinite person: "a representative", "an official" names no one.
_SOMEONE = re.compile(r"\W*(?:an?|some|one)\s", re.IGNORECASE)


def names_office_holder(question: str, sentence: str, start: int, end: int, pipeline: str) -> bool:
    """Whether the span ``sentence[start:end]`` can be the person a "Who heads / led / is the head of…?" asks for.

    Why: asked "Who heads the Malorian Renewable Energy Authority?" or "Who led Jamaica's
    delegation?" of texts that name no one for it, the reader returns the body it can see
    ("the Serantian Energy Agency", "the Government of the Republic of Mauritius") or a count
    ("42 engineers, planners and regulators"). An office is held by a person: a span naming a
    body (a word such as "Ministry", "Agency", "Group", or an acronym alone: "CARDA") or opening
    with a number, and with no person in it (a PERSON entity, an honorific, an office such as
    "Director", a pronoun), is not one. Only the body's words count against a span, not the
    tagger's ORG/GPE labels, which misread many people's names. Measured on SQuAD 1.0's
    training set: of its 598 such questions ("Who manages…?" and "Who is in charge of…?",
    which bodies do, not counted), 0 gold answers fail; over this project's press sets, 12 of
    22 answers to unanswerable questions did, and none of 35 right answers. Nor is a span of
    lower-case words alone ("tax and social security records" for "Who moderated Session
    4?", "experts from both agencies" for "Who led the mission?") or an indefinite one ("a
    representative"): an office holder is named, or given the office's capitalised title.
    13 of the 598 SQuAD golds fail that ("prime minister", "an assistant director", "monks
    and nuns"); on the press sets it withheld 3 answers, all to unanswerable questions.
    "Who was appointed to head…?" asks the same, and a body's "headquarters" is no person
    ("NPTDC headquarters" for "Who will head the project management unit?"): with both, 14
    of 599 SQuAD golds fail (one more question, "Who was the first leader of Libya?" → "a
    pro-western monarch, Idris", read from the whole paragraph).
    """
    if not _OFFICE_QUESTION.search(question):
        return True
    answer = sentence[start:end]
    if answer == answer.lower() or _SOMEONE.match(answer):
        return False
    if _PERSON_WORDS.search(answer) or any(m.label == "PERSON" and m.start < end and start < m.end
                                           for m in parse_sentence(sentence, pipeline).entities):
        return True
    return not (_BODY_WORDS.search(answer) or re.match(r"\W*\d", answer) or _ACRONYM.fullmatch(answer))


#: "Which six island States…?", "What two parties…?", "the names of the three districts": a question
#: counting the several things it asks for (a plural noun after the count; "what two-letter code" is one).
_COUNTED_QUESTION = re.compile(
    r"\b(?:(?:which|what)|names?\s+of\s+(?:the|its|their))\s+(?:two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|[2-9]|1\d)\s+(?:[\w-]+\s+){0,2}?(?:(?!(?:was|is|has|does|this|its|his|us)\b)[\w-]+s|people|"
    r"children|men|women)\b(?!['’])", re.IGNORECASE)
#: What joins several things in one span: a comma, "and", "or", "from … to", a dash ("Nasser–Amer").
_SEVERAL = re.compile(r",|;|&|/|[–—]|\b(?:and|or|nor|both|plus|as\s+well\s+as|along\s+with|together\s+with|to|from|"
                      r"through|against|with|versus|vs)\b", re.IGNORECASE)


def names_counted_things(question: str, sentence: str, start: int, end: int, pipeline: str) -> bool:
    """Whether the span ``sentence[start:end]`` can be the several things a "Which six…?" question counts.

    Why: asked "Which four countries already have drought protocols?" or "Which six island
    States will receive help?" of texts that do not list them, the reader returns one body
    ("the European Investment Bank"), a region or a count ("eleven"). A question that counts
    two or more things is answered by several: a span joining them (a comma, "and", "or",
    "from … to", a dash) or a plural noun ("the Brittenum twins"), but not a count ("42
    cities") nor the question's own kind of thing again ("participating countries" for
    "Which four countries…?"). Measured on SQuAD 1.0's training set: of its 736 such
    questions, 6 gold answers fail (3 of them name only one of the things asked for); over
    this project's press sets, 3 of 7 answers to unanswerable questions did, and none of 9
    right answers; passing on to the next candidate, 3 of them end as no answer.
    """
    if not (counted := _COUNTED_QUESTION.search(question)) or _SEVERAL.search(sentence[start:end]):
        return True
    parse = parse_sentence(sentence, pipeline)
    inside = [i for i, (s, e, _, pos) in enumerate(parse.tokens) if start <= s and e <= end and pos != "PUNCT"]
    if not inside or parse.tags[inside[-1]] not in ("NNS", "NNPS") or any(parse.tags[i] == "CD" for i in inside):
        return False  # one thing, or a count of things ("42 cities")
    # a plural naming the things ("the Brittenum twins"), not the question's own kind of thing again
    return not set(tokenize(parse.tokens[inside[-1]][2])) & set(tokenize(counted.group(0).split()[-1]))


def _is_place(sentence: str, start: int, end: int, pipeline: str, labels: tuple[str, ...]) -> bool:
    """Whether ``sentence[start:end]`` is place entities of ``labels`` alone, less a leading "the/in/at".

    Several places joined by commas or "and" are places too: "Paris, France" names a city and
    its country, no venue in it.
    """
    answer = sentence[start:end]
    lead = len(answer) - len(re.sub(r"^(?:the|in|at)\s+", "", answer, flags=re.IGNORECASE))
    here = {sentence[m.start:m.end] for m in parse_sentence(sentence, pipeline).entities
            if m.label in labels and start + lead <= m.start and m.end <= end}
    parts = [p for p in re.split(r"\s*(?:[,;]|\band\b)\s*(?:the\s+)?", answer[lead:].strip()) if p]
    return bool(parts) and all(p in here for p in parts)
