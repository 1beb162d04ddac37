"""An inspector's visits of the published plans as an iCalendar feed (RFC 5545), written by hand:
all-day events, one per visit, at a secret token URL a phone's calendar subscribes to."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _


def _escape(text: str) -> str:
    return (str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n"))


def _fold(line: str) -> list[str]:
    """Lines of at most 75 octets (RFC 5545 §3.1), continuation lines start with a space."""
    out, current = [], ""
    for ch in line:
        limit = 75 if not out else 74
        if len((current + ch).encode()) > limit:
            out.append(current)
            current = ch
        else:
            current += ch
    out.append(current)
    return [out[0]] + [" " + part for part in out[1:]]


def feed(inspector, visits, host: str = "dudao") -> str:
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    name = _("%(n)s的督导日程") % {"n": inspector.name}
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Dudao//Planner//ZH", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{_escape(name)}"]
    for v in visits:
        team = "、".join(i.name for i in v.inspectors.all())
        summary = f"{v.get_kind_display()}：{v.school.name}"
        if v.unannounced:
            summary += _("（暗访，勿外传）")
        description = _("督学：%(t)s") % {"t": team}
        if v.leader_id:
            description += "\n" + _("组长：%(l)s") % {"l": v.leader.name}
        lines += ["BEGIN:VEVENT", f"UID:planvisit-{v.pk}@{host}", f"DTSTAMP:{stamp}",
                  f"DTSTART;VALUE=DATE:{v.date:%Y%m%d}",
                  f"DTEND;VALUE=DATE:{v.date + datetime.timedelta(days=1):%Y%m%d}",
                  f"SUMMARY:{_escape(summary)}", f"LOCATION:{_escape(v.school.name)}",
                  f"DESCRIPTION:{_escape(description)}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(part for line in lines for part in _fold(line)) + "\r\n"
