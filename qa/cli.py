"""The ``qa`` command line: parse arguments, call the Assistant, format the output.

No logic lives here; every error is a ``QAError`` whose message is printed as is.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, Literal, Optional

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape

from qa.errors import QAError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Answer questions from your documents with verbatim, cited spans.")
console = Console()
err_console = Console(stderr=True)

CorpusOpt = Annotated[Optional[Path], typer.Option("--corpus", help="Corpus folder (QA_CORPUS_DIR).")]
IndexOpt = Annotated[Optional[Path], typer.Option("--index", help="Index folder (QA_INDEX_DIR).")]
EngineOpt = Annotated[Literal["local", "ray"], typer.Option(
    "--engine", help="local: this process; ray: a Ray cluster (needs the 'ray' extra, see qa/distributed/README.md).")]
#: The reader's held-out SQuAD-train questions (``qa.reader.data.heldout_squad``): the early exit is fitted on them.
DEFAULT_EXIT_DATA = Path("eval/squad-train-heldout.json")


def make_settings(corpus: Path | None = None, index: Path | None = None, **overrides: Any) -> Any:
    """Settings from the environment, overridden by command-line options that were given."""
    from qa.settings import Settings

    values = {k: v for k, v in {"corpus_dir": corpus, "index_dir": index, **overrides}.items() if v is not None}
    return Settings(**values)


def make_assistant(corpus: Path | None, index: Path | None, **overrides: Any) -> Any:
    from qa.assistant import Assistant

    return Assistant(make_settings(corpus, index, **overrides))


@app.command("index")
def index_cmd(corpus: CorpusOpt = None, index: IndexOpt = None,
              rebuild: Annotated[bool, typer.Option("--rebuild", help="Start over instead of updating.")] = False,
              engine: EngineOpt = "local",
              address: Annotated[Optional[str], typer.Option(
                  "--address", help="Ray cluster address (default: $RAY_ADDRESS, else a local 2-CPU cluster).")] = None,
              shards: Annotated[Optional[int], typer.Option(
                  "--shards", min=1, help="Split the index into N shards by document (default: keep the layout).")]
              = None) -> None:
    """Build or update the index from the corpus folder (only new or changed documents are embedded)."""
    if engine == "local" and shards is None and address is None:
        assistant = make_assistant(corpus, index)
        settings = assistant.settings
        report = assistant.index(rebuild=rebuild, progress=True)
    else:
        from qa.sharding import build_index

        settings = make_settings(corpus, index)
        report = build_index(settings, engine=engine, shards=shards, address=address, rebuild=rebuild, progress=True)
    for skipped in report.skipped:
        err_console.print(f"skipped {escape(skipped.path)}: {escape(skipped.reason)}")
    for dup, original in report.duplicates.items():
        console.print(f"duplicate {escape(dup)} = {escape(original)} (indexed once)")
    console.print(f"added {len(report.added)} / updated {len(report.updated)} / removed {len(report.removed)} / "
                  f"unchanged {len(report.unchanged)}; {report.chunks} chunks, "
                  f"{report.embedded_texts} embedded, {len(report.skipped)} skipped in {report.seconds:.1f}s "
                  f"→ {settings.index_dir}")
    if report.skipped:
        raise typer.Exit(code=3)


def _highlight(quote: str, answer: str | None) -> str:
    if not answer or answer not in quote:
        return escape(quote)
    i = quote.index(answer)
    return escape(quote[:i]) + "[bold yellow]" + escape(answer) + "[/bold yellow]" + escape(quote[i + len(answer):])


def print_answer(answer: Any) -> None:
    """Human output: the answer, then each cited passage with its title, the answer highlighted."""
    if answer.answer is None:
        console.print(f"[bold]No answer.[/bold] {escape(answer.reason or '')}")
    else:
        console.print(f"[bold green]{escape(answer.answer)}[/bold green]  (confidence {answer.score:.2f})")
    for n, cite in enumerate(answer.citations, 1):
        label = "closest passage" if answer.answer is None else "source"
        date = f", {cite.date}" if cite.date else ""
        console.print(f"\n[{n}] {label}: [bold]{escape(cite.title)}[/bold]{escape(date)} "
                      f"({escape(cite.doc_id)}, chars {cite.start}-{cite.end})")
        console.print("    " + _highlight(cite.quote, answer.answer))
    for alt in answer.alternatives:
        console.print(f"\n  also possible: {escape(alt.answer)} ({alt.score:.2f})")


@app.command("ask")
def ask_cmd(question: Annotated[str, typer.Argument(help="The question, in plain English.")],
            top_k: Annotated[int, typer.Option("--top-k", min=1, max=20, help="Passages to read.")] = 5,
            as_json: Annotated[bool, typer.Option("--json", help="Print the answer object as JSON.")] = False,
            doc_id: Annotated[Optional[list[str]], typer.Option("--doc-id", help="Only these documents.")] = None,
            date_from: Annotated[Optional[str], typer.Option(help="Only documents dated on/after (YYYY-MM-DD).")] = None,
            date_to: Annotated[Optional[str], typer.Option(help="Only documents dated on/before (YYYY-MM-DD).")] = None,
            publisher: Annotated[Optional[str], typer.Option(help="Only documents whose publisher contains this.")]
            = None,
            corpus: CorpusOpt = None, index: IndexOpt = None) -> None:
    """Answer a question from the corpus, with citations."""
    from qa.schemas import Filters

    filters = Filters(doc_ids=doc_id or None, date_from=date_from, date_to=date_to, publisher=publisher)
    assistant = make_assistant(corpus, index)
    assistant.validate_question(question)
    assistant.warm_up(progress=not as_json)
    answer = assistant.ask(question, top_k=top_k, filters=filters)
    if as_json:
        sys.stdout.write(answer.model_dump_json(indent=2) + "\n")
    else:
        print_answer(answer)


docs_app = typer.Typer(help="List, show and remove indexed documents.", no_args_is_help=True)
app.add_typer(docs_app, name="docs")


@docs_app.command("list")
def docs_list(corpus: CorpusOpt = None, index: IndexOpt = None,
              as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Indexed documents with their title and metadata."""
    assistant = make_assistant(corpus, index)
    assistant.warm_up()
    docs = assistant.documents()
    if as_json:
        sys.stdout.write(json.dumps([{"doc_id": d.doc_id, "title": d.title, "metadata": d.metadata}
                                     for d in docs], ensure_ascii=False, indent=2) + "\n")
        return
    from rich.table import Table

    table = Table("doc_id", "title", "date", "publisher", "type")
    for d in docs:
        table.add_row(escape(d.doc_id), escape(d.title[:80]), d.metadata.get("date", ""),
                      escape(d.metadata.get("publisher", "")), escape(d.metadata.get("type", "")))
    console.print(table)


@docs_app.command("show")
def docs_show(doc_id: str, corpus: CorpusOpt = None, index: IndexOpt = None) -> None:
    """One document's metadata and text."""
    assistant = make_assistant(corpus, index)
    assistant.warm_up()
    doc = assistant.document(doc_id)
    console.print(f"[bold]{escape(doc.title)}[/bold]  ({escape(doc.doc_id)})")
    for key, value in sorted(doc.metadata.items()):
        console.print(f"  {escape(key)}: {escape(value)}")
    console.print()
    console.print(escape(doc.text), soft_wrap=True)


@docs_app.command("remove")
def docs_remove(doc_id: str, corpus: CorpusOpt = None, index: IndexOpt = None) -> None:
    """Delete a document's file from the corpus folder and drop it from the index."""
    assistant = make_assistant(corpus, index)
    assistant.warm_up()
    report = assistant.remove(doc_id)
    console.print(f"removed {', '.join(report.removed) or doc_id}; {report.chunks} chunks remain")


@app.command("serve")
def serve_cmd(host: Annotated[str, typer.Option(help="Interface to bind (loopback by default).")] = "127.0.0.1",
              port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
              corpus: CorpusOpt = None, index: IndexOpt = None, engine: EngineOpt = "local",
              replicas: Annotated[int, typer.Option(min=1, help="Ray Serve replicas, each holding the index.")] = 1
              ) -> None:
    """Run the HTTP API (and web page) with the model and index loaded once at start-up."""
    settings = make_settings(corpus, index, host=host, port=port)
    if engine == "ray":
        from qa.distributed.serve import serve_forever

        serve_forever(settings, replicas=replicas)
        return
    if replicas != 1:
        raise typer.BadParameter("replicas need --engine ray", param_hint="--replicas")
    import uvicorn

    from qa.api import create_app

    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


from qa.evaluation.cli import eval_cmd  # noqa: E402  (registered last: keeps `qa eval` code in its module)

app.command("eval")(eval_cmd)

from qa.bench.cli import bench_cmd  # noqa: E402  (registered last: keeps `qa bench` code in its module)

app.command("bench")(bench_cmd)


@app.command("train-reader")
def train_reader_cmd(
        data: Annotated[Optional[Path], typer.Option(help="SQuAD-format training file.")] = None,
        output: Annotated[Path, typer.Option(help="Folder for the trained weights.")] = Path("reader-out"),
        max_examples: Annotated[int, typer.Option(min=1, help="Training questions to use.")] = 30000,
        max_minutes: Annotated[float, typer.Option(min=0.1, help="Wall-clock budget of the loop.")] = 85.0,
        epochs: Annotated[int, typer.Option(min=1)] = 1,
        seed: Annotated[int, typer.Option()] = 42) -> None:
    """Train the extractive span reader on SQuAD (checkpoints and resumes; see qa/reader/weights/MODEL_CARD.md)."""
    from qa.reader.train import TrainConfig, train_reader

    values: dict[str, Any] = {"output_dir": output, "max_examples": max_examples, "max_minutes": max_minutes,
                              "epochs": epochs, "seed": seed}
    if data is not None:
        values["data_path"] = data
    console.print(f"reader written to {train_reader(TrainConfig(**values))}")


@app.command("average-readers")
def average_readers_cmd(
        output: Annotated[Path, typer.Argument(help="Folder for the averaged reader.")],
        readers: Annotated[list[Path], typer.Argument(help="Two or more reader folders (one lineage).")],
        weight: Annotated[Optional[list[float]], typer.Option(
            help="Share of each reader, in order (repeat; default: equal).")] = None) -> None:
    """Average trained readers element-wise (how the shipped weights were made; see the model card)."""
    from qa.reader.soup import average_readers

    console.print(f"averaged reader written to {average_readers(readers, output, weight)}")


@app.command("calibrate")
def calibrate_cmd(
        datasets: Annotated[Optional[list[Path]], typer.Argument(help="Eval sets (JSONL or SQuAD).")] = None,
        squad_split: Annotated[str, typer.Option(help="Part of SQuAD files to fit on: fit|holdout|all.")] = "fit",
        output: Annotated[Optional[Path], typer.Option(help="Where to write (default: shipped file).")] = None,
        min_answered: Annotated[Optional[float], typer.Option(
            min=0.0, max=1.0, help="Share of correctly answerable questions the threshold must keep answering "
                                   "(default: qa.calibration.DEFAULT_MIN_ANSWERED).")] = None,
        exit_data: Annotated[Optional[list[Path]], typer.Option(
            "--exit-data", help="Questions to fit the early exit on, read both ways (default: "
                                f"{DEFAULT_EXIT_DATA} when present).")] = None,
        no_exit: Annotated[bool, typer.Option("--no-exit", help="Fit no early exit: every passage is read.")] = False,
        keep_ranker: Annotated[bool, typer.Option(
            "--keep-ranker", help="Refit only the abstention rule; keep the shipped ranker.")] = False,
        corpus: CorpusOpt = None, index: IndexOpt = None) -> None:
    """Fit the listwise ranker, the abstention rule (confidence + threshold) and the early exit for the current reader."""
    from qa.evaluation.calibrate import calibrate
    from qa.evaluation.cli import default_datasets
    from qa.evaluation.dataset import is_squad_file

    paths = datasets or default_datasets()
    groups = [([p], squad_split if is_squad_file(p) else "all") for p in paths]
    exits = [] if no_exit else exit_data or [p for p in [DEFAULT_EXIT_DATA] if p.is_file()]
    result = calibrate(groups, make_settings(corpus, index), output, min_answered=min_answered,
                       exit_datasets=[([p], "all") for p in exits], keep_ranker=keep_ranker)
    console.print(result.to_json(), markup=False, highlight=False)


def main() -> None:
    """Entry point: run the app; show QAError and bad settings as one clear line, exit 1."""
    try:
        app(standalone_mode=False)
    except QAError as exc:
        err_console.print(f"[red]Error:[/red] {escape(str(exc))}")
        sys.exit(1)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "settings"
        err_console.print(f"[red]Error:[/red] invalid setting {escape(where)}: {escape(first.get('msg', str(exc)))}")
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        err_console.print("Aborted.")
        sys.exit(130)
    except Exception as exc:  # usage errors ("No such option"): click's, or the copy typer >= 0.29 vendors
        if not (callable(getattr(exc, "show", None)) and isinstance(getattr(exc, "exit_code", None), int)):
            raise
        exc.show()
        sys.exit(exc.exit_code)
