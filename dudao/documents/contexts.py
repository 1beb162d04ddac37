"""Typed data of every document kind (the documented schema other modules fill in).

Each kind's data is a pydantic model; ``parse_context(kind, data)`` validates a plain dict (from
the API, a batch row, or a later module such as inspections/findings) and raises a Django
``ValidationError`` naming the field in Chinese. ``context_schema(kind)`` is the JSON schema shown
in the UI and the API. Field descriptions are the Chinese labels.
"""

from datetime import date

from django.core.exceptions import ValidationError
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic import ValidationError as PydanticValidationError

from dudao.common.api_errors import PYDANTIC_MESSAGES
from dudao.common.schemas import reject_control_chars


class _NoControlChars(BaseModel):
    """Word (XML 1.0) cannot hold a control character: refuse one in any text of a document's data
    (from the API, a batch row or another module) instead of failing while rendering."""

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_chars(cls, value):
        return reject_control_chars(value)


class Section(_NoControlChars):
    """A level-1 section of a long document: heading and paragraphs (paragraphs may start with
    （一） / 1. / （1） numbering, which selects the heading typography)."""

    model_config = ConfigDict(extra="forbid")
    heading: str = Field(..., min_length=1, max_length=100, description="标题")
    paragraphs: list[str] = Field(default_factory=list, description="段落")


class BaseContext(_NoControlChars):
    """Fields every kind shares: 署名, 成文日期, 抄送, 印发, 附件, 附注."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    issuer: str = Field("", max_length=100, description="署名（发文机关，留空则用本督导室名称）")
    signed_on: date = Field(..., description="成文日期")
    cc: list[str] = Field(default_factory=list, description="抄送机关")
    printed_by: str = Field("", max_length=100, description="印发机关（留空则用本督导室名称）")
    attachments: list[str] = Field(default_factory=list, description="附件名称")
    note: str = Field("", max_length=200, description="附注")
    label: str = Field("", max_length=100, description="名称（批量生成时用于报告失败项）")


class InspectionNoticeContext(BaseContext):
    """督导通知书: written notice sent before an inspection (条例 Art. 17)."""

    recipient: str = Field(..., min_length=1, max_length=200, description="被督导单位")
    inspection_name: str = Field(..., min_length=1, max_length=200, description="督导事项")
    start_date: date = Field(..., description="督导开始日期")
    end_date: date = Field(..., description="督导结束日期")
    team_leader: str = Field(..., min_length=1, max_length=50, description="督导组组长")
    members: list[str] = Field(default_factory=list, description="督导组成员")
    contents: list[str] = Field(default_factory=list, description="督导内容")
    materials: list[str] = Field(default_factory=list, description="需准备的材料")
    contact: str = Field("", max_length=50, description="联系人")
    phone: str = Field("", max_length=32, description="联系电话")

    @model_validator(mode="after")
    def _dates_ordered(self):
        if self.end_date < self.start_date:
            raise ValueError("督导结束日期不能早于开始日期")
        return self


class PreliminaryOpinionContext(BaseContext):
    """初步督导意见: on-site feedback at the end of a visit (E3)."""

    recipient: str = Field(..., min_length=1, max_length=200, description="被督导单位")
    inspection_name: str = Field(..., min_length=1, max_length=200, description="督导事项")
    visit_dates: str = Field(..., min_length=1, max_length=100, description="现场督导时间")
    strengths: list[str] = Field(default_factory=list, description="主要成绩")
    problems: list[str] = Field(..., min_length=1, description="存在的问题")
    suggestions: list[str] = Field(default_factory=list, description="意见建议")


class OpinionLetterContext(BaseContext):
    """督导意见书: the written conclusion with rectification requirements (E3, E10 黄色预警)."""

    recipient: str = Field(..., min_length=1, max_length=200, description="被督导单位")
    inspection_name: str = Field(..., min_length=1, max_length=200, description="督导事项")
    summary: str = Field(..., min_length=1, max_length=2000, description="督导概况")
    strengths: list[str] = Field(default_factory=list, description="主要成绩")
    problems: list[str] = Field(..., min_length=1, description="存在的问题")
    requirements: list[str] = Field(default_factory=list, description="整改要求")
    deadline: date = Field(..., description="整改报告报送期限")


class ReportContext(BaseContext):
    """督导报告 (报告): the report of a supervision, published and filed upward (E1, E2)."""

    title: str = Field(..., min_length=1, max_length=200, description="标题")
    recipients: str = Field("", max_length=300, description="主送机关")
    signer: str = Field("", max_length=50, description="签发人（上行文标注，姓名）")
    overview: str = Field(..., min_length=1, max_length=4000, description="基本情况")
    sections: list[Section] = Field(..., min_length=1, description="正文各部分")


class RectificationNoticeContext(BaseContext):
    """整改通知书: problems found and the deadline to rectify them (E3, E4)."""

    recipient: str = Field(..., min_length=1, max_length=200, description="整改单位")
    inspection_name: str = Field(..., min_length=1, max_length=200, description="督导事项")
    problems: list[str] = Field(..., min_length=1, description="存在的问题")
    requirements: list[str] = Field(default_factory=list, description="整改要求")
    deadline: date = Field(..., description="整改期限")
    contact: str = Field("", max_length=50, description="联系人")
    phone: str = Field("", max_length=32, description="联系电话")


class SupervisionNoticeContext(BaseContext):
    """督办通知 (通知): late or incomplete rectification gets a notice with a new deadline (E4)."""

    recipient: str = Field(..., min_length=1, max_length=200, description="督办对象")
    matter: str = Field(..., min_length=1, max_length=300, description="督办事项")
    original_deadline: date = Field(..., description="原整改期限")
    outstanding: list[str] = Field(..., min_length=1, description="未完成整改的问题")
    new_deadline: date = Field(..., description="督办期限")
    requirements: list[str] = Field(default_factory=list, description="督办要求")


class RecheckOpinionContext(BaseContext):
    """复查意见: result of the re-check (复查, 回头看) of a rectification (E5)."""

    recipient: str = Field(..., min_length=1, max_length=200, description="被复查单位")
    inspection_name: str = Field(..., min_length=1, max_length=200, description="督导事项")
    recheck_date: date = Field(..., description="复查日期")
    method: str = Field("", max_length=100, description="复查方式")
    rectified: list[str] = Field(default_factory=list, description="已整改到位的问题")
    outstanding: list[str] = Field(default_factory=list, description="尚未整改到位的问题")
    conclusion: str = Field(..., min_length=1, max_length=1000, description="复查结论")


class InterviewRecordContext(BaseContext):
    """约谈记录: written record of an interview (约谈), filed with the party committee (E7)."""

    held_at: str = Field(..., min_length=1, max_length=50, description="约谈时间")
    place: str = Field(..., min_length=1, max_length=100, description="约谈地点")
    unit: str = Field(..., min_length=1, max_length=200, description="被约谈单位")
    interviewees: list[str] = Field(..., min_length=1, description="被约谈人")
    interviewers: list[str] = Field(..., min_length=1, description="约谈人")
    recorder: str = Field(..., min_length=1, max_length=50, description="记录人")
    reason: str = Field(..., min_length=1, max_length=500, description="约谈事由")
    content: list[str] = Field(..., min_length=1, description="约谈内容")
    commitments: list[str] = Field(default_factory=list, description="整改承诺")


class CircularContext(BaseContext):
    """督导通报 (通报): circulated results and criticism (E2, E8)."""

    title: str = Field(..., min_length=1, max_length=200, description="标题")
    recipients: str = Field(..., min_length=1, max_length=300, description="主送机关")
    background: str = Field(..., min_length=1, max_length=2000, description="基本情况")
    findings: list[str] = Field(default_factory=list, description="主要情况")
    commended: list[str] = Field(default_factory=list, description="表扬单位")
    criticised: list[str] = Field(default_factory=list, description="通报批评单位")
    requirements: list[str] = Field(default_factory=list, description="工作要求")


class AccountabilityDecisionContext(BaseContext):
    """问责决定书 (决定): accountability measures on listed triggers (E9)."""

    recipient: str = Field(..., min_length=1, max_length=200, description="被问责对象")
    facts: list[str] = Field(..., min_length=1, description="问责事实")
    basis: str = Field(..., min_length=1, max_length=500, description="问责依据")
    measures: list[str] = Field(..., min_length=1, description="问责措施")
    review_days: int = Field(15, ge=1, le=90, description="申请复核期限（日）")


class AppointmentLetterContext(BaseContext):
    """聘书: letter of appointment of an inspector for a numbered term (F1)."""

    name: str = Field(..., min_length=1, max_length=50, description="姓名")
    role: str = Field("责任督学", max_length=50, description="聘任职务")
    term_name: str = Field(..., min_length=1, max_length=50, description="届次")
    start_date: date = Field(..., description="聘期开始")
    end_date: date = Field(..., description="聘期结束")

    @model_validator(mode="after")
    def _dates_ordered(self):
        if self.end_date < self.start_date:
            raise ValueError("聘期结束不能早于聘期开始")
        return self


class InspectorCardContext(BaseContext):
    """督学证: two-sided inspector card (F1)."""

    name: str = Field(..., min_length=1, max_length=50, description="姓名")
    gender: str = Field("", max_length=4, description="性别")
    card_number: str = Field(..., min_length=1, max_length=40, description="证件编号")
    unit: str = Field("", max_length=200, description="工作单位")
    role: str = Field("责任督学", max_length=50, description="督学类别")
    valid_until: date = Field(..., description="有效期至")


class SchoolSignContext(BaseContext):
    """挂牌公示牌: school-gate sign with the posted inspector's contact and a QR code (C1, F8)."""

    school: str = Field(..., min_length=1, max_length=200, description="学校")
    inspector_name: str = Field(..., min_length=1, max_length=50, description="责任督学")
    inspector_phone: str = Field(..., min_length=1, max_length=32, description="督学电话")
    inspector_unit: str = Field("", max_length=200, description="督学工作单位")
    inspector_photo: int | None = Field(None, ge=1, description="责任督学照片（附件编号；挂牌督导办法第一条）")
    duties: list[str] = Field(default_factory=list, description="督导事项")
    hotline: str = Field("", max_length=32, description="监督电话")
    url: str = Field(..., min_length=1, max_length=500, description="二维码链接（公开页面）")


class AnnualPlanContext(BaseContext):
    """年度工作计划 / 工作要点 of the office, reported upward (I2)."""

    year: int = Field(..., ge=2000, le=2100, description="年度")
    title: str = Field("", max_length=200, description="标题（留空自动生成）")
    recipients: str = Field("", max_length=300, description="主送机关")
    general: str = Field(..., min_length=1, max_length=4000, description="总体要求")
    sections: list[Section] = Field(..., min_length=1, description="重点任务")


class AnnualSummaryContext(BaseContext):
    """年度工作总结 of the office (I2)."""

    year: int = Field(..., ge=2000, le=2100, description="年度")
    title: str = Field("", max_length=200, description="标题（留空自动生成）")
    recipients: str = Field("", max_length=300, description="主送机关")
    overview: str = Field(..., min_length=1, max_length=4000, description="总体情况")
    sections: list[Section] = Field(..., min_length=1, description="主要工作与成效")
    problems: list[str] = Field(default_factory=list, description="存在的不足")
    next_steps: list[str] = Field(default_factory=list, description="下一步打算")


def _message(err: dict) -> str:
    if err.get("type") == "value_error" and err.get("ctx", {}).get("error"):
        return str(err["ctx"]["error"])
    if err.get("type") == "too_short":
        return "至少需要一项"
    if err.get("type") in ("date_from_datetime_parsing", "date_parsing", "date_type"):
        return "日期格式应为 YYYY-MM-DD"
    return PYDANTIC_MESSAGES.get(err.get("type", ""), "取值无效")


def validate_context(model: type[BaseContext], data) -> BaseContext:
    """Validate ``data`` (a dict) against ``model``; errors become a Django ValidationError keyed
    by the field path (``problems.0``) with a Chinese message."""
    if not isinstance(data, dict):
        raise ValidationError({"context": "文书数据应为 JSON 对象"})
    try:
        return model.model_validate(data)
    except PydanticValidationError as exc:
        errors: dict[str, list[str]] = {}
        for err in exc.errors():
            path = ".".join(str(p) for p in err.get("loc", ())) or "context"
            label = model.model_fields.get(str(err["loc"][0])) if err.get("loc") else None
            prefix = f"{label.description}：" if label and label.description else ""
            errors.setdefault(f"context.{path}", []).append(prefix + _message(err))
        raise ValidationError(errors) from exc
