"""The demo as a whole: the first load prints the logins; loading again changes nothing; each office
sees its own county only. Run by ``tests/test_demo_stories.py`` on the once-loaded demo."""

from django.core.management import call_command
from django.test import Client

from dudao.accounts.models import RoleAssignment, User
from dudao.orgs.models import Unit
from dudao.regions.models import Region


def check_demo_is_idempotent_and_scoped(out):
    """``out``: what the first ``manage.py demo`` printed."""
    counts = (Region.objects.count(), Unit.objects.count(), User.objects.count(), RoleAssignment.objects.count())
    assert "nanan_office" in out and "Demo@2025" in out
    call_command("demo")
    assert counts == (Region.objects.count(), Unit.objects.count(), User.objects.count(),
                      RoleAssignment.objects.count())
    nanan_schools = Unit.objects.filter(region_path__startswith="/500000/500108/", kind__in=["school", "kindergarten"])
    assert 55 <= nanan_schools.count() <= 70
    client = Client()
    assert client.post("/accounts/login/", {"login": "nanan_office", "password": "Demo@2025"}).status_code == 302
    page = client.get("/units/", {"q": "大渡口"}).content.decode()
    assert "大渡口" not in page.split("<tbody>")[1]  # the neighbouring county is invisible
    assert "重庆市南岸区珊瑚实验小学" in client.get("/units/", {"q": "珊瑚"}).content.decode()
    cq = Client()
    cq.post("/accounts/login/", {"login": "cq_office", "password": "Demo@2025"})
    assert "大渡口区" in cq.get("/units/", {"q": "大渡口"}).content.decode()


