"""Averaging readers: the mean is exact, the inputs are checked, the result loads as a reader."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file, save_file

from qa.errors import ConfigurationError, ModelLoadError
from qa.reader.features import WEIGHTS_DIR
from qa.reader.soup import COPIED_FILES, average_readers


def _reader_folder(path: Path, tensors: dict[str, torch.Tensor]) -> Path:
    path.mkdir(parents=True)
    save_file(tensors, str(path / "model.safetensors"), metadata={"format": "pt"})
    for name in COPIED_FILES:
        (path / name).write_text(json.dumps({"from": path.name}), encoding="utf-8")
    return path


@pytest.fixture
def two_readers(tmp_path: Path) -> tuple[Path, Path]:
    a = _reader_folder(tmp_path / "a", {"w": torch.tensor([1.0, 2.0], dtype=torch.float16),
                                        "b": torch.tensor([[4.0]], dtype=torch.float16)})
    b = _reader_folder(tmp_path / "b", {"w": torch.tensor([3.0, 6.0], dtype=torch.float16),
                                        "b": torch.tensor([[0.0]], dtype=torch.float16)})
    return a, b


def test_equal_mean_keeps_dtype_and_copies_the_first_readers_files(two_readers: tuple[Path, Path],
                                                                   tmp_path: Path) -> None:
    out = average_readers(two_readers, tmp_path / "soup")
    tensors = load_file(str(out / "model.safetensors"))
    assert tensors["w"].tolist() == [2.0, 4.0] and tensors["b"].tolist() == [[2.0]]
    assert tensors["w"].dtype == torch.float16
    assert json.loads((out / "config.json").read_text())["from"] == "a"
    record = json.loads((out / "soup.json").read_text())
    assert [s["weight"] for s in record["sources"]] == [0.5, 0.5]
    assert all(len(s["sha256"]) == 64 for s in record["sources"])


def test_weights_are_normalised(two_readers: tuple[Path, Path], tmp_path: Path) -> None:
    out = average_readers(two_readers, tmp_path / "soup", weights=[3, 1])
    assert load_file(str(out / "model.safetensors"))["w"].tolist() == [1.5, 3.0]


@pytest.mark.parametrize(("weights", "message"), [([1.0], "1 weight(s) for 2 readers"),
                                                   ([1.0, -1.0], "non-negative"), ([0.0, 0.0], "positive sum")])
def test_bad_weights_are_refused_with_the_values(two_readers: tuple[Path, Path], tmp_path: Path,
                                                 weights: list[float], message: str) -> None:
    with pytest.raises(ConfigurationError, match=re.escape(message)):
        average_readers(two_readers, tmp_path / "soup", weights=weights)
    assert not (tmp_path / "soup").exists()


def test_one_reader_or_overwriting_a_source_is_refused(two_readers: tuple[Path, Path]) -> None:
    with pytest.raises(ConfigurationError, match="at least two"):
        average_readers(two_readers[:1], two_readers[0].parent / "soup")
    with pytest.raises(ConfigurationError, match="is one of the readers"):
        average_readers(two_readers, two_readers[1])


def test_different_architectures_are_refused(two_readers: tuple[Path, Path], tmp_path: Path) -> None:
    wide = _reader_folder(tmp_path / "wide", {"w": torch.zeros(3, dtype=torch.float16),
                                              "b": torch.zeros(1, 1, dtype=torch.float16)})
    with pytest.raises(ModelLoadError, match="tensor w has shape"):
        average_readers([two_readers[0], wide], tmp_path / "soup")
    other = _reader_folder(tmp_path / "other", {"w": torch.zeros(2, dtype=torch.float16)})
    with pytest.raises(ModelLoadError, match="different tensors"):
        average_readers([two_readers[0], other], tmp_path / "soup2")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelLoadError, match="not a reader folder: missing model.safetensors"):
        average_readers([two_readers[0], tmp_path / "empty"], tmp_path / "soup3")


def test_cli_reports_a_bad_input_as_one_line(two_readers: tuple[Path, Path], tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-c", "from qa.cli import main; main()", "average-readers",
                             str(tmp_path / "soup"), str(two_readers[0]), str(two_readers[1]), "--weight", "1"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "1 weight(s) for 2 readers" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_shipped_reader_averaged_with_itself_reads_the_same(tmp_path: Path) -> None:
    if not (WEIGHTS_DIR / "model.safetensors").is_file():
        pytest.skip(f"shipped reader weights not present in {WEIGHTS_DIR}")
    from qa.reader import SpanReader

    copy = tmp_path / "copy"
    copy.mkdir()
    for name in ("model.safetensors", *COPIED_FILES):
        (copy / name).write_bytes((WEIGHTS_DIR / name).read_bytes())
    out = average_readers([WEIGHTS_DIR, copy], tmp_path / "soup")
    passage = ("The Normans were the people who in the 10th and 11th centuries gave their name to Normandy, "
               "a region in France.")
    question = "In what country is Normandy located?"
    shipped, averaged = SpanReader(precision="fp32"), SpanReader(model_dir=out, precision="fp32")
    assert [(s.start, s.end) for s in averaged.read(question, [passage], top_n=3)] == \
           [(s.start, s.end) for s in shipped.read(question, [passage], top_n=3)]
