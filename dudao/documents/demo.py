"""Demo data of the documents module: 发文设置 for the demo offices and a few issued documents
(a 督导意见书 and a 督办通知 of 南岸区) built from the sample data of ``samples.py``."""

from dudao.orgs.choices import UnitKind
from dudao.orgs.models import Unit

from .choices import DocumentKind
from .models import IssuedDocument, OfficeProfile
from .samples import sample
from .services import document_issue

PREFIXES = {"500000": ("渝教督", "重庆市人民政府教育督导室文件"), "500108": ("南岸教督", None),
            "500104": ("大渡口教督", None), "500111": ("大足教督", None)}


def load(context, stdout):
    offices = {u.region.code: u for u in Unit.objects.filter(kind=UnitKind.OFFICE).select_related("region")}
    for code, (prefix, mark) in PREFIXES.items():
        office = offices.get(code)
        if office is None:
            continue
        OfficeProfile.objects.get_or_create(office=office, defaults={
            "region_path": office.region_path, "number_prefix": prefix, "issuing_mark": mark or f"{office.name}文件"})
    nanan = offices.get("500108")
    if nanan is not None and not IssuedDocument.objects.filter(office=nanan).exists():
        for kind in (DocumentKind.OPINION_LETTER, DocumentKind.SUPERVISION_NOTICE, DocumentKind.REPORT):
            document_issue(actor=None, office=nanan, kind=kind, context=sample(kind))
    stdout.write(f"文书：共 {IssuedDocument.objects.count()} 份")
