"""Targets and reports: every target row with its measured figure and pass/fail, as JSON and Markdown.

Why ratios: the benchmark machine is shared (2 cores; other jobs may run), so absolute
times are inflated and noisy. Every target compares two figures measured in the same run,
under the same load, which is what survives the noise.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from qa.bench.stats import GIB, MIB

NA = "not measured"


def _row(name: str, rule: str, measured: str, ok: bool | None, detail: str = "") -> dict[str, Any]:
    return {"target": name, "rule": rule, "measured": measured, "pass": ok, "detail": detail}


def evaluate_targets(r: dict[str, Any]) -> list[dict[str, Any]]:
    """The issue's target table from the results dict (missing sections give ``pass: null``)."""
    rows: list[dict[str, Any]] = []
    main = r.get("main_size")
    cfg = r.get("threads", {}).get("recommended")
    inproc = r.get("inprocess", {}).get(main, {}).get(cfg) if main and cfg else None
    http = r.get("http", {}).get(main, {}).get(cfg) if main and cfg else None
    where = f"{main} chunks, threads {cfg}"
    if inproc:
        x = inproc["ratio_ask_vs_floor_p50"]
        rows.append(_row("in-process `ask` p50 vs floor (embed + FAISS + answer extraction)", "≤ 1.5×", f"{x:.2f}×",
                         x <= 1.5, f"{inproc['ask']['p50_ms']:.1f} ms vs {inproc['floor']['p50_ms']:.1f} ms; {where}"))
    else:
        rows.append(_row("in-process `ask` p50 vs floor", "≤ 1.5×", NA, None))
    if inproc and http and "1" in http["levels"]:
        h, p = http["levels"]["1"]["p50_ms"], inproc["ask"]["p50_ms"]
        rows.append(_row("HTTP `/ask` p50 at c=1 vs in-process p50", "≤ 1.2× + 3 ms",
                         f"{h / p:.2f}× ({h - p:+.1f} ms)", h <= 1.2 * p + 3.0,
                         f"{h:.1f} ms vs {p:.1f} ms; {where}"))
    else:
        rows.append(_row("HTTP `/ask` p50 at c=1 vs in-process p50", "≤ 1.2× + 3 ms", NA, None))
    if http and "ratio_throughput_c4_vs_c1" in http:
        x = http["ratio_throughput_c4_vs_c1"]
        rows.append(_row("throughput at c=4 vs c=1", "≥ 1.6×", f"{x:.2f}×", x >= 1.6,
                         f"{http['levels']['4']['throughput_rps']:.2f} vs {http['levels']['1']['throughput_rps']:.2f} "
                         f"req/s; {where}{_cores_note(http)}"))
    else:
        rows.append(_row("throughput at c=4 vs c=1", "≥ 1.6×", NA, None))
    for size, ing in r.get("ingest", {}).items():
        rows.append(_ingest_row(size, ing))
    if not r.get("ingest"):
        rows.append(_row("ingest chunks/s vs raw `model.encode`", "≥ 0.85×", NA, None))
    rows.extend(_scale_rows(r, main, cfg))
    rows.append(_reader_row(r.get("reader_seed")))
    return rows


def _reader_row(rs: dict[str, Any] | None) -> dict[str, Any]:
    """The reader's own time per question on the seed corpus, judged for the configured default."""
    name, rule = "reader time per question on the seed corpus, p50 (as configured)", "≤ 40 ms"
    if not rs:
        return _row(name, rule, NA, None)
    default = rs.get("default", "all_passages")
    other = "early_exit" if default == "all_passages" else "all_passages"
    value = rs[default]["p50_ms"]
    labels = {"all_passages": f"all {rs['passages']} passages",
              "early_exit": f"early exit ({rs.get('early_exit_rule', 'margin ' + str(rs.get('early_exit_margin')))})"}
    return _row(name, rule, f"{value:.1f} ms", value <= 40.0,
                f"{labels[default]}, threads {rs.get('threads', '?')}, {rs.get('precision', 'fp32')}; "
                f"{labels[other]}: {rs[other]['p50_ms']:.1f} ms (early exit {rs['ratio_early_vs_all_p50']:.2f}× of "
                f"all passages; {rs['answered_from_top_passage']:.0%} of {rs['questions']} questions answered from "
                f"the top passage alone)" + "".join(
                    f"; {name}: {fig[default]['p50_ms']:.1f} ms ({labels[other]}: {fig[other]['p50_ms']:.1f} ms)"
                    for name, fig in rs.get("by_threads", {}).items() if name != rs.get("threads")))


def _ingest_row(size: str, ing: dict[str, Any]) -> dict[str, Any]:
    """Pipeline vs raw encode; if other jobs' load changed between the phases, judge the drift-free figure.

    The raw encode runs before and after the pipeline; when other processes took noticeably
    different CPU during those phases than during the pipeline (more than 0.25 core), the
    wall-clock ratio measures the machine, not the pipeline. The share of the pipeline's own
    time spent inside the very same ``encode`` call is then the honest ratio.
    """
    x = ing["ratio_pipeline_vs_raw"]
    share = ing["ratio_embed_share_of_pipeline"]
    others = ing.get("other_processes_cores", {})
    phases = [others.get(k) for k in ("raw_before", "pipeline", "raw_after")]
    disturbed = None not in phases and max(phases) - min(phases) > 0.25  # type: ignore[operator]
    judged = share if disturbed else x
    detail = (f"{ing['pipeline_chunks_per_s']:.1f} vs {ing['raw_encode_chunks_per_s']:.1f} chunks/s; {ing['chunks']} "
              f"chunks; encode is {share:.2f} of the pipeline's own time; other jobs took "
              f"{' / '.join(str(p) for p in phases)} cores during raw-before / pipeline / raw-after")
    if disturbed:
        detail += ("; the load changed between phases, so pass/fail uses the drift-free figure "
                   f"({share:.2f}) instead of the wall-clock ratio")
    return _row(f"ingest chunks/s vs raw `model.encode` ({size})", "≥ 0.85×",
                f"{x:.2f}× (drift-free {share:.2f}×)", judged >= 0.85, detail)


def _cores_note(http: dict[str, Any]) -> str:
    """How many cores the server used and other jobs took at c=1 and c=4 (explains a low ratio)."""
    c1, c4 = http["levels"]["1"].get("cpu_cores"), http["levels"]["4"].get("cpu_cores")
    if not c1 or not c4:
        return ""
    return (f"; server used {c1['server']} / {c4['server']} cores at c=1 / c=4 while other jobs took "
            f"{c1['other_processes']} / {c4['other_processes']} of the 2")


def _scale_rows(r: dict[str, Any], main: str | None, cfg: str | None) -> list[dict[str, Any]]:
    scale = r.get("scale", {})
    n = scale.get("label", "1M")
    rows: list[dict[str, Any]] = []
    idx = scale.get("index")
    big_http = scale.get("server", {}).get("http", {}).get("levels", {}).get("1")
    small_http = r.get("http", {}).get(main, {}).get(cfg, {}).get("levels", {}).get("1") if main and cfg else None
    if idx and big_http and small_http:
        x = big_http["p50_ms"] / small_http["p50_ms"]
        ok = x <= 3.0 and idx["recall_at_10"] >= 0.95
        rows.append(_row(f"{n} chunks: query p50 vs {main} chunks, recall@10 vs exact", "≤ 3×, recall ≥ 0.95",
                         f"{x:.2f}×, recall {idx['recall_at_10']:.3f}", ok,
                         f"HTTP c=1 p50 {big_http['p50_ms']:.1f} vs {small_http['p50_ms']:.1f} ms (full `/ask`); "
                         f"FAISS search alone {idx['search']['p50_ms']:.2f} ms vs "
                         f"{scale.get('flat_small_search', {}).get('p50_ms', 0):.2f} ms; {idx['index']['type']}"))
    elif idx:
        small = scale.get("flat_small_search", {}).get("p50_ms", 0.0)
        x = idx["search"]["p50_ms"] / small if small else float("inf")
        rows.append(_row(f"{n} vectors: FAISS search p50 vs {main} (no chunk store in this run), recall@10",
                         "≤ 3×, recall ≥ 0.95", f"{x:.2f}× (search only), recall {idx['recall_at_10']:.3f}", None,
                         "no pass/fail: the target is about the full query, and `/ask` at this size needs the "
                         "chunk store (run without --quick)"))
    else:
        rows.append(_row("1M chunks: query p50 vs 10k, recall@10", "≤ 3×, recall ≥ 0.95", NA, None))
    rss = scale.get("server", {}).get("memory", {}).get("VmHWM")
    if rss:
        rows.append(_row(f"{n} chunks: server peak RSS", "≤ 3 GiB", f"{rss / GIB:.2f} GiB", rss <= 3 * GIB,
                         "peak RSS (VmHWM) of the API server holding the synthetic index + chunk store + BM25"))
    else:
        rows.append(_row("1M chunks: server peak RSS", "≤ 3 GiB", NA, None, "run without --quick"))
    return rows


def _fmt_pass(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return out + [""]


def markdown(r: dict[str, Any]) -> str:
    """The human report: targets first, then each section's tables."""
    meta = r["meta"]
    lines = [f"# qa benchmark ({meta['mode']})", "",
             (f"Run {meta['started_utc']} → {meta['finished_utc']} ({meta['duration_s']:.0f} s) on "
              f"{meta['cpus']} CPU cores; load average at start {meta['load_start']}, at end {meta['load_end']}."), "",
             f"> {meta['note']}", "", "## Targets", ""]
    lines += _table(["target", "rule", "measured", "result", "detail"],
                    [[t["target"], t["rule"], t["measured"], _fmt_pass(t["pass"]), t["detail"]] for t in r["targets"]])
    if r.get("ingest"):
        lines += ["## Ingest", ""]
        lines += _table(["corpus", "chunks", "pipeline chunks/s", "raw encode chunks/s", "ratio",
                         "embed share of pipeline", "read / embed / chunk+rest / write (s)", "index on disk"],
                        [[k, v["chunks"], v["pipeline_chunks_per_s"], v["raw_encode_chunks_per_s"],
                          f"{v['ratio_pipeline_vs_raw']:.2f}×", f"{v['ratio_embed_share_of_pipeline']:.2f}",
                          " / ".join(str(v["breakdown_s"][x]) for x in
                                     ("read_corpus", "embed_in_pipeline", "chunking_and_rest", "write_index")),
                          f"{v['index_bytes']['total'] / MIB:.1f} MiB"] for k, v in r["ingest"].items()])
    lines += _latency_sections(r)
    lines += _scale_section(r)
    lines += _cold_section(r)
    lines += ["## Notes", ""] + [f"- {n}" for n in r.get("notes", [])] + [""]
    return "\n".join(lines)


def _latency_sections(r: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    rows = []
    for size, by_cfg in r.get("inprocess", {}).items():
        for cfg, v in by_cfg.items():
            fp = v["floor_parts"]
            rows.append([size, cfg, v["ask"]["p50_ms"], v["ask"]["p95_ms"], v["ask"]["p99_ms"], v["floor"]["p50_ms"],
                         f"{fp['embed']['p50_ms']} / {fp['search']['p50_ms']} / {fp['read']['p50_ms']}",
                         fp["retrieve_all"]["p50_ms"], v["ask_cached_question"]["p50_ms"],
                         v["ask_first_pass_cold_caches"]["p50_ms"]])
    if rows:
        lines += ["## Query latency in process (ms)", "",
                  "floor = question embedding + FAISS search + answer extraction (reader), same questions, same run.", ""]
        lines += _table(["corpus", "threads", "ask p50", "p95", "p99", "floor p50", "embed / search / read p50",
                         "full retrieve p50", "ask, cached question p50", "ask, first pass p50"], rows)
    rows = []
    for size, by_cfg in r.get("http", {}).items():
        for cfg, v in by_cfg.items():
            for c, lv in v["levels"].items():
                cores = lv.get("cpu_cores", {})
                rows.append([size, cfg, c, lv["p50_ms"], lv["p95_ms"], lv["p99_ms"], lv["throughput_rps"],
                             lv["errors"], cores.get("server", ""), lv.get("server_cpu_s_per_request", ""),
                             cores.get("other_processes", ""),
                             f"{v.get('memory_after_warm_up', {}).get('VmRSS', 0) / MIB:.0f}",
                             f"{v['memory'].get('VmHWM', 0) / MIB:.0f}"])
    if rows:
        lines += ["## HTTP `/ask` (ms, uvicorn subprocess on 127.0.0.1)", "",
                  ("CPU columns are cores in use averaged over the level: the server's, and other processes' "
                   "(jobs outside the benchmark). With 2 cores, c=4 can only beat c=1 by what the others leave "
                   "free."), ""]
        lines += _table(["corpus", "threads", "concurrency", "p50", "p95", "p99", "req/s", "errors",
                         "server cores", "server CPU s/request", "other processes' cores",
                         "server RSS after warm-up MiB", "server peak RSS MiB (after c=16)"], rows)
        rows = [[size, cfg, v["batch"]["batch_size"], v["batch"]["p50_ms"], v["batch"]["questions_per_s"],
                 v.get("ratio_batch_vs_single_c1_questions_per_s", ""), v["startup_ready_s"],
                 v["startup_first_answer_s"]]
                for size, by_cfg in r.get("http", {}).items() for cfg, v in by_cfg.items() if "batch" in v]
        lines += ["### `/ask/batch` and server start-up", ""]
        lines += _table(["corpus", "threads", "batch size", "batch p50 ms", "questions/s",
                         "vs single /ask c=1", "start → /health (s)", "start → first answer (s)"], rows)
    rec = r.get("threads", {})
    if rec.get("recommended"):
        lines += ["### Thread settings", "", rec.get("explanation", ""), ""]
    return lines


def _scale_section(r: dict[str, Any]) -> list[str]:
    scale = r.get("scale")
    if not scale:
        return []
    idx = scale["index"]
    lines = [f"## Scale: {scale['label']} chunks (synthetic vectors)", "", scale.get("method", ""), ""]
    lines += _table(["figure", "value"], [
        ["index", json.dumps(idx["index"])], ["build (s)", idx["build_s"]],
        ["FAISS search p50 / p99 (ms)", f"{idx['search']['p50_ms']} / {idx['search']['p99_ms']}"],
        [f"flat search p50 at {r.get('main_size')} (ms)", scale.get("flat_small_search", {}).get("p50_ms", "")],
        ["recall@10 vs exact", idx["recall_at_10"]],
        ["index file (MiB)", f"{idx['index']['file_bytes'] / MIB:.1f}"]])
    if scale.get("store_files"):
        lines += ["Index on disk:", ""]
        lines += _table(["file", "MiB"], [[k, f"{v / MIB:.1f}"] for k, v in scale["store_files"].items()])
    if scale.get("memprobe"):
        lines += ["RSS growth per part (fresh process; `load_index` steps one by one):", ""]
        lines += _table(["part", "MiB"], [[k, f"{v / MIB:.0f}"] for k, v in scale["memprobe"]["delta_bytes"].items()])
        costs = scale["memprobe"].get("per_query_costs_ms")
        if costs:
            lines += [(f"Whole-collection steps of every query at this size (p50): BM25 scores of all chunks "
                       f"{costs['bm25_scores_p50']} ms, top 50 of those scores {costs['top_k_p50']} ms."),
                      ""]
    server = scale.get("server")
    if server:
        ready = server["http"].get("memory_after_warm_up", {}).get("VmRSS", 0)
        lines += [(f"Server on the {scale['label']} index: RSS {ready / GIB:.2f} GiB after start-up and warm-up, "
                   f"peak {server['memory'].get('VmHWM', 0) / GIB:.2f} GiB after the c=1 and c=4 runs; "
                   f"start → first answer {server.get('startup_first_answer_s', 0):.1f} s."), ""]
    return lines


def _cold_section(r: dict[str, Any]) -> list[str]:
    cold = r.get("coldstart")
    if not cold:
        return []
    imp = cold["imports"]
    lines = ["## Cold start", "",
             (f"`qa ask` on a built index ({cold.get('corpus')}): median {cold['qa_ask']['median_s']} s over "
              f"{cold['qa_ask']['runs']} run(s); bare `python -c pass` {cold['python_start_s']} s."), ""]
    if "probe" in cold:
        lines += [(f"Model import + load {cold['model_import_and_load_s']} s, everything else "
                   f"{cold['everything_else_s']} s (step probe below)."), ""]
        lines += _table(["step (probe)", "s"], [[k, v] for k, v in cold["probe"]["steps_s"].items()])
    lines += [(f"Import time under `-X importtime`: {imp['total_import_s']} s in all; packages `qa ask` does not "
               f"need: {imp['not_needed_by_ask_s']} s."), ""]
    lines += _table(["not needed by `qa ask`", "self s", "imported via"],
                    [[c["package"], c["self_s"], c["imported_via"]] for c in imp["not_needed_top"]])
    return lines


def write_reports(results: dict[str, Any], json_path: Path, md_path: Path) -> None:
    json_path.parent.mkdir(parents=True, exist_ok=True)
    md_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    md_path.write_text(markdown(results), encoding="utf-8")
