"""The `reportqa` command: argument parsing and printing only; the work is in the library."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

from index.backend import backend_for, current_generation, index_summary, indexed_embedder, open_store
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
from qa.standard_metrics import load_standard_metrics
from ui.chinese_argparse import ChineseArgumentParser


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
    if args.cluster:
        from index.cluster import ClusterError, ingest_on_cluster  # Dask is imported only for a cluster

        try:
            results = ingest_on_cluster([Path(p) for p in args.paths], settings, args.cluster,
                                        on_result=_print_result, embedder=embedder)
        except ClusterError as exc:
            print(f"错误：{exc}", file=sys.stderr)
            return 2
    else:
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
    with open_store(settings) as store:
        prepared = store.prepared_generation()
        if prepared is not None and prepared != current_generation(settings, store):
            print(f"跨单位问题的常用指标是按入库前的报告库准备的，不再使用；请运行 reportqa prepare --data {settings.data}")
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
        raise SystemExit("错误：--auth 的格式是 用户名:密码（两者都不能为空）")
    return user, password


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from ui.app import serve

    auth = _auth(args)
    loopback = args.host in ("127.0.0.1", "localhost", "::1") or args.host.startswith("127.")
    if not loopback and auth is None and not args.insecure:
        print(
            f"错误：不设密码就不在 {args.host} 上提供服务：网络上的任何人都能读取和删除报告。"
            "请加 --auth 用户名:密码（或 --auth-file 文件），网络可信时可加 --insecure。",
            file=sys.stderr,
        )
        return 2
    try:
        serve(settings, host=args.host, port=args.port, auth=auth)
    except KeyboardInterrupt:  # Ctrl-C: the server is already closed by then
        print("已停止")
    return 0


def cmd_doctor(args: argparse.Namespace, settings: Settings) -> int:
    from index.admin.doctor import check, repair

    if args.repair:
        for action in repair(settings):
            print(f"已修复：{action}")
    with open_store(settings, create=False) as store:
        findings = check(settings, store)
    for finding in findings:
        print(f"问题：{finding.problem}")
    if not findings:
        print("正常：报告、段落、数字、向量和检索索引一致")
    return 1 if findings else 0


def cmd_prepare_model(args: argparse.Namespace, settings: Settings) -> int:
    embedder = load_embedder(settings)
    print(f"向量模型已就绪：{embedder.model_id}（{embedder.dim} 维），来自 {embedder.source}")
    return 0


def cmd_prepare(args: argparse.Namespace, settings: Settings) -> int:
    assistant = load_assistant(settings)
    metrics = load_standard_metrics()
    began = time.perf_counter()
    stored = assistant.prepare_claims(metrics, processes=settings.ingest_processes or os.cpu_count() or 1)
    print(f"已为 {len(assistant.reports)} 份报告准备 {len(metrics)} 个常用指标的跨单位问答：{stored} 条，"
          f"用时 {time.perf_counter() - began:.0f} 秒（报告库再次入库或删除后需重新准备）")
    return 0


def cmd_reindex(args: argparse.Namespace, settings: Settings) -> int:
    meta = reindex(settings, progress=sys.stderr.isatty())
    print(f"已重建索引：{meta.count} 个段落，模型 {meta.model}（{meta.dim} 维，{meta.index_type}），用时 {meta.build_seconds:.1f} 秒")
    return 0


def cmd_migrate_to_postgres(args: argparse.Namespace, settings: Settings) -> int:
    from index.admin.migrate import migrate_to_postgres
    from index.store.postgres import redacted

    copied = migrate_to_postgres(replace(settings, database_url=None), args.url, progress=sys.stderr.isatty())
    print(f"已从 {settings.data} 复制 {copied.reports} 份报告、{copied.vectors} 个段落向量和 {copied.statement_vectors} 个数字"
          f"陈述向量到 {redacted(args.url)}；设置 REPORTQA_DATABASE_URL 为这个地址即可用它提供服务")
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
        print("没有找到段落")
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
    parser = ChineseArgumentParser(prog="reportqa", description="绩效评价报告问答：对部门整体支出绩效自评报告、项目支出自评、部门预算/决算公开提问。")
    parser.add_argument("-v", "--verbose", action="store_true", help="输出运行日志")
    sub = parser.add_subparsers(dest="command", required=True, title="命令", metavar="命令")

    def with_data(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--data", metavar="文件夹", help="数据文件夹（默认：$REPORTQA_DATA 或 ./data）")
        return p

    p = with_data(sub.add_parser("ingest", help="把报告文件或文件夹入库（txt、docx、pdf、html）"))
    p.add_argument("paths", nargs="+", metavar="路径", help="报告文件或文件夹")
    p.add_argument("--cluster", metavar="地址",
                   help="在 Dask 集群上入库（调度器地址 tcp://主机:8786，或 local:2 在本机起两个工作进程）；"
                        "需要共享的 PostgreSQL 报告库（REPORTQA_DATABASE_URL）")
    p.set_defaults(func=cmd_ingest)
    p = with_data(sub.add_parser("figures", help="列出抽取的数字"))
    p.add_argument("--report", metavar="报告", help="报告编号、编号前缀或文件名")
    p.add_argument("--metric", metavar="文字", help="只列指标名含这段文字的数字")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_figures)
    p = with_data(sub.add_parser("audit", help="报告自相矛盾之处（合计、前后不一的金额、比率）"))
    p.add_argument("report", nargs="?", metavar="报告", help="报告编号、编号前缀或文件名（默认：全部）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_audit)
    p = with_data(sub.add_parser("overview", help="一页看懂一份报告：收支合计、三公经费、人员、得分、产出、问题"))
    p.add_argument("report", metavar="报告", help="报告编号、编号前缀或文件名")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.add_argument("--docx", type=Path, metavar="文件", help="同时把一页 Word 简报（概览和核对结果）写入文件")
    p.set_defaults(func=cmd_overview)
    p = with_data(sub.add_parser("reports", help="列出已入库的报告"))
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_reports)
    p = with_data(sub.add_parser("remove", help="从报告库删除一份报告"))
    p.add_argument("report", metavar="报告", help="报告编号、编号前缀或文件名")
    p.set_defaults(func=cmd_remove)
    p = with_data(sub.add_parser("info", help="模型、索引和数量"))
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_info)
    p = with_data(sub.add_parser("ask", help="回答一个问题（或用 '-' 从标准输入每行读一个问题，每行输出一个 JSON）"))
    p.add_argument("question", metavar="问题")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.add_argument("--report", metavar="报告", help="只查这份报告（编号、编号前缀或文件名）")
    p.add_argument("--department", metavar="单位", help="只查这个单位的报告")
    p.add_argument("--year", type=int, metavar="年度", help="只查这个年度的报告")
    p.add_argument("--type", metavar="类型", help="只查这类文件：部门预算、部门决算、单位预算、整体支出绩效自评、项目支出绩效自评")
    p.set_defaults(func=cmd_ask)
    p = with_data(sub.add_parser("eval", help="给问题集打分（seed_qa.jsonl 的格式）"))
    p.add_argument("qa", metavar="问题集.jsonl")
    p.add_argument("--verbose", action="store_true", help="逐题列出答错和拒答")
    p.add_argument("--per-report", action="store_true", help="同时按报告列出答对 / 拒答 / 答错")
    p.add_argument("--unscoped", action="store_true",
                   help="只按用户提问方式（整个数据文件夹，不指定报告）；默认还会输出限定报告的一行")
    p.set_defaults(func=cmd_eval)
    p = with_data(sub.add_parser("serve", help="在 127.0.0.1 上启动网页问答（Gradio）"))
    p.add_argument("--host", default="127.0.0.1", metavar="地址", help="监听地址（默认 127.0.0.1：只有本机能访问）")
    p.add_argument("--port", type=int, default=7860, metavar="端口", help="端口（默认 7860）")
    p.add_argument("--auth", metavar="用户名:密码", help="打开网页需要的 用户名:密码（--host 不是本机地址时必需）")
    p.add_argument("--auth-file", metavar="文件", help="第一行是 用户名:密码 的文件")
    p.add_argument("--insecure", action="store_true", help="允许在非本机地址上不设密码提供服务")
    p.set_defaults(func=cmd_serve)
    p = with_data(sub.add_parser("doctor", help="检查报告库与索引是否一致；--repair 重建不一致的部分"))
    p.add_argument("--repair", action="store_true", help="重建不一致的部分")
    p.set_defaults(func=cmd_doctor)
    p = with_data(sub.add_parser("prepare-model", help="构建（仅一次）并加载配置的向量模型"))
    p.set_defaults(func=cmd_prepare_model)
    p = with_data(sub.add_parser("prepare", help="为跨单位问题（排名、筛选、逐年）预先读出各报告的常用指标，供所有进程直接使用"))
    p.set_defaults(func=cmd_prepare)
    p = with_data(sub.add_parser("reindex", help="从保存的段落重建检索索引"))
    p.set_defaults(func=cmd_reindex)
    p = with_data(sub.add_parser("migrate-to-postgres", help="把 --data 的 SQLite 报告库复制到 PostgreSQL（不重新计算向量）"))
    p.add_argument("url", metavar="地址", help="postgresql://用户:密码@主机:端口/数据库（需已安装 pgvector >= 0.5）")
    p.set_defaults(func=cmd_migrate_to_postgres)
    p = with_data(sub.add_parser("search", help="为问题检索段落（向量 + BM25 混合检索）"))
    p.add_argument("question", metavar="问题")
    p.add_argument("-k", type=int, default=5, metavar="数量", help="返回的段落数（默认 5）")
    p.add_argument("--mode", choices=("hybrid", "dense", "bm25"), default="hybrid", help="检索方式：hybrid 混合（默认）、dense 向量、bm25 关键词")
    p.add_argument("--report", metavar="报告", help="只查这份报告（编号、编号前缀或文件名）")
    p.add_argument("--department", metavar="单位", help="只查这个单位的报告")
    p.add_argument("--year", type=int, metavar="年度", help="只查这个年度的报告")
    p.add_argument("--section", metavar="章节", help="只查标题含这段文字的章节")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
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
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head`: stop quietly
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
