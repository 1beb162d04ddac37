"""Backups, restore and the restore drill (issue 18 item 3, docs/reliability.md).

A backup is one directory ``dudao-<YYYYmmdd-HHMMSS>/`` holding

- ``database.dump`` — ``pg_dump --format=custom`` of the PostgreSQL database, or ``database.sqlite3``
  — a consistent copy by SQLite's online backup API;
- ``media.tar`` — every stored file (attachments, generated documents) under ``MEDIA_ROOT``;
- ``manifest.json`` — what a restore must find: the row count of every table, every file's size and
  SHA-256, the newest migration of every app, when and from where it was taken.

``restore`` loads a backup into an *empty* database and media directory (it refuses a database that
has tables); ``drill`` restores the newest backup into a scratch database and a temporary directory,
compares them with the manifest, drops the scratch copy and reports — the drill passes only when every
row count and every file matches. Retention keeps ``keep_days`` of backups but never fewer than
``keep_min``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

PREFIX = "dudao-"
STAMP = "%Y%m%d-%H%M%S"


class BackupError(Exception):
    """A backup or restore step failed; the message is for the operator (Chinese first)."""


# --- the database -------------------------------------------------------------------------------


def _vendor(db: dict) -> str:
    engine = db["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"不支持的数据库引擎：{engine}")


def _pg_env(db: dict) -> dict:
    env = {**os.environ}
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def _run(cmd: list[str], env: dict | None = None) -> None:
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if proc.returncode:
        raise BackupError(f"{cmd[0]} 失败（{proc.returncode}）：{proc.stderr.strip()[:2000]}")


def table_counts(conn) -> dict[str, int]:
    """Row count of every table of the database behind a DB-API connection (sqlite3 or psycopg)."""
    cur = conn.cursor()
    if isinstance(conn, sqlite3.Connection):
        cur.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
        quote = '"{}"'.format
    else:
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        quote = '"{}"'.format
    names = sorted(r[0] for r in cur.fetchall())
    counts = {}
    for name in names:
        cur.execute(f"SELECT COUNT(*) FROM {quote(name)}")
        counts[name] = cur.fetchone()[0]
    return counts


def _dump_database(db: dict, dest: Path) -> tuple[str, dict[str, int]]:
    """Dump the database into ``dest``; returns the file's name and the row counts *of the dump*
    (PostgreSQL: counted in the snapshot pg_dump reads, exported from a REPEATABLE READ transaction;
    SQLite: counted in the copy), so writes during the backup cannot make the manifest disagree."""
    vendor = _vendor(db)
    if vendor == "postgresql":
        target = dest / "database.dump"
        with _pg_connect(db, db["NAME"]) as conn:
            conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
            counts = table_counts(conn)
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                  f"--file={target}", db["NAME"]], env=_pg_env(db))
            conn.rollback()
        return target.name, counts
    target = dest / "database.sqlite3"
    connection.ensure_connection()
    out = sqlite3.connect(target)
    try:
        connection.connection.backup(out)  # SQLite's online backup: a consistent copy while others write
        counts = table_counts(out)
    finally:
        out.close()
    return target.name, counts


# --- files --------------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def file_inventory(root: Path) -> dict[str, dict]:
    """{relative path: {"size", "sha256"}} of every file under ``root``."""
    inventory = {}
    if not root.exists():
        return inventory
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        inventory[path.relative_to(root).as_posix()] = {"size": path.stat().st_size, "sha256": _sha256(path)}
    return inventory


# --- backup -------------------------------------------------------------------------------------


@dataclass
class Backup:
    path: Path
    manifest: dict


def _migration_leaves() -> list[list[str]]:
    from django.db.migrations.recorder import MigrationRecorder

    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return sorted([app, name] for app, name in latest.items())


def backup(dest_dir: Path | str, *, keep_days: int = 30, keep_min: int = 7, now: datetime | None = None) -> Backup:
    """Take one backup into ``dest_dir`` and apply the retention; returns it with its manifest."""
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    now = now or timezone.localtime()
    final = dest_dir / f"{PREFIX}{now.strftime(STAMP)}"
    if final.exists():
        raise BackupError(f"备份目录已存在：{final}")
    work = Path(tempfile.mkdtemp(prefix=".partial-", dir=dest_dir))  # renamed only when complete
    try:
        db = connection.settings_dict
        database_file, counts = _dump_database(db, work)  # first: every file it names exists by now
        media_root = Path(settings.MEDIA_ROOT)
        files = file_inventory(media_root)
        with tarfile.open(work / "media.tar", "w") as tar:
            for rel in files:
                tar.add(media_root / rel, arcname=rel, recursive=False)
        manifest = {
            "format": 1,
            "created_at": now.isoformat(),
            "vendor": _vendor(db),
            "database_file": database_file,
            "tables": counts,
            "files": files,
            "migrations": _migration_leaves(),
        }
        (work / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        work.rename(final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    prune(dest_dir, keep_days=keep_days, keep_min=keep_min, now=now)
    return Backup(final, manifest)


def backups(dest_dir: Path | str) -> list[Path]:
    """Complete backups in ``dest_dir``, oldest first."""
    dest_dir = Path(dest_dir)
    if not dest_dir.exists():
        return []
    return sorted(p for p in dest_dir.iterdir() if p.is_dir() and p.name.startswith(PREFIX)
                  and (p / "manifest.json").exists())


def prune(dest_dir: Path | str, *, keep_days: int, keep_min: int, now: datetime | None = None) -> list[Path]:
    """Remove backups older than ``keep_days``, always keeping the ``keep_min`` newest."""
    now = now or timezone.localtime()
    found = backups(dest_dir)
    removable = found[:-keep_min] if keep_min else found
    removed = []
    for path in removable:
        taken = datetime.strptime(path.name[len(PREFIX):], STAMP)
        if timezone.is_aware(now):
            taken = timezone.make_aware(taken, timezone.get_current_timezone())
        if now - taken > timedelta(days=keep_days):
            shutil.rmtree(path)
            removed.append(path)
    return removed


# --- restore and drill --------------------------------------------------------------------------


def _pg_admin(db: dict, sql: str) -> None:
    import psycopg

    params = {k: db[v] for k, v in (("host", "HOST"), ("port", "PORT"), ("user", "USER"), ("password", "PASSWORD"))
              if db.get(v)}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(sql)


def _pg_connect(db: dict, name: str):
    import psycopg

    params = {k: db[v] for k, v in (("host", "HOST"), ("port", "PORT"), ("user", "USER"), ("password", "PASSWORD"))
              if db.get(v)}
    return psycopg.connect(dbname=name, **params)


def restore(backup_dir: Path | str, *, database: str, media_root: Path | str) -> None:
    """Load a backup into an empty database (a PostgreSQL database name on the server of the
    configured one — created when missing —, or an SQLite file path) and an empty media directory."""
    backup_dir, media_root = Path(backup_dir), Path(media_root)
    manifest = json.loads((backup_dir / "manifest.json").read_text(encoding="utf-8"))
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"文件目录不是空的，拒绝覆盖：{media_root}")
    db = connection.settings_dict
    if manifest["vendor"] == "postgresql":
        if _vendor(db) != "postgresql":
            raise BackupError("PostgreSQL 的备份只能恢复到 PostgreSQL。")
        try:
            _pg_admin(db, f'CREATE DATABASE "{database}"')
        except Exception:  # it exists: it must be empty
            with _pg_connect(db, database) as conn:
                if table_counts(conn):
                    raise BackupError(f"数据库 {database} 不是空的，拒绝覆盖。") from None
        _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", f"--dbname={database}",
              str(backup_dir / manifest["database_file"])], env=_pg_env(db))
    else:
        target = Path(database)
        if target.exists() and target.stat().st_size:
            raise BackupError(f"数据库文件已存在，拒绝覆盖：{target}")
        shutil.copyfile(backup_dir / manifest["database_file"], target)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(backup_dir / "media.tar") as tar:
        tar.extractall(media_root, filter="data")


@dataclass
class DrillReport:
    backup: Path
    tables: int = 0
    rows: int = 0
    files: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(manifest: dict, counts: dict[str, int], media_root: Path) -> list[str]:
    """What differs between a manifest and a restored database's counts and media directory."""
    problems = []
    for table, expected in sorted(manifest["tables"].items()):
        got = counts.get(table)
        if got is None:
            problems.append(f"缺少数据表 {table}")
        elif got != expected:
            problems.append(f"数据表 {table}：应有 {expected} 行，恢复后 {got} 行")
    restored = file_inventory(media_root)
    for rel, facts in sorted(manifest["files"].items()):
        got = restored.get(rel)
        if got is None:
            problems.append(f"缺少文件 {rel}")
        elif got != facts:
            problems.append(f"文件 {rel} 与备份时不一致（大小或 SHA-256 不同）")
    return problems


def drill(backup_dir: Path | str | None = None, *, dest_dir: Path | str | None = None) -> DrillReport:
    """Restore a backup (default: the newest in ``dest_dir``) into a scratch database and directory,
    verify it against its manifest, and remove the scratch copy."""
    if backup_dir is None:
        found = backups(dest_dir or settings.DUDAO_BACKUP_DIR)
        if not found:
            raise BackupError("没有可用于演练的备份。")
        backup_dir = found[-1]
    backup_dir = Path(backup_dir)
    manifest = json.loads((backup_dir / "manifest.json").read_text(encoding="utf-8"))
    report = DrillReport(backup_dir)
    db = connection.settings_dict
    with tempfile.TemporaryDirectory(prefix="dudao-drill-") as scratch:
        media = Path(scratch) / "media"
        if manifest["vendor"] == "postgresql":
            name = f"{db['NAME']}_restore_drill"
            _pg_admin(db, f'DROP DATABASE IF EXISTS "{name}"')
            try:
                restore(backup_dir, database=name, media_root=media)
                with _pg_connect(db, name) as conn:
                    counts = table_counts(conn)
            finally:
                _pg_admin(db, f'DROP DATABASE IF EXISTS "{name}"')
        else:
            path = Path(scratch) / "restored.sqlite3"
            restore(backup_dir, database=str(path), media_root=media)
            conn = sqlite3.connect(path)
            try:
                counts = table_counts(conn)
            finally:
                conn.close()
        report.problems = verify(manifest, counts, media)
        report.tables, report.rows, report.files = len(counts), sum(counts.values()), len(manifest["files"])
    return report
