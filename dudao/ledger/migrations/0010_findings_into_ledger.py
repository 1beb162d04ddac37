"""One problem, one record (2/3): every finding becomes (or is merged onto) its ledger item. A finding
without one becomes a draft if its task has not reached the opinion letter, else an issued item with
its ``issue`` history line. Separate from the schema changes so PostgreSQL alters no table with
pending trigger events."""

from django.db import migrations


#: Task states before the opinion letter: a task's problems are not yet binding there.
PRE_LETTER = ("draft", "notified", "self_evaluation", "on_site", "preliminary_opinion", "objection_window")


def findings_into_ledger(apps, schema_editor):
    Finding = apps.get_model("inspections", "Finding")
    TaskTarget = apps.get_model("inspections", "TaskTarget")
    LedgerItem = apps.get_model("ledger", "LedgerItem")
    LedgerEvent = apps.get_model("ledger", "LedgerEvent")
    for f in Finding.objects.select_related("task", "responsible_unit").order_by("pk").iterator():
        item = LedgerItem.objects.filter(finding_id=f.pk).first()
        if item is None:
            draft = f.task_id is not None and f.task.status in PRE_LETTER
            item = LedgerItem.objects.create(
                source="task" if f.task_id else "visit", source_reference=f.task.title if f.task_id else "",
                unit_id=f.responsible_unit_id, region_path=f.responsible_unit.region_path,
                description=f.description, category=f.category, severity=f.severity, routing=f.routing,
                requirement=f.requirement, deadline=f.deadline, original_deadline=f.deadline,
                status="draft" if draft else "issued", created_by_id=f.created_by_id)
            LedgerItem.objects.filter(pk=item.pk).update(created_at=f.created_at)
            if not draft:
                LedgerEvent.objects.create(item=item, action="issue", to_status="issued",
                                           data={"finding": f.pk, "deadline": f.deadline.isoformat()})
        item.task_id = f.task_id
        item.visit_id = f.visit_id
        item.target = (TaskTarget.objects.filter(task_id=f.task_id, unit_id=f.unit_id).first()
                       if f.task_id else None)
        item.indicator_code = f.indicator_code
        item.found_evidence = f.evidence
        item.save(update_fields=["task", "visit", "target", "indicator_code", "found_evidence"])
        item.departments.set(f.departments.all())


class Migration(migrations.Migration):

    dependencies = [
        ("ledger", "0009_problem_record"),
    ]

    operations = [
        migrations.RunPython(findings_into_ledger, migrations.RunPython.noop),
    ]
