"""The tamper-evident hash chain of the audit log (等保 安全审计 c: 保护审计记录).

Each entry stores ``prev_hash`` (the hash of the entry before it, by id) and ``hash`` = SHA-256 of
``prev_hash`` and its own content in a canonical JSON form. Changing, inserting or removing a row in
the middle breaks the link at that row; ``verify()`` reports the first broken one. Entries purged
after the retention period are a prefix: the first remaining entry's ``prev_hash`` is the anchor.
"""

import hashlib
import ipaddress
import json
from dataclasses import dataclass
from datetime import UTC

#: The fields a hash covers, in order (everything but id, prev_hash and hash).
FIELDS = ("timestamp", "actor_id", "actor_username", "action", "object_type", "object_id", "object_repr",
          "before", "after", "ip", "request_id", "channel", "note")


def normalise_ip(ip):
    return str(ipaddress.ip_address(ip)) if ip else None


def content(values: dict) -> str:
    data = dict(values)
    ts = data["timestamp"]
    data["timestamp"] = ts.astimezone(UTC).isoformat(timespec="microseconds")
    data["ip"] = normalise_ip(data.get("ip"))
    return json.dumps({k: data.get(k) for k in FIELDS}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_hash(prev_hash: str, values: dict) -> str:
    return hashlib.sha256((prev_hash + "\n" + content(values)).encode()).hexdigest()


def lock(connection) -> None:
    """Serialise appends so that each entry chains to the one committed before it: a transaction
    advisory lock on PostgreSQL; SQLite's IMMEDIATE transactions already serialise writers."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(7202517)")


@dataclass
class VerifyResult:
    checked: int
    broken_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def verify(queryset) -> VerifyResult:
    """Walk ``queryset`` (the audit table) in id order; stop at the first broken link."""
    prev = None
    checked = 0
    for row in queryset.order_by("id").values("id", "prev_hash", "hash", *FIELDS).iterator(chunk_size=2000):
        if prev is not None and row["prev_hash"] != prev:
            return VerifyResult(checked, row["id"], "prev_hash")
        if entry_hash(row["prev_hash"], row) != row["hash"]:
            return VerifyResult(checked, row["id"], "content")
        prev = row["hash"]
        checked += 1
    return VerifyResult(checked)
