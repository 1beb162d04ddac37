"""公文 as data (C1, 条例 Arts. 15, 19–22): the notice, the preliminary opinion, the opinion letter
and the report are assembled from the task's rows; the page shows an HTML preview / print view.
The data follow the shapes of ``dudao.documents.contexts`` so the documents module can issue them."""

from django.utils.translation import gettext_lazy as _

from .choices import TeamRole

KINDS = {
    "notice": _("督导通知书"),
    "preliminary": _("督导初步意见"),
    "letter": _("督导意见书"),
    "report": _("督导报告"),
}


def document_title(task, kind: str) -> str:
    """The task's title followed by the document's name, without saying 督导 twice:
    "…专项督导" + "督导报告" → "…专项督导报告"."""
    name = str(KINDS[kind])
    if task.title.endswith("督导") and name.startswith("督导"):
        name = name.removeprefix("督导")
    return f"{task.title}{name}"


def assemble(task, kind: str, targets=None) -> dict:
    """The document's content as plain data (title, addressees, sections of paragraphs). ``targets``:
    the targets the reader may see (a school is shown its own result only, never another's:
    ``TaskTarget.objects.for_user``); default all of the task's."""
    targets = list(task.targets.select_related("unit") if targets is None else targets)
    team = list(task.team.select_related("inspector"))
    leader = next((m.inspector.name for m in team if m.role == TeamRole.LEADER), "")
    findings = list(task.ledger_items.order_by("target_id", "id"))  # the problems the team recorded
    units = "、".join(t.unit.name for t in targets)
    doc = {"title": document_title(task, kind), "issuer": task.office.name, "to": units, "sections": []}
    if kind == "notice":
        doc["sections"] = [
            {"heading": "督导事项", "paragraphs": [f"根据《教育督导条例》，{task.office.name}定于"
                                               f"{task.start_date or '（待定）'}起对你单位开展{task.get_kind_display()}。",
                                               f"督导主题：{task.topic or task.title}。"]},
            {"heading": "督导组", "paragraphs": [f"组长：{leader or '（待定）'}；成员：" +
                                              "、".join(m.inspector.name for m in team if m.role != TeamRole.LEADER)]},
            {"heading": "有关要求", "paragraphs": ["请按要求做好自评和材料准备。" if task.requires_self_evaluation
                                               else "请做好迎接实地督导的准备。"]},
        ]
    else:
        for t in targets:
            paras = []
            if t.score is not None:
                paras.append(f"得分 {t.score}，等级 {t.grade or '—'}（指标体系：{t.result_version}）。")
            if t.evaluation:
                paras.append(t.evaluation)
            for f in findings:
                if f.target_id == t.pk:
                    paras.append(f"问题：{f.description} 整改要求：{f.requirement}（{f.deadline}前）。")
            if kind in ("letter", "report") and t.objection:
                paras.append(f"申辩意见：{t.objection}")
            doc["sections"].append({"heading": t.unit.name, "paragraphs": paras or ["—"]})
        if kind == "report":
            doc["sections"].insert(0, {"heading": "总体情况", "paragraphs": [task.report_summary or "（待填写）"]})
        if kind == "preliminary":
            doc["sections"].append({"heading": "申辩", "paragraphs": [
                "如有异议，请在申辩期内提出书面申辩意见。"]})
    return doc


# ---- issuing through the documents module (typed contexts in dudao.documents.contexts) ----------
DOCUMENT_KIND = {"notice": "inspection_notice", "preliminary": "preliminary_opinion", "letter": "opinion_letter",
                 "report": "report"}
PER_TARGET = ("notice", "preliminary", "letter")


def _target_findings(task, target):
    return list(target.ledger_items.order_by("id"))


def issue_context(task, kind: str, target=None) -> dict:
    """The documents module's context for ``kind`` (per target for notice / opinions)."""
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    base = {"signed_on": today.isoformat(), "issuer": task.office.name}
    if kind == "report":
        doc = assemble(task, "report")
        return {**base, "title": doc["title"], "recipients": f"{task.region.name}人民政府",
                "overview": task.report_summary or doc["title"],
                "sections": [{"heading": s["heading"][:100], "paragraphs": s["paragraphs"]} for s in doc["sections"][1:]]
                or [{"heading": "督导情况", "paragraphs": ["—"]}]}
    team = list(task.team.select_related("inspector"))
    findings = _target_findings(task, target)
    if kind == "notice":
        start = task.start_date or today
        return {**base, "recipient": target.unit.name, "inspection_name": task.title, "start_date": start.isoformat(),
                "end_date": (task.end_date or start).isoformat(),
                "team_leader": next((m.inspector.name for m in team if m.role == TeamRole.LEADER), "—"),
                "members": [m.inspector.name for m in team if m.role != TeamRole.LEADER],
                "contents": [task.topic or task.title],
                "materials": ["自评报告及佐证材料"] if task.requires_self_evaluation else []}
    problems = [f.description for f in findings] or ["未发现需要整改的问题"]
    strengths = [target.evaluation] if target.evaluation else []
    if kind == "preliminary":
        dates = f"{task.start_date or today}"
        return {**base, "recipient": target.unit.name, "inspection_name": task.title, "visit_dates": dates,
                "strengths": strengths, "problems": problems}
    deadline = max((f.deadline for f in findings), default=today + datetime.timedelta(days=30))
    summary = target.evaluation or task.title
    if target.score is not None:
        summary = f"{summary}（得分{target.score}，等级{target.grade or '—'}）"
    return {**base, "recipient": target.unit.name, "inspection_name": task.title, "summary": summary[:2000],
            "strengths": strengths, "problems": problems,
            "requirements": [f"{f.requirement}（{f.deadline}前）" for f in findings], "deadline": deadline.isoformat()}


def task_documents_issue(*, actor, task, kind: str) -> list:
    """签发 the task's ``kind`` through the documents module: one per target for the notice and the
    opinions, one report for the task. All or nothing; linked to the task."""
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from dudao.documents.services import document_issue

    if kind == "notice" and task.is_covert:
        raise ValidationError({"kind": "暗访任务不向被督导单位发督导通知书"})
    with transaction.atomic():
        if kind == "report":
            return [document_issue(actor=actor, office=task.office, kind="report",
                                   context=issue_context(task, kind), related=task)]
        return [document_issue(actor=actor, office=task.office, kind=DOCUMENT_KIND[kind],
                               context=issue_context(task, kind, target), related=task)
                for target in task.targets.select_related("unit")]
