"""Demo incentives (E6): from the green result of the 南岸区 课后服务 special supervision, the best
school is commended (表彰), its practice becomes a published good-practice case for the portal,
and on that commendation it is exempt from comprehensive supervision and evaluation for a year.
Loading again changes nothing."""

import datetime

from django.utils import timezone

from dudao.inspections.choices import TaskKind
from dudao.inspections.models import SupervisionExemption

from . import selectors, services, workflows
from .models import Commendation, GoodPracticeCase

TASK_TITLE = "2025年南岸区义务教育学校课后服务专项督导"
COMMENDATION_TITLE = "课后服务工作成效突出，予以表彰"
CASE_TITLE = "“五育融合”课后服务的校本实践"


def load(context, stdout):
    target = (selectors.green_results(None).filter(task__title=TASK_TITLE).select_related("task__office")
              .order_by("-score", "id").first())
    if target is None:
        stdout.write("督导激励：缺少演示督导任务的绿色结果，跳过")
        return
    today = timezone.localdate()
    unit, office = target.unit, target.task.office
    commendation = Commendation.objects.filter(unit=unit, title=COMMENDATION_TITLE).first()
    if commendation is None:
        commendation = services.commendation_create(
            actor=None, office=office, level="honour", subject_kind="unit", unit=unit, title=COMMENDATION_TITLE,
            issued_on=today, basis_kind="green_result", basis_target=target,
            basis_text="课后服务专项督导结果为绿色（优秀），课程丰富、管理规范、家长满意度高。")
    if not GoodPracticeCase.objects.filter(source_target=target, title=CASE_TITLE).exists():
        case = services.case_create(
            actor=None, source_target=target, title=CASE_TITLE, publishable=True,
            summary="以“一校一案”统筹课后服务：基础托管与体育、艺术、科技社团相结合，家长自愿选择，收费公开透明。",
            content="一、整体设计：学校成立课后服务领导小组，按年级制定服务方案。\n"
                    "二、课程供给：开设体育、艺术、科技等社团28个，引入校外优质资源须经审核。\n"
                    "三、规范管理：收费标准在校门口和学校网站公示，严禁集体补课。\n"
                    "四、成效：学生参与率达95%，家长满意度98%。")
        workflows.case_publish(actor=None, case=case, note="演示数据")
    if not SupervisionExemption.objects.filter(unit=unit, incentive__commendation=commendation).exists():
        services.exemption_grant(
            actor=None, unit=unit, valid_from=today, valid_to=today + datetime.timedelta(days=365),
            reason="课后服务专项督导结果优秀并受表彰，一年内免于综合督导和督导评估",
            task_kinds=[TaskKind.COMPREHENSIVE, TaskKind.EVALUATION], commendation=commendation, today=today)
    stdout.write(f"督导激励：表彰 {Commendation.objects.count()} 项，典型经验 {GoodPracticeCase.objects.count()} 个，"
                 f"免除督导 {SupervisionExemption.objects.count()} 项")
