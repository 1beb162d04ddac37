"""Demo frameworks: every shipped national library, plus 南岸区's own 立德树人指标体系 2.0 derived
from the national 立德树人 framework (S4 #17) and published by the 南岸区 office."""

from dudao.orgs.models import Unit
from dudao.regions.models import Region

from .choices import VersionStatus
from .models import Framework, FrameworkVersion
from .services import (
    framework_version_derive,
    framework_version_mark_used,
    library_load,
    load_shipped_libraries,
)
from .workflows import framework_version_publish

NANAN_KEY = "urn:dudao:500108:lide-shuren-2"
NANAN_NAME = "南岸区学校落实立德树人根本任务督导指标体系2.0"


def derive_nanan(source: FrameworkVersion) -> FrameworkVersion:
    nanan = Region.objects.get(code="500108")
    office = Unit.objects.filter(region=nanan, kind="office").first()
    version = FrameworkVersion.objects.filter(framework__key=NANAN_KEY).order_by("-version").first()
    if version is None:
        version = framework_version_derive(
            actor=None, source=source, key=NANAN_KEY, name=NANAN_NAME, region=nanan, owner_unit=office,
            description="南岸区在全国立德树人督导评估框架基础上完善的指标体系2.0（S4 #17）：七个方面，"
                        "增加“依法治校办学”观测，三色督导（S4 #5）：绿色赋能、黄色预警、红色问责。",
        )
        from .exchange import version_to_library

        data = version_to_library(version)
        # 南岸区's local emphasis: rule-of-law school governance as an extra observed item in A2.
        for area in data["indicators"]:
            if area["code"] == "A2":
                area["children"].append({
                    "code": "A2-4", "name": "依法治校办学（“枫桥经验”教育督导实践）", "weight": 20, "method": "levels",
                    "basis": "大足区《2021年教育督导工作要点》（大足教发〔2021〕20号）第11项（S3 #11，依法治校办学）；"
                             "《2025年南岸区教育督导工作要点》第7项（S4 #7，“枫桥经验”教育督导实践）",
                    "levels": area["children"][0]["levels"],
                    "observation_points": ["小事自我督导解决", "难事督导协调解决", "大事多方联动解决"],
                })
        version, _changed = library_load(actor=None, data=data, region=nanan, owner_unit=office, publish=False)
    if version.status == VersionStatus.DRAFT:
        version = framework_version_publish(actor=None, version=version)
    return version


def load(context, stdout):
    results = load_shipped_libraries()
    source = FrameworkVersion.objects.get(framework__key="urn:dudao:cn:lide-shuren", version=1)
    derive_nanan(source)
    # Until supervision tasks exist, one demo use shows "where used" and the lock on a version.
    regular = FrameworkVersion.objects.get(framework__key="urn:dudao:cn:guapai-regular", version=1)
    framework_version_mark_used(actor=None, version=regular, object_type="demo.plan", object_id="nanan-2025-autumn",
                                label="南岸区2025年秋季学期责任督学经常性督导（演示）",
                                region=Region.objects.get(code="500108"))
    stdout.write(f"指标体系：共 {Framework.objects.count()} 个（随附库 {len(results)} 个，含南岸区本地版本）")
