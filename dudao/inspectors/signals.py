"""Keep the region paths copied from units in step when a unit moves to another region
(region moves are handled by ``regions.services.region_update`` for every ``region_path``)."""

from django.db.models.signals import post_save


def _unit_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw or created or (update_fields is not None and "region_path" not in update_fields):
        return
    from .models import Complaint, Inspector, Posting, TermSession

    path = instance.region_path
    Posting.objects.filter(school=instance).exclude(region_path=path).update(region_path=path)
    Complaint.objects.filter(school=instance).exclude(region_path=path).update(region_path=path)
    Inspector.objects.filter(office=instance).exclude(region_path=path).update(region_path=path)
    TermSession.objects.filter(office=instance).exclude(region_path=path).update(region_path=path)


def connect():
    from dudao.orgs.models import Unit

    post_save.connect(_unit_saved, sender=Unit, dispatch_uid="inspectors_unit_region_path")
