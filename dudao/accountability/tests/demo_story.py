"""The accountability demo (issue 16): a red result's suggested case for 南岸区's office, and a 民办
kindergarten's cases with the measures only private schools get (撤换负责人 referred to the approving
authority; 纳入诚信记录、从业禁止 for its 举办者); loading again changes nothing."""

import io

from django.core.management import call_command
from django.test import Client

from dudao.accountability import demo
from dudao.accountability.models import AccountabilityCase
from dudao.accounts.models import User


def check_demo_suggested_case_and_private_school_measures():
    call_command("demo", "--quiet-logins", stdout=io.StringIO())
    suggested = AccountabilityCase.objects.get(status="suggested")
    assert suggested.source_target.colour == "red" and suggested.source_target.unit == suggested.unit
    school_case, person_case = AccountabilityCase.objects.filter(title=demo.PRIVATE_CASE_TITLE).order_by("id")
    assert school_case.measures == ["public_criticism", "replace_head"] and school_case.approval_referred_on
    assert "practice_ban" in person_case.measures and person_case.person_name
    office = Client()
    office.force_login(User.objects.get(username="nanan_office"))
    html = office.get(suggested.get_absolute_url()).content.decode()
    assert 'value="confirm"' in html and 'value="dismiss"' in html
    count = AccountabilityCase.objects.count()
    call_command("demo", "--quiet-logins", stdout=io.StringIO())
    assert AccountabilityCase.objects.count() == count
