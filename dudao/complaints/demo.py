"""Demo complaints (runs after the inspectors' and the ledger's demo): two sent from 南岸区 schools'
public pages by QR code — one about a school's problem, one about its responsible inspector — and
one 12345 hotline entry registered by the office, all still 未处理 for a user to triage (受理 into
the ledger, 不予受理) or handle in the browser (nanan_office). Loading again changes nothing."""

from dudao.inspectors.models import Posting
from dudao.orgs.choices import SCHOOL_KINDS
from dudao.orgs.models import Unit
from dudao.regions.models import Region

from . import services
from .choices import ComplaintKind, ComplaintSource
from .models import Complaint


def load(context, stdout):
    nanan = Region.objects.filter(code="500108").first()
    if nanan is None or Complaint.objects.exists():
        return
    schools = list(Unit.objects.filter(kind__in=SCHOOL_KINDS, region_path__startswith=nanan.path, is_active=True)
                   .order_by("region_path", "name"))
    if len(schools) < 11:
        return
    for school, kind, text in [
        (schools[3], ComplaintKind.PROBLEM, "学校周边上下学时段交通拥堵，存在安全隐患，希望责任督学关注。"),
        (schools[10], ComplaintKind.INSPECTOR, "本学期未见责任督学到校，家长反映的食堂问题无人回应。"),
    ]:
        posting = Posting.objects.filter(school=school, end_date__isnull=True).select_related("inspector").first()
        services.complaint_submit(school=school, kind=kind, content=text, contact_name="家长",
                                  inspector=posting.inspector if posting else None, source=ComplaintSource.QR)
    services.complaint_register(actor=None, unit=schools[5], source=ComplaintSource.HOTLINE, reference="12345-0902-015",
                                content="家长来电反映学校周六组织初三学生到校集体补课，每人收取资料费。",
                                contact_name="王女士", contact_phone="13800001234")
    stdout.write(f"举报投诉：{Complaint.objects.count()} 件待处理（南岸区）")
