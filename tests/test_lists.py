"""Lists in a sentence (``qa.lists``): a member widens to the whole coordinated list."""

import pytest

from qa.lists import list_elsewhere, widen_to_bodies, widen_to_list
from qa.settings import Settings

PIPELINE = Settings().spacy_model
TEXT = "Delegations from France, Germany and Japan attended the meeting on 4 March 2025."


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


@pytest.mark.parametrize("part", ["Germany", "France"])
def test_a_list_member_widens_to_the_whole_list(part: str) -> None:
    start, end = widen_to_list(TEXT, *_span(TEXT, part), PIPELINE)
    assert TEXT[start:end] == "France, Germany and Japan"


@pytest.mark.parametrize(("text", "part"), [
    ("Headquartered in Vienna, UNODC was established in 1997.", "UNODC"),  # a phrase, then the clause's subject
    ("In 2014, Beyoncé was named to the Time 100 list.", "2014"),
])
def test_two_names_joined_by_a_comma_alone_are_no_list(text: str, part: str) -> None:
    assert widen_to_list(text, *_span(text, part), PIPELINE) == _span(text, part)


def test_three_names_joined_by_commas_alone_are_a_list() -> None:
    text = "Officials from France, Germany, Japan met in Paris."
    start, end = widen_to_list(text, *_span(text, "Germany"), PIPELINE)
    assert text[start:end] == "France, Germany, Japan"


ACRONYMS = ("The launch was attended by representatives of the Japan International Cooperation Agency (JICA), "
            "the World Health Organization (WHO) and the United Nations Children's Fund (UNICEF), and by "
            "provincial health directors.")
ACRONYM_LIST = ("the Japan International Cooperation Agency (JICA), the World Health Organization (WHO) and the "
                "United Nations Children's Fund (UNICEF)")


@pytest.mark.parametrize("part", ["the World Health Organization", "JICA", "United Nations Children's Fund"])
def test_a_list_of_names_with_acronyms_widens_whole(part: str) -> None:
    start, end = widen_to_list(ACRONYMS, *_span(ACRONYMS, part), PIPELINE)
    assert ACRONYMS[start:end] == ACRONYM_LIST


SIGNED = ("The memorandum was signed by Ms. Akiko Tanabe, ILO Regional Director for Asia and the Pacific; "
          "Mr. Bishnu Adhikari, Secretary of the Ministry of Labour of Nepal; and Mr. Harun Ismail, Secretary-General "
          "of the Ministry of Human Resources of Malaysia.")


@pytest.mark.parametrize("part", ["Ms. Akiko Tanabe", "Bishnu Adhikari", "Mr. Harun Ismail"])
def test_a_list_of_people_separated_by_semicolons_widens_whole(part: str) -> None:
    start, end = widen_to_list(SIGNED, *_span(SIGNED, part), PIPELINE)
    # the last person's title too, as the others have theirs
    assert SIGNED[start:end] == SIGNED[SIGNED.index("Ms. Akiko"):-1]


CHAIRS = ("The consultation was co-chaired by H.E. Mr. Chanda Mwiinga, Minister of Finance, and "
          "Ms. Ingrid Solberg-Achterberg, Vice-President for Country Operations at IFRA, who opened the session.")


@pytest.mark.parametrize(("text", "part", "answer"), [
    (CHAIRS, "Mr. Chanda Mwiinga", CHAIRS[CHAIRS.index("H.E."):CHAIRS.index(", who")]),  # up to the next comma
    ("It was opened by Lee Chul, Ana Santos and Candice Welsch, Director of Policy.", "Lee Chul",
     "Lee Chul, Ana Santos and Candice Welsch"),  # the others have no title: none for the last either
])
def test_a_list_of_titled_people_keeps_the_last_ones_title(text: str, part: str, answer: str) -> None:
    start, end = widen_to_list(text, *_span(text, part), PIPELINE)
    assert text[start:end] == answer


def test_a_serial_list_the_parser_split_is_taken_whole() -> None:
    """spaCy parses "A, B, and C" as "B, and C" when A is a hyphenated compound; the span A takes the list."""
    text = ("Throughout the visit, discussions focused on cross-border security cooperation, the voluntary return of "
            "internally displaced persons and refugees, and the shrinking waters of the lake itself.")
    start, end = widen_to_list(text, *_span(text, "cross-border security cooperation"), PIPELINE)
    assert text[start:end] == text[text.index("cross-border"):-1]


MODULES = ("Over fifteen working days, participants completed five modules: principles of risk management and "
           "compliance; risk profiling and selectivity; post-clearance audit; data analytics for targeting; and "
           "integrity and anti-corruption in border agencies.")
FUNDS = ("The Fund will finance nature-based solutions such as mangrove and coral reef restoration; the "
         "climate-proofing of critical infrastructure, including ports, roads and water supply systems; and "
         "community-level early warning and evacuation planning.")


@pytest.mark.parametrize(("text", "part", "answer"), [
    # after a colon, any item takes the list, though each item holds an "and" the parse stops at
    (MODULES, "principles of risk management and compliance", MODULES[MODULES.index("principles"):-1]),
    (MODULES, "post-clearance audit", MODULES[MODULES.index("principles"):-1]),
    # without a colon, the span opening the first item takes the list to the sentence's end
    (FUNDS, "nature-based solutions such as mangrove and coral reef restoration", FUNDS[FUNDS.index("nature"):-1]),
])
def test_a_list_separated_by_semicolons_widens_whole(text: str, part: str, answer: str) -> None:
    start, end = widen_to_list(text, *_span(text, part), PIPELINE)
    assert text[start:end] == answer


def test_a_later_item_of_a_semicolon_list_with_no_colon_is_not_guessed_at() -> None:
    """Nothing says where such a list begins; the item's own coordination is all that is known."""
    start, end = widen_to_list(FUNDS, *_span(FUNDS, "ports"), PIPELINE)
    assert FUNDS[start:end] == "ports, roads and water supply systems"


def test_a_name_holding_an_and_joins_the_run_of_names_after_it() -> None:
    text = ("The visit will be followed by a joint technical mission of the United Nations Office for West Africa "
            "and the Sahel (UNOWAS), the United Nations Office for Central Africa (UNOCA) and the Office for the "
            "Coordination of Humanitarian Affairs (OCHA).")
    start, end = widen_to_list(text, *_span(text, "the United Nations Office for West Africa"), PIPELINE)
    assert text[start:end] == text[text.index("the United Nations Office for West"):-1]


def test_a_part_of_a_semicolon_item_keeps_to_its_item() -> None:
    text = ("Three classes matter here: BPP, ZPP and RP, which are defined using probabilistic machines; AC and NC, "
            "which are defined using circuits; and BQP and QMA, which are defined using quantum machines.")
    start, end = widen_to_list(text, *_span(text, "ZPP"), PIPELINE)
    assert text[start:end] == "BPP, ZPP and RP"


def test_titled_people_separated_by_commas_alone_are_one_list_when_each_is_addressed() -> None:
    text = ("The signing was witnessed by Mr. Sharad Pandey, Minister for Labour, Employment and Social Security of "
            "Nepal, Ms. Nur Rahman, Ambassador of Malaysia to Nepal, and representatives of employers.")
    start, end = widen_to_list(text, *_span(text, "Mr. Sharad Pandey"), PIPELINE)
    assert text[start:end] == text[text.index("Mr. Sharad"):text.index(", and representatives")]


def test_a_comma_after_a_name_not_addressed_joins_no_list_of_people() -> None:
    """spaCy may read the place "N'Djamena" as a person; the words after its comma are a clause, not a title."""
    text = ("In N'Djamena, the High Commissioner met with the Prime Minister of Chad, Mr. Hassan Ousmane, and with "
            "the Minister of Health, Mr. Abakar Saleh.")
    span = _span(text, "Mr. Hassan Ousmane")
    start, end = widen_to_list(text, *span, PIPELINE)
    assert not text[start:end].startswith("N'Djamena")


def test_people_addressed_with_two_honorifics_are_one_list() -> None:
    text = ("It was signed in the presence of H.E. Mr. Julien Moor, Minister of Interior, and H.E. Ms. Katarina Baro, "
            "Ambassador of Orlavia.")
    start, end = widen_to_list(text, *_span(text, "H.E. Mr. Julien Moor"), PIPELINE)
    assert text[start:end] == text[text.index("H.E. Mr."):-1]


DATELINE = ("Third Regional Forum\nGaborone, Botswana, 3–5 June 2024\n\n"
            "The Forum was co-organised with the Ministry of Agriculture of Botswana and FAO. "
            "The participating countries were Angola, Botswana, Eswatini, Lesotho and Zambia.")


def test_a_lone_name_moves_to_a_list_that_names_it_again() -> None:
    start, end = list_elsewhere(DATELINE, *_span(DATELINE, "Botswana"), PIPELINE)
    assert DATELINE[start:end] == "Angola, Botswana, Eswatini, Lesotho and Zambia"


@pytest.mark.parametrize(("text", "part"), [
    # two names joined by "and" are a pair named in passing, not the list asked for
    ("Held in Gaborone, Botswana. Botswana and Zambia signed the accord.", "Botswana"),
    # a name in a list already keeps its own list
    (TEXT + " France, Italy and Spain sent observers.", "France"),
    # a phrase (not capitalised) is no name to look for
    ("It covered irrigation. Topics were seeds, irrigation and insurance.", "irrigation"),
    # a mention that is no whole item of the list ("Somali" of "an important Somali grazing area")
    ("Most were Somali. They held the Haud, an important Somali grazing area, the Ogaden and Jubaland.", "Somali"),
])
def test_a_lone_name_stays_without_a_list_of_three_elsewhere(text: str, part: str) -> None:
    span = _span(text, part)
    if text[span[0]:span[1]] == "France":  # the first France is in "France, Germany and Japan"
        assert text[slice(*list_elsewhere(text, *span, PIPELINE))] == "France"
    else:
        assert list_elsewhere(text, *span, PIPELINE) == span


def test_coordinated_infinitives_widen_whole() -> None:
    """"to organise … and to convene …": each thing agreed is a verb's phrase, and the list holds them all."""
    text = ("As follow-up, the partners agreed to organise three online clinics in the first half of 2025 "
            "and to convene a second workshop in Tunis in late 2025. A network will also be set up.")
    part = "organise three online clinics"
    start = text.index(part)
    new_start, new_end = widen_to_list(text, start, start + len(part), Settings().spacy_model)
    assert text[new_start:new_end] == ("to organise three online clinics in the first half of 2025 and to convene a "
                                       "second workshop in Tunis in late 2025")


def test_one_infinitive_is_no_list() -> None:
    text = "The partners agreed to organise three online clinics in 2025."
    part = "organise three online clinics"
    start = text.index(part)
    assert widen_to_list(text, start, start + len(part), Settings().spacy_model) == (start, start + len(part))


def test_a_word_inside_one_of_the_coordinated_infinitives_keeps_to_itself() -> None:
    text = "Believers are told to pray before and venerate only flat, two-dimensional icons."
    part = "flat, two-dimensional icons"
    start = text.index(part)
    assert widen_to_list(text, start, start + len(part), Settings().spacy_model) == (start, start + len(part))


_FUNDED = ("The pilot assessment is financed by the Government of Norway and the Swiss Agency for "
           "Development and Cooperation (SDC).")


def test_a_who_answer_naming_one_of_the_bodies_named_together_takes_them_all() -> None:
    start, end = widen_to_bodies(_FUNDED, *_span(_FUNDED, "the Government of Norway"), "Who is funding the assessment?",
                                 PIPELINE)
    assert _FUNDED[start:end] == ("the Government of Norway and the Swiss Agency for Development and Cooperation "
                                  "(SDC)")


@pytest.mark.parametrize("question", [
    "Who funds the assessment besides Switzerland's development agency?",  # another member named
    "Who is the largest funder of the assessment?",  # a superlative picks one
])
def test_a_question_telling_one_body_apart_keeps_it(question: str) -> None:
    span = _span(_FUNDED, "the Government of Norway")
    assert widen_to_bodies(_FUNDED, *span, question, PIPELINE) == span


SECTORS = ("The International Labour Organization (ILO), the Government of Nepal and the Government of Malaysia today "
           "signed a tripartite memorandum of understanding (MoU) to strengthen the protection of the labour rights "
           "of Nepali migrant workers employed in Malaysia's manufacturing, plantation and construction sectors.")


def test_the_last_members_with_their_shared_plural_noun_widen_to_the_whole_list() -> None:
    start, end = widen_to_list(SECTORS, *_span(SECTORS, "plantation and construction sectors"), PIPELINE)
    assert SECTORS[start:end] == "manufacturing, plantation and construction sectors"


def test_a_span_opening_inside_a_member_is_not_taken_for_the_list() -> None:
    part = "and construction sectors"
    assert widen_to_list(SECTORS, *_span(SECTORS, part), PIPELINE) == _span(SECTORS, part)
