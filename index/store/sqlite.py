"""SQLite store of reports, sections, tables, chunks and figures; one file in the data folder.

Each report is written in one transaction (old rows of the same report deleted, new ones inserted),
so a failed or killed ingest leaves what was indexed before untouched.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from index.errors import ReportNotFoundError, StoreError
from index.records import FailedCheck, Figure, ParsedReport, Section
from index.store.rows import ChunkRow, ReportRow, StoredFigure, StoredTable, matching_reports, vector_id
from index.store.schema import FORMAT_VERSION, GENERATED, MIGRATIONS, OLDEST_MIGRATABLE, REPORT_TABLES, SCHEMA

log = logging.getLogger(__name__)


class Store:
    """The SQLite file of one data folder. Open with `Store.open(path)`; close when done."""

    def __init__(self, connection: sqlite3.Connection, path: Path | str, *, shared: bool = False) -> None:
        self._first = connection
        self.path = path
        # Shared between threads: each thread reads through its own connection (SQLite in WAL mode lets
        # readers run beside each other and beside the one writer), so no reader waits for another.
        self._local = threading.local() if shared else None
        if self._local is not None:
            self._local.db = connection  # the opening thread keeps the first connection
        self._opened: list[sqlite3.Connection] = [connection]
        self._opened_lock = threading.Lock()

    @property
    def _db(self) -> sqlite3.Connection:
        if self._local is None:
            return self._first
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA foreign_keys=ON")
            with self._opened_lock:
                self._opened.append(db)
            self._local.db = db
        return db

    @classmethod
    def open(cls, path: Path, *, create: bool = True, shared: bool = False) -> Store:
        """Open (and create) the store. `shared`: threads of one process use it at once, each through a
        connection of its own; writers still go one at a time (the app's write lock)."""
        if not path.exists() and not create:
            raise StoreError(f"{path} 没有索引；请先运行 `reportqa ingest 路径 --data {path.parent}`")
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = sqlite3.connect(path, timeout=30, check_same_thread=not shared)
            db.row_factory = sqlite3.Row  # rows read by column name, never by position
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA foreign_keys=ON")
            db.executescript(SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path} 不是 reportqa 的索引（{exc}）；请把它移走，或换一个 --data 文件夹") from exc
        store = cls(db, path, shared=shared)
        store._check_version()
        return store

    def _check_version(self) -> None:
        row = self._db.execute("SELECT value FROM meta WHERE key='format_version'").fetchone()
        if row is None:
            with self._db:
                # Two workers opening a new PostgreSQL archive at once both find no row: the second
                # one's insert must not fail on the first one's.
                self._db.execute("INSERT INTO meta VALUES ('format_version', ?) ON CONFLICT (key) DO NOTHING",
                                 (str(FORMAT_VERSION),))
            return
        version = int(row["value"])
        if version < OLDEST_MIGRATABLE:
            raise StoreError(
                f"{self.path} 的索引格式是 {version}，比本版 reportqa 能升级的格式（{OLDEST_MIGRATABLE}–{FORMAT_VERSION}）"
                "还旧；请把报告重新入库到一个新的 --data 文件夹"
            )
        if version > FORMAT_VERSION:
            raise StoreError(
                f"{self.path} 的索引格式是 {version}，比本版 reportqa 的格式 {FORMAT_VERSION} 更新；"
                "请升级 reportqa，或换一个 --data 文件夹"
            )
        for number, statements in MIGRATIONS:
            if number > version:
                try:
                    with self._db:  # one transaction per migration: a crash leaves the previous version whole
                        for statement in statements:
                            self._db.execute(statement)
                        self._db.execute("UPDATE meta SET value=? WHERE key='format_version'", (str(number),))
                except sqlite3.DatabaseError as exc:
                    raise StoreError(f"{self.path}：升级到索引格式 {number} 失败（{exc}）；"
                                     "文件夹保持原格式；请重新入库到一个新的 --data 文件夹") from exc
                log.info("store %s migrated to format %d", self.path, number)

    def close(self) -> None:
        with self._opened_lock:
            for db in self._opened:
                db.close()
            self._opened.clear()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # ------------------------------------------------------------ writing

    def save_report(
        self, report: ParsedReport, *, source: str | None = None, tokenize: Callable[[str], list[str]] = lambda t: t.split()
    ) -> bool:
        """Insert or replace one report with everything derived from it; True if it replaced one.

        `tokenize` gives each chunk's BM25 tokens, stored so the lexical index rebuilds without
        segmenting again."""
        meta = report.meta
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._db:
            replaced = self._db.execute("SELECT 1 FROM reports WHERE id=?", (report.report_id,)).fetchone() is not None
            self._db.execute("DELETE FROM reports WHERE id=?", (report.report_id,))
            values = {
                "id": report.report_id, "name": report.name, "source": source, "title": meta.title,
                "department": meta.department, "budget_code": meta.budget_code, "fiscal_year": meta.fiscal_year,
                "report_date": meta.report_date, "eval_type": meta.eval_type, "score": meta.score, "grade": meta.grade,
                "project": meta.project, "n_sections": len(report.sections), "n_tables": len(report.tables),
                "n_figures": len(report.figures), "n_chunks": len(report.chunks),
                "warnings": json.dumps(report.warnings, ensure_ascii=False), "text": report.text, "ingested_at": now,
                "doc_type": meta.doc_type,
            }
            self._db.execute(  # by column name: the statement never depends on the table's column order
                f"INSERT INTO reports ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})", list(values.values()),
            )
            self._db.executemany(
                "INSERT INTO sections (report_id, path, level, start, \"end\") VALUES (?,?,?,?,?)",
                [(report.report_id, json.dumps(s.path, ensure_ascii=False), s.level, s.start, s.end) for s in report.sections],
            )
            self._db.executemany(
                "INSERT INTO tables (report_id, seq, caption, unit, mapping, columns, rows, identities, start, \"end\", failed)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        report.report_id, seq, t.caption, t.unit, t.mapping, json.dumps(t.columns, ensure_ascii=False),
                        json.dumps([[c.text for c in row] for row in t.rows], ensure_ascii=False),
                        json.dumps(t.identities, ensure_ascii=False), t.start, t.end,
                        json.dumps([asdict(f) for f in t.failed], ensure_ascii=False),
                    )
                    for seq, t in enumerate(report.tables)
                ],
            )
            self._db.executemany(
                "INSERT INTO chunks (id, report_id, seq, section, text, start, \"end\", kind, vid, tokens)"
                " VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT (report_id, id) DO UPDATE SET seq = excluded.seq,"
                " section = excluded.section, text = excluded.text, start = excluded.start, \"end\" = excluded.\"end\","
                " kind = excluded.kind, vid = excluded.vid, tokens = excluded.tokens",
                [
                    (
                        c.id, report.report_id, seq, json.dumps(c.section, ensure_ascii=False), c.text, c.start, c.end,
                        c.kind, vector_id(c), json.dumps(tokenize(c.text), ensure_ascii=False),
                    )
                    for seq, c in enumerate(report.chunks)
                ],
            )
            self._db.executemany(
                "INSERT INTO figures (report_id, entity, metric, qualifier, value, number, unit, year, kind, section,"
                " quote, start, \"end\", target, chunk_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        report.report_id, f.entity, f.metric, f.qualifier, f.value, f.number, f.unit, f.year, f.kind,
                        json.dumps(f.section, ensure_ascii=False), f.quote, f.start, f.end, f.target, f.chunk_id,
                    )
                    for f in report.figures
                ],
            )
        return replaced

    def remove_report(self, ref: str) -> ReportRow:
        """Delete one report (by id, id prefix or file name) and everything derived from it."""
        row = self.find_report(ref)
        with self._db:
            self._db.execute("DELETE FROM reports WHERE id=?", (row.id,))
        return row

    # ------------------------------------------------------------ reading

    def reports(self) -> list[ReportRow]:
        rows = self._db.execute(
            "SELECT id, name, department, fiscal_year, eval_type, score, grade, report_date, budget_code,"
            " n_sections, n_tables, n_figures, n_chunks, ingested_at, warnings, project, doc_type FROM reports"
            " ORDER BY department, fiscal_year, name"
        ).fetchall()
        return [ReportRow(**{**dict(r), "warnings": tuple(json.loads(r["warnings"] or "[]"))}) for r in rows]

    def find_report(self, ref: str) -> ReportRow:
        """A report by id, unique id prefix (≥ 6 characters), file name, a word of it, or its department's
        name (`matching_reports`); several or none: an error naming the choices."""
        reports = self.reports()
        matches = matching_reports(reports, ref)
        if len(matches) == 1:
            return matches[0]
        listed = "；".join(f"{r.id}（{r.department or '部门未知'}，{r.name}）" for r in (matches or reports)) or "无"
        if matches:
            raise ReportNotFoundError(f"“{ref}”对应{len(matches)}份报告，请用报告编号或文件名指明其一：{listed}")
        raise ReportNotFoundError(f"没有与“{ref}”对应的报告；已入库的报告：{listed}")

    def report_text(self, report_id: str) -> str:
        row = self._db.execute("SELECT text FROM reports WHERE id=?", (report_id,)).fetchone()
        if row is None:
            raise ReportNotFoundError(f"没有编号为 {report_id} 的报告")
        return str(row["text"])

    def reports_mentioning(self, words: Sequence[str], report_ids: Iterable[str]) -> set[str]:
        """Of the reports given, those whose text holds every one of the words."""
        ids = list(report_ids)
        return set(ids).intersection(*self.words_held(words, ids).values())

    def openings(self, chars: int) -> dict[str, str]:
        """Each report's first characters (its title, cover and first paragraphs), by report id."""
        return {str(r["id"]): str(r["opening"]) for r in self._db.execute("SELECT id, substr(text, 1, ?) AS opening FROM reports",
                                                                            (chars,))}

    def words_held(self, words: Sequence[str], report_ids: Iterable[str]) -> dict[str, set[str]]:
        """Each word, and the reports (of those given) whose text holds it: one pass over the texts."""
        ids, words = list(report_ids), list(dict.fromkeys(words))
        if not words or not ids:
            return {w: set() for w in words}
        held = ", ".join(f"instr(text, ?) > 0 AS held{i}" for i in range(len(words)))
        rows = self._db.execute(f"SELECT id, {held} FROM reports WHERE id IN ({', '.join('?' * len(ids))})",
                                (*words, *ids)).fetchall()
        return {w: {str(row["id"]) for row in rows if row[f"held{i}"]} for i, w in enumerate(words)}

    def figures(
        self, *, report: str | None = None, metric: str | None = None, report_ids: Iterable[str] | None = None,
        chunk_ids: Iterable[str] | None = None, metric_terms: Iterable[str] | None = None,
    ) -> list[StoredFigure]:
        """Figures in document order: of one report, with `metric` in their name, of some reports, or
        of some chunks or with any of `metric_terms` in their name (those two widen each other)."""
        sql = (
            "SELECT f.report_id, r.name, f.entity, f.metric, f.qualifier, f.value, f.number, f.unit, f.year, f.kind,"
            " f.section, f.quote, f.start, f.\"end\", f.target, f.chunk_id FROM figures f JOIN reports r ON r.id = f.report_id"
        )
        where: list[str] = []
        params: list[object] = []
        if report:
            where.append("f.report_id = ?")
            params.append(self.find_report(report).id)
        if metric:
            where.append("instr(f.metric, ?) > 0")
            params.append(metric)
        if report_ids is not None:
            ids = list(report_ids)
            where.append(f"f.report_id IN ({','.join('?' * len(ids)) or 'NULL'})")
            params.extend(ids)
        either: list[str] = []
        if chunk_ids is not None:
            chunks = list(chunk_ids)
            either.append(f"f.chunk_id IN ({','.join('?' * len(chunks)) or 'NULL'})")
            params.extend(chunks)
        for term in metric_terms or ():
            either.append("instr(f.metric, ?) > 0")
            params.append(term)
        if either:
            where.append("(" + " OR ".join(either) + ")")
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY r.name, f.start, f.id"
        out = []
        for row in self._db.execute(sql, params):
            figure = Figure(
                metric=row["metric"], value=row["value"], number=row["number"], unit=row["unit"], kind=row["kind"],
                section=tuple(json.loads(row["section"])), quote=row["quote"], start=row["start"], end=row["end"],
                entity=row["entity"], qualifier=row["qualifier"], year=row["year"], target=row["target"],
                chunk_id=row["chunk_id"],
            )
            out.append(StoredFigure(row["report_id"], row["name"], figure))
        return out

    # ------------------------------------------------------------ chunks and vectors

    def chunk_fingerprint(self) -> tuple[int, int]:
        """(number of chunks, sum of their vector ids reduced mod a 31-bit prime): cheap to compare
        with what an index was built from; the reduction keeps SQLite's sum inside 64 bits."""
        row = self._db.execute("SELECT count(*) AS n, coalesce(sum(vid % 2147483647), 0) AS total FROM chunks").fetchone()
        return int(row["n"]), int(row["total"])

    def chunk_tokens(self) -> tuple[np.ndarray, list[list[str]]]:
        rows = self._db.execute("SELECT vid, tokens FROM chunks ORDER BY vid").fetchall()
        return np.array([r["vid"] for r in rows], dtype=np.int64), [json.loads(r["tokens"]) for r in rows]

    def chunks_without_vector(self, model: str, *, reports: Sequence[str] | None = None) -> list[tuple[int, str]]:
        """(vid, text) of chunks (of some reports, or of all) that have no vector from `model` yet."""
        if reports is not None and not reports:
            return []  # none of no reports (and `IN ()` is no SQL)
        among = f" AND c.report_id IN ({','.join('?' * len(reports))})" if reports is not None else ""
        rows = self._db.execute(
            "SELECT c.vid, c.text FROM chunks c LEFT JOIN vectors v ON v.vid = c.vid AND v.model = ?"
            f" WHERE v.vid IS NULL{among} ORDER BY c.report_id, c.seq",
            (model, *(reports or ())),
        ).fetchall()
        return [(int(r["vid"]), str(r["text"])) for r in rows]

    def put_vectors(self, model: str, vids: Iterable[int], vectors: np.ndarray) -> None:
        with self._db:
            self._db.executemany(
                "INSERT INTO vectors (vid, model, vector) VALUES (?,?,?)"
                " ON CONFLICT (vid, model) DO UPDATE SET vector = excluded.vector",
                [(int(v), model, np.asarray(vec, dtype=np.float32).tobytes()) for v, vec in zip(vids, vectors, strict=True)],
            )

    def vectors(self, model: str) -> tuple[np.ndarray, np.ndarray]:
        """(vids, matrix) of every chunk's vector from `model`, in vid order."""
        rows = self._db.execute(
            "SELECT c.vid, v.vector FROM chunks c JOIN vectors v ON v.vid = c.vid AND v.model = ? ORDER BY c.vid", (model,)
        ).fetchall()
        if not rows:
            return np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32)
        matrix = np.stack([self._chunk_vector(r["vector"]) for r in rows])
        return np.array([r["vid"] for r in rows], dtype=np.int64), matrix

    def _chunk_vector(self, stored: Any) -> np.ndarray:
        """A chunk vector as this database stores it (SQLite: float32 bytes)."""
        return np.frombuffer(stored, dtype=np.float32)

    def statement_vectors(self, model: str, keys: Iterable[str]) -> dict[str, np.ndarray]:
        """Stored vectors of these statement keys from `model` (missing keys are absent)."""
        wanted = list(dict.fromkeys(keys))
        found: dict[str, np.ndarray] = {}
        for i in range(0, len(wanted), 500):  # SQLite caps the number of bound parameters
            part = wanted[i:i + 500]
            rows = self._db.execute(
                f"SELECT key, vector FROM statement_vectors WHERE model = ? AND key IN ({','.join('?' * len(part))})",
                (model, *part),
            )
            found.update((r["key"], np.frombuffer(r["vector"], dtype=np.float32)) for r in rows)
        return found

    def put_statement_vectors(self, model: str, keys: list[str], vectors: np.ndarray) -> None:
        with self._db:
            self._db.executemany(
                "INSERT INTO statement_vectors (key, model, vector) VALUES (?,?,?)"
                " ON CONFLICT (key, model) DO UPDATE SET vector = excluded.vector",
                [(k, model, np.asarray(v, dtype=np.float32).tobytes()) for k, v in zip(keys, vectors, strict=True)],
            )

    def prepared_claims(self, generation: str, question: str, year: int,
                        reports: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """The stored claims on one question (year 0: none asked) of these (report id, ingested at) in one
        index generation; a report never prepared is absent."""
        wanted = set(reports)
        ids = list(dict.fromkeys(report_id for report_id, _ in wanted))
        found: dict[tuple[str, str], str] = {}
        for i in range(0, len(ids), 500):  # SQLite caps the number of bound parameters
            part = ids[i:i + 500]
            rows = self._db.execute(
                "SELECT report_id, ingested_at, claim FROM prepared_claims WHERE generation = ? AND question = ?"
                f" AND year = ? AND report_id IN ({','.join('?' * len(part))})", (generation, question, year, *part))
            found.update(((r["report_id"], r["ingested_at"]), r["claim"]) for r in rows
                         if (r["report_id"], r["ingested_at"]) in wanted)
        return found

    def keep_prepared_claims(self, generation: str, claims: Iterable[tuple[tuple[str, str, str, int], str]]) -> int:
        """Store claims ((report id, ingested at, question, year), claim) of one index generation, dropping
        those of every other (no process reads them again)."""
        rows = [(generation, *key, claim) for key, claim in claims]
        with self._db:
            self._db.execute("DELETE FROM prepared_claims WHERE generation != ?", (generation,))
            self._db.executemany(
                "INSERT INTO prepared_claims (generation, report_id, ingested_at, question, year, claim)"
                " VALUES (?,?,?,?,?,?) ON CONFLICT (generation, report_id, ingested_at, question, year)"
                " DO UPDATE SET claim = excluded.claim", rows)
        return len(rows)

    def prepared_generation(self) -> str | None:
        """The index generation whose claims `reportqa prepare` stored last (None: never prepared)."""
        row = self._db.execute("SELECT generation FROM prepared_claims LIMIT 1").fetchone()
        return None if row is None else str(row["generation"])

    def drop_prepared_claims(self) -> None:
        with self._db:
            self._db.execute("DELETE FROM prepared_claims")

    def drop_orphan_vectors(self, *, keep_model: str | None = None) -> int:
        """Forget vectors of chunks that are gone (and, given `keep_model`, of every other model)."""
        with self._db:
            cursor = self._db.execute("DELETE FROM vectors WHERE vid NOT IN (SELECT vid FROM chunks)")
            removed = cursor.rowcount
            if keep_model is not None:
                removed += self._db.execute("DELETE FROM vectors WHERE model != ?", (keep_model,)).rowcount
                removed += self._db.execute("DELETE FROM statement_vectors WHERE model != ?", (keep_model,)).rowcount
        return removed

    def chunk_vids(
        self, *, report_id: str | None = None, department: str | None = None, year: int | None = None,
        section: str | None = None,
    ) -> np.ndarray:
        """Vector ids of the chunks that pass the given filters (department and section by substring)."""
        where: list[str] = []
        params: list[object] = []
        if report_id is not None:
            where.append("c.report_id = ?")
            params.append(report_id)
        if department is not None:
            where.append("instr(coalesce(r.department, ''), ?) > 0")
            params.append(department)
        if year is not None:
            where.append("r.fiscal_year = ?")
            params.append(year)
        if section is not None:
            where.append("instr(c.section, ?) > 0")
            params.append(json.dumps(section, ensure_ascii=False)[1:-1])
        sql = "SELECT c.vid FROM chunks c JOIN reports r ON r.id = c.report_id"
        rows = self._db.execute(sql + (" WHERE " + " AND ".join(where) if where else ""), params).fetchall()
        return np.array([r["vid"] for r in rows], dtype=np.int64)

    def chunk_reports(self, report_ids: Sequence[str]) -> dict[int, str]:
        """Each chunk vector id of these reports, with its report's id."""
        found: dict[int, str] = {}
        wanted = list(report_ids)
        for begin in range(0, len(wanted), 500):
            part = wanted[begin:begin + 500]
            rows = self._db.execute(f"SELECT vid, report_id FROM chunks WHERE report_id IN ({','.join('?' * len(part))})",
                                    part).fetchall()
            found.update((int(r["vid"]), str(r["report_id"])) for r in rows)
        return found

    def chunk_rows(self, vids: Iterable[int] | None = None) -> list[ChunkRow]:
        """Chunks with their report's name, department and year; all of them when `vids` is None."""
        sql = (
            "SELECT c.vid, c.id AS chunk_id, c.report_id, r.name AS report, r.department, r.fiscal_year, c.section, c.text,"
            " c.kind, c.start, c.\"end\" FROM chunks c JOIN reports r ON r.id = c.report_id"
        )
        if vids is None:
            rows = self._db.execute(sql + " ORDER BY r.name, c.seq").fetchall()
        else:
            wanted = [int(v) for v in vids]
            rows = []
            for begin in range(0, len(wanted), 500):
                part = wanted[begin:begin + 500]
                rows += self._db.execute(sql + f" WHERE c.vid IN ({','.join('?' * len(part))})", part).fetchall()
        return [ChunkRow(**{**dict(r), "section": tuple(json.loads(r["section"]))}) for r in rows]

    def sections(self, report_id: str) -> list[tuple[tuple[str, ...], int]]:
        """(path, level) of a report's sections in document order."""
        rows = self._db.execute("SELECT path, level FROM sections WHERE report_id=? ORDER BY start, level", (report_id,))
        return [(tuple(json.loads(r["path"])), int(r["level"])) for r in rows]

    def section_records(self, report_id: str) -> list[Section]:
        """A report's sections with where in its text each one lies."""
        rows = self._db.execute("SELECT path, level, start, \"end\" FROM sections WHERE report_id=? ORDER BY start, level",
                                (report_id,))
        return [Section(tuple(json.loads(r["path"])), int(r["level"]), int(r["start"]), int(r["end"])) for r in rows]

    def tables(self, report_id: str) -> list[StoredTable]:
        rows = self._db.execute(
            "SELECT caption, unit, mapping, columns, rows, identities, failed, start FROM tables WHERE report_id=? ORDER BY seq",
            (report_id,),
        )
        return [
            StoredTable(r["caption"], r["unit"], r["mapping"], tuple(json.loads(r["columns"])),
                        tuple(tuple(x) for x in json.loads(r["rows"])), tuple(json.loads(r["identities"])),
                        tuple(FailedCheck(**f) for f in json.loads(r["failed"])), int(r["start"] or 0))
            for r in rows
        ]

    def entities(self) -> list[str]:
        """Every organisation a figure is attributed to (table rows, sentence subjects)."""
        return [r["entity"] for r in self._db.execute("SELECT DISTINCT entity FROM figures WHERE entity IS NOT NULL")]

    def integrity_problems(self) -> list[str]:
        """What the database itself finds wrong (`reportqa doctor`), in words."""
        problems = []
        if self._db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            problems.append("SQLite 报告数据库损坏（PRAGMA integrity_check）")
        if self._db.execute("PRAGMA foreign_key_check").fetchall():
            problems.append("有记录指向已不存在的报告")
        orphans = self._db.execute(
            "SELECT count(*) FROM figures WHERE chunk_id IS NOT NULL AND chunk_id NOT IN (SELECT id FROM chunks)"
        ).fetchone()[0]
        if orphans:
            problems.append(f"有 {orphans} 个数字指向已不存在的段落")
        return problems

    def stored_counts(self, report_id: str) -> tuple[int, int, int, int]:
        """The report's figures, chunks, sections and tables as rows actually stored (its record says how
        many there should be)."""
        counts = self._db.execute(
            "SELECT (SELECT count(*) FROM figures WHERE report_id=?), (SELECT count(*) FROM chunks WHERE report_id=?),"
            " (SELECT count(*) FROM sections WHERE report_id=?), (SELECT count(*) FROM tables WHERE report_id=?)",
            (report_id, report_id, report_id, report_id),
        ).fetchone()
        return int(counts[0]), int(counts[1]), int(counts[2]), int(counts[3])

    def drop_orphan_figures(self) -> int:
        """Delete figures whose chunk is gone; how many."""
        with self._db:
            return int(self._db.execute(
                "DELETE FROM figures WHERE chunk_id IS NOT NULL AND chunk_id NOT IN (SELECT id FROM chunks)").rowcount)

    def report_rows(self, report_id: str) -> dict[str, tuple[list[str], list[tuple[object, ...]]]]:
        """Every row of one report, table by table (REPORT_TABLES), with the table's columns as they are
        (a column a migration added comes too; one the target numbers itself does not)."""
        rows: dict[str, tuple[list[str], list[tuple[object, ...]]]] = {}
        for table, key in REPORT_TABLES.items():
            columns = [r["name"] for r in self._db.execute(f"PRAGMA table_info({table})")
                       if r["name"] not in GENERATED.get(table, ())]
            names = ", ".join(f'"{c}"' for c in columns)
            found = self._db.execute(f"SELECT {names} FROM {table} WHERE {key} = ?", (report_id,)).fetchall()
            rows[table] = (columns, [tuple(r[c] for c in columns) for r in found])
        return rows

    def statement_vector_items(self, model: str) -> tuple[list[str], np.ndarray]:
        """Every stored statement vector of a model: (keys, matrix)."""
        rows = self._db.execute("SELECT key, vector FROM statement_vectors WHERE model = ?", (model,)).fetchall()
        if not rows:
            return [], np.zeros((0, 0), dtype=np.float32)
        return [r["key"] for r in rows], np.stack([np.frombuffer(r["vector"], dtype=np.float32) for r in rows])

    def counts(self) -> dict[str, int]:
        return {
            name: int(self._db.execute(f"SELECT count(*) AS n FROM {name}").fetchone()["n"])  # noqa: S608 - fixed names
            for name in ("reports", "chunks", "figures")
        }
