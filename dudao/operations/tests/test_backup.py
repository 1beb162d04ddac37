"""Backups and the restore drill (issue 18 item 3): a backup restored into a fresh database and an
empty directory has every row of every table and every file, byte for byte; the drill says so, and
says what is missing when a backup lost something; retention keeps the newest."""

import io
import json
import tarfile
from datetime import datetime, timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from dudao.operations import backup as ops
from dudao.orgs.models import Unit
from dudao.testing import file_factories as ff
from dudao.testing.factories import UnitFactory

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump is another session: it sees committed rows


def _world(tree):
    UnitFactory(region=tree["nanan"], name="备份测试学校")
    default_storage.save("attachments/2026/12/photo.png", ContentFile(ff.png_bytes()))
    default_storage.save("documents/2026/12/报告.pdf", ContentFile(ff.PDF))


def test_backup_restores_every_row_and_file(tree, tmp_path):
    _world(tree)
    out = io.StringIO()
    call_command("backup", dest=str(tmp_path / "b"), stdout=out)
    assert "备份完成" in out.getvalue()
    (taken,) = ops.backups(tmp_path / "b")
    manifest = json.loads((taken / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["vendor"] == connection.vendor
    assert manifest["tables"]["orgs_unit"] == Unit.objects.count() >= 1
    assert set(manifest["files"]) == {"attachments/2026/12/photo.png", "documents/2026/12/报告.pdf"}
    assert ["orgs", max(n for a, n in manifest["migrations"] if a == "orgs")] in manifest["migrations"]

    out = io.StringIO()
    call_command("restore_drill", dest=str(tmp_path / "b"), stdout=out)
    assert "恢复演练通过" in out.getvalue()
    report = ops.drill(taken)
    assert report.ok and report.files == 2 and report.rows == sum(manifest["tables"].values())


def test_the_drill_fails_on_a_backup_that_lost_a_file(tree, tmp_path):
    _world(tree)
    taken = ops.backup(tmp_path / "b").path
    with tarfile.open(taken / "media.tar") as tar:  # the tar without the PDF
        kept = [(m, tar.extractfile(m).read()) for m in tar.getmembers() if not m.name.endswith(".pdf")]
    with tarfile.open(taken / "media.tar", "w") as tar:
        for member, data in kept:
            tar.addfile(member, io.BytesIO(data))
    with pytest.raises(CommandError, match="恢复演练未通过"):
        call_command("restore_drill", backup=str(taken), stdout=io.StringIO(), stderr=io.StringIO())
    assert ops.drill(taken).problems == ["缺少文件 documents/2026/12/报告.pdf"]


def test_the_drill_fails_when_rows_are_missing(tree, tmp_path):
    _world(tree)
    taken = ops.backup(tmp_path / "b").path
    manifest = json.loads((taken / "manifest.json").read_text(encoding="utf-8"))
    manifest["tables"]["orgs_unit"] += 1  # the restored database has one row fewer than the manifest says
    (taken / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (problem,) = ops.drill(taken).problems
    assert problem.startswith("数据表 orgs_unit：应有")


def test_restore_refuses_a_directory_that_is_not_empty(tree, tmp_path):
    _world(tree)
    taken = ops.backup(tmp_path / "b").path
    media = tmp_path / "media-restored"
    media.mkdir()
    (media / "keep.txt").write_text("x")
    with pytest.raises(CommandError, match="文件目录不是空的"):
        call_command("restore", str(taken), database=str(tmp_path / "x.sqlite3"), media=str(media))
    assert (media / "keep.txt").read_text() == "x"


def test_retention_keeps_the_newest_and_removes_the_old(tmp_path):
    now = datetime(2026, 12, 7, 2, 15)
    for days in (0, 1, 2, 40, 41, 60):
        path = tmp_path / f"dudao-{(now - timedelta(days=days)).strftime(ops.STAMP)}"
        path.mkdir()
        (path / "manifest.json").write_text("{}")
    (tmp_path / ".partial-abc").mkdir()  # an interrupted backup is not a backup
    removed = ops.prune(tmp_path, keep_days=30, keep_min=4, now=now)
    assert [p.name for p in removed] == [f"dudao-{(now - timedelta(days=d)).strftime(ops.STAMP)}" for d in (60, 41)]
    assert len(ops.backups(tmp_path)) == 4  # day 40 is old but kept: never fewer than keep_min
