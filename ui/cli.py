"""The `reportqa` command: argument parsing and printing only; the work is in the library."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from dataclasses import replace
from pathlib import Path

from index.backend import backend_for, index_summary, indexed_embedder, open_store
from index.embed.embedder import ModelError, describe, load_embedder
from index.embed.remembered import RememberedQueries
from index.errors import ReportNotFoundError, StoreError
from index.ingest import FileResult, ingest_paths, reindex, remove_report
from index.settings import Settings
from index.store.rows import report_row_json
from index.store.schema import FORMAT_VERSION
from qa.assistant import load_assistant
from qa.audit import AUDIT_KINDS, audit_report, findings_json
from qa.compose import answer_json, question_error_json, search_json
from qa.evaluate import evaluate, format_report
from qa.overview import NOT_STATED, build_overview, overview_json, overview_queries
from qa.question_parser import QuestionError
from qa.records import Filters
from qa.retrieve import describe_passage, open_retriever


def _print_result(result: FileResult) -> None:
    if not result.ok:
        print(f"✗ {result.path}: {result.error}", file=sys.stderr)
        return
    verb = "已替换" if result.replaced else "已入库"
    print(
        f"✓ {result.path} {verb}（编号 {result.report_id}）：{result.department or '?'} {result.fiscal_year or '?'} — "
        f"{result.sections} 个章节，{result.tables} 张表，{result.figures} 个数字，{result.chunks} 个段落"
    )
    for warning in result.warnings:
        print(f"  ! {warning}")


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    with open_store(settings) as store:
        embedder = indexed_embedder(settings, store)  # one model for the ingest and the overview's questions
    results = ingest_paths([Path(p) for p in args.paths], settings, progress=sys.stderr.isatty(), embedder=embedder)
    for result in results:
        _print_result(result)
    failed = sum(not r.ok for r in results)
    if not results:
        print("没有找到可读的文件（txt、docx、pdf、html）", file=sys.stderr)
        return 1
    if ingested := [r.report_id for r in results if r.ok and r.report_id]:
        # `reportqa overview` then runs without loading the model (its questions' vectors are remembered).
        remembered = RememberedQueries(embedder, settings.data)
        remembered.encode_queries(overview_queries(load_assistant(settings, embedder=remembered), ingested))
    print(f"入库 {len(results) - failed} 份，失败 {failed} 份；数据目录：{settings.data}")
    return 1 if failed else 0


def cmd_figures(args: argparse.Namespace, settings: Settings) -> int:
    with open_store(settings, create=False) as store:
        figures = store.figures(report=args.report, metric=args.metric)
    if args.json:
        print(json.dumps([f.to_json() for f in figures], ensure_ascii=False, indent=1))
        return 0
    for item in figures:
        f = item.figure
        who = f.entity or "—"
        extra = f" [{f.qualifier}]" if f.qualifier else ""
        target = f" (目标 {f.target})" if f.target else ""
        print(f"{item.report}\t{who}\t{f.metric}{extra}\t{f.value} {f.unit or ''}{target}\t{f.kind}\t{' › '.join(f.section)}")
    print(f"共 {len(figures)} 个数字", file=sys.stderr)
    return 0


def cmd_audit(args: argparse.Namespace, settings: Settings) -> int:
    with open_store(settings, create=False) as store:
        ids = [store.find_report(args.report).id] if args.report else [r.id for r in store.reports()]
        findings = [finding for report_id in ids for finding in audit_report(store, report_id)]
    if args.json:
        print(json.dumps(findings_json(findings), ensure_ascii=False, indent=1))
        return 0
    for f in findings:
        print(f"[{f.severity}] {f.report} · {AUDIT_KINDS.get(f.kind, f.kind)}：{f.arithmetic}")
        for quote, section in zip(f.quotes, f.sections, strict=True):
            print(f"    「{quote}」（{section}）")
    print(f"{len(ids)} 份报告中发现 {len(findings)} 处不一致", file=sys.stderr)
    return 0


def cmd_overview(args: argparse.Namespace, settings: Settings) -> int:
    with open_store(settings, create=False) as store:
        # The overview's questions are the same for every report: their vectors are remembered in the
        # data folder, so the model is loaded only the first time (or for a report read differently).
        embedder = RememberedQueries(indexed_embedder(settings, store), settings.data)
    assistant = load_assistant(settings, embedder=embedder)
    with open_store(settings, create=False) as store:
        overview = build_overview(assistant, store, args.report)
        findings = audit_report(store, args.report) if args.docx else []
    if args.docx:
        from ui.brief import write_brief  # python-docx is only loaded when a brief is asked for

        print(f"概览简报已写入 {write_brief(overview, findings, args.docx)}", file=sys.stderr)
    if args.json:
        print(json.dumps(overview_json(overview), ensure_ascii=False, indent=1))
        return 0
    print(f"{overview.department or '?'} · {overview.year or '?'} · {overview.type or '?'}（{overview.report}）")
    for item in overview.items:
        if item.value is None:
            print(f"  {item.name}：{NOT_STATED}")
        elif isinstance(item.value, list):
            print(f"  {item.name}（{item.section}）：")
            for i, line in enumerate(item.value, 1):
                print(f"    {i}. {line}")
        else:
            print(f"  {item.name}：{item.value:g}{item.unit or ''}" if isinstance(item.value, float)
                  else f"  {item.name}：{item.value}{item.unit or ''}", f"（来源：{item.section}）")
    return 0


def cmd_reports(args: argparse.Namespace, settings: Settings) -> int:
    with open_store(settings, create=False) as store:
        rows = store.reports()
    if args.json:
        print(json.dumps([report_row_json(r) for r in rows], ensure_ascii=False, indent=1))
        return 0
    if not rows:
        print("报告库还是空的：先运行 reportqa ingest 路径")
    for r in rows:
        score = f"{r.score}分 {r.grade or ''}".strip() if r.score else (r.grade or "—")
        print(
            f"{r.id}  {r.department or '?'}  {r.fiscal_year or '?'}  {r.eval_type or '?'}  {score}  "
            f"{r.n_figures} 个数字  {r.n_chunks} 个段落  {r.name}  （入库 {r.ingested_at}）"
        )
    return 0


def cmd_remove(args: argparse.Namespace, settings: Settings) -> int:
    row = remove_report(settings, args.report)
    print(f"已删除 {row.id}（{row.name}）")
    return 0


def cmd_info(args: argparse.Namespace, settings: Settings) -> int:
    info: dict[str, object] = {"data": str(settings.data), "format_version": FORMAT_VERSION}
    if backend_for(settings).kind == "postgresql":
        with open_store(settings) as store:
            info.update(describe(indexed_embedder(settings, store)))
            info.update(index_summary(settings, store))
            info.update(store.counts())
    elif settings.db_path.exists():
        with open_store(settings, create=False) as store:
            info.update(describe(indexed_embedder(settings, store)))
            info.update(index_summary(settings))
            info.update(store.counts())
    else:
        info.update(describe(load_embedder(settings)))
        info.update(index_summary(settings))
        info.update({"reports": 0, "chunks": 0, "figures": 0})
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=1))
    else:
        for key, value in info.items():
            print(f"{key}: {value}")
    return 0


def _print_answer(answer, *, as_json: bool) -> None:  # type: ignore[no-untyped-def]
    if as_json:
        print(json.dumps(answer_json(answer), ensure_ascii=False), flush=True)
        return
    print(answer.text)
    for passage in answer.passages[:3]:
        print(f"  · {describe_passage(passage.chunk)}")


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    assistant = load_assistant(settings)
    filters = Filters(report=args.report, department=args.department, year=args.year, doc_type=args.type)
    scope = filters if filters.active() else None
    if args.question != "-":
        _print_answer(assistant.ask(args.question, filters=scope), as_json=args.json)
        return 0
    for line in sys.stdin:  # one question per line, one JSON object per line, in order
        question = line.rstrip("\n")
        try:
            answer = assistant.ask(question, filters=scope)
        except QuestionError as exc:
            print(json.dumps(question_error_json(question, exc), ensure_ascii=False), flush=True)
            continue
        _print_answer(answer, as_json=True)
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    """As users ask first (the question alone, no report named), then — unless --unscoped — scoped to
    the report each question's `report` field names."""
    assistant = load_assistant(settings)
    print("== 按用户提问方式（不指定报告） / as users ask, no report named")
    print(format_report(evaluate(assistant, Path(args.qa), scoped=False), verbose=args.verbose, per_report=args.per_report))
    if not args.unscoped:
        print("== 限定到题目所属报告 / scoped to each question's report")
        print(format_report(evaluate(assistant, Path(args.qa)), verbose=args.verbose, per_report=args.per_report))
    return 0


def _auth(args: argparse.Namespace) -> tuple[str, str] | None:
    """USER:PASS from --auth, or the first line of --auth-file."""
    raw = args.auth
    if args.auth_file:
        raw = Path(args.auth_file).read_text(encoding="utf-8").splitlines()[0].strip()
    if not raw:
        return None
    user, sep, password = raw.partition(":")
    if not sep or not user or not password:
        raise SystemExit("error: --auth takes USER:PASS (both non-empty)")
    return user, password


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from ui.app import serve

    auth = _auth(args)
    loopback = args.host in ("127.0.0.1", "localhost", "::1") or args.host.startswith("127.")
    if not loopback and auth is None and not args.insecure:
        print(
            f"error: refusing to serve on {args.host} without a password: anyone on the network could read and "
            "delete the reports. Give --auth USER:PASS (or --auth-file FILE), or --insecure if the network is trusted.",
            file=sys.stderr,
        )
        return 2
    try:
        serve(settings, host=args.host, port=args.port, auth=auth)
    except KeyboardInterrupt:  # Ctrl-C: the server is already closed by then
        print("stopped")
    return 0


def cmd_doctor(args: argparse.Namespace, settings: Settings) -> int:
    from index.admin.doctor import check, repair

    if args.repair:
        for action in repair(settings):
            print(f"repaired: {action}")
    with open_store(settings, create=False) as store:
        findings = check(settings, store)
    for finding in findings:
        print(f"problem: {finding.problem}")
    if not findings:
        print("ok: reports, chunks, figures, vectors and the search index agree")
    return 1 if findings else 0


def cmd_prepare_model(args: argparse.Namespace, settings: Settings) -> int:
    embedder = load_embedder(settings)
    print(f"embedding model ready: {embedder.model_id} (dim {embedder.dim}) from {embedder.source}")
    return 0


def cmd_reindex(args: argparse.Namespace, settings: Settings) -> int:
    meta = reindex(settings, progress=sys.stderr.isatty())
    print(f"reindexed {meta.count} chunks with {meta.model} (dim {meta.dim}, {meta.index_type}) in {meta.build_seconds:.1f} s")
    return 0


def cmd_migrate_to_postgres(args: argparse.Namespace, settings: Settings) -> int:
    from index.admin.migrate import migrate_to_postgres
    from index.store.postgres import redacted

    copied = migrate_to_postgres(replace(settings, database_url=None), args.url, progress=sys.stderr.isatty())
    print(f"copied {copied.reports} reports, {copied.vectors} passage vectors and {copied.statement_vectors} statement "
          f"vectors from {settings.data} into {redacted(args.url)}; serve it with REPORTQA_DATABASE_URL set to that URL")
    return 0


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    retriever = open_retriever(settings)
    filters = Filters(report=args.report, department=args.department, year=args.year, section=args.section)
    passages = retriever.search(args.question, k=args.k, filters=filters, mode=args.mode)
    if args.json:
        print(json.dumps(search_json(passages), ensure_ascii=False, indent=1))
        return 0
    for rank, passage in enumerate(passages, 1):
        print(f"{rank}. [{passage.score:.4f}] {describe_passage(passage.chunk)}")
        print("   " + passage.chunk.text.split("\n", 1)[-1][:200].replace("\n", " "))
    if not passages:
        print("no passage found")
    return 0


def _log_to_data_folder(settings: Settings) -> None:
    """Ingests, removals and errors, with timestamps, in data/reportqa.log (question text only if enabled)."""
    settings.data.mkdir(parents=True, exist_ok=True)
    path = (settings.data / "reportqa.log").resolve()
    if any(getattr(h, "baseFilename", None) == str(path) for h in logging.getLogger("index").handlers):
        return
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.INFO)
    for name in ("index", "qa", "ui"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.INFO)
        logger.addHandler(handler)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reportqa", description="Questions over 绩效评价自评报告 (performance-evaluation reports).")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    sub = parser.add_subparsers(dest="command", required=True)

    def with_data(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--data", help="data folder (default: $REPORTQA_DATA or ./data)")
        return p

    p = with_data(sub.add_parser("ingest", help="index report files or folders (txt, docx, pdf, html)"))
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.set_defaults(func=cmd_ingest)
    p = with_data(sub.add_parser("figures", help="list extracted figures"))
    p.add_argument("--report", help="report id, id prefix or file name")
    p.add_argument("--metric", help="only metrics containing this text")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_figures)
    p = with_data(sub.add_parser("audit", help="where a report disagrees with itself (sums, restated amounts, rates)"))
    p.add_argument("report", nargs="?", metavar="REPORT", help="report id, id prefix or file name (default: all)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_audit)
    p = with_data(sub.add_parser("overview", help="one report on one page: totals, 三公, staff, score, outputs, problems"))
    p.add_argument("report", metavar="REPORT", help="report id, id prefix or file name")
    p.add_argument("--json", action="store_true")
    p.add_argument("--docx", type=Path, metavar="FILE", help="also write a one-page Word brief (overview and audit) to FILE")
    p.set_defaults(func=cmd_overview)
    p = with_data(sub.add_parser("reports", help="list indexed reports"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_reports)
    p = with_data(sub.add_parser("remove", help="remove one report from the index"))
    p.add_argument("report", metavar="REPORT", help="report id, id prefix or file name")
    p.set_defaults(func=cmd_remove)
    p = with_data(sub.add_parser("info", help="model, index and counts"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_info)
    p = with_data(sub.add_parser("ask", help="answer a question (or '-' for one question per stdin line, JSON lines out)"))
    p.add_argument("question")
    p.add_argument("--json", action="store_true")
    p.add_argument("--report", help="only this report (id, id prefix or file name)")
    p.add_argument("--department")
    p.add_argument("--year", type=int)
    p.add_argument("--type", help="only documents of this type: 部门预算, 部门决算, 单位预算, 整体支出绩效自评, 项目支出绩效自评")
    p.set_defaults(func=cmd_ask)
    p = with_data(sub.add_parser("eval", help="score a question set (seed_qa.jsonl schema)"))
    p.add_argument("qa", metavar="QA.jsonl")
    p.add_argument("--verbose", action="store_true")
    p.add_argument("--per-report", action="store_true", help="right / refused / wrong for each report too")
    p.add_argument("--unscoped", action="store_true",
                   help="only as users ask (the whole data folder, no report named); by default the scoped line follows")
    p.set_defaults(func=cmd_eval)
    p = with_data(sub.add_parser("serve", help="start the web assistant (Gradio) on 127.0.0.1"))
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this computer only)")
    p.add_argument("--port", type=int, default=7860)
    p.add_argument("--auth", help="USER:PASS required to open the page (needed for any non-loopback --host)")
    p.add_argument("--auth-file", help="a file whose first line is USER:PASS")
    p.add_argument("--insecure", action="store_true", help="allow a non-loopback --host without --auth")
    p.set_defaults(func=cmd_serve)
    p = with_data(sub.add_parser("doctor", help="check that store and index agree; --repair rebuilds what does not"))
    p.add_argument("--repair", action="store_true")
    p.set_defaults(func=cmd_doctor)
    p = with_data(sub.add_parser("prepare-model", help="build (once) and load the configured embedding model"))
    p.set_defaults(func=cmd_prepare_model)
    p = with_data(sub.add_parser("reindex", help="rebuild the search index from the stored chunks"))
    p.set_defaults(func=cmd_reindex)
    p = with_data(sub.add_parser("migrate-to-postgres", help="copy the SQLite archive of --data into PostgreSQL (no re-embedding)"))
    p.add_argument("url", metavar="URL", help="postgresql://user:password@host:port/database (pgvector >= 0.5 installed)")
    p.set_defaults(func=cmd_migrate_to_postgres)
    p = with_data(sub.add_parser("search", help="retrieve passages for a question (hybrid dense + BM25)"))
    p.add_argument("question")
    p.add_argument("-k", type=int, default=5)
    p.add_argument("--mode", choices=("hybrid", "dense", "bm25"), default="hybrid")
    p.add_argument("--report")
    p.add_argument("--department")
    p.add_argument("--year", type=int)
    p.add_argument("--section")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    settings = Settings.from_env(data=args.data)
    if args.command in ("ingest", "remove", "reindex", "serve"):
        _log_to_data_folder(settings)
    try:
        return int(args.func(args, settings))
    except (StoreError, ModelError, QuestionError, ReportNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head`: stop quietly
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
