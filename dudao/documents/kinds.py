"""The registry of document kinds: each kind's typed context, how it composes into a layout,
whether it is a 公文 type with the red 版头, and whether it takes a 发文字号.

公文 types (通知, 通报, 报告, 决定; standards §8 "Note on document types") get the red header;
督导专用文书 (督导通知书, 意见书, 整改通知书, …) and records keep the GB/T 9704 typography without it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from .choices import DocumentKind as K
from .contexts import (
    AccountabilityDecisionContext,
    AnnualPlanContext,
    AnnualSummaryContext,
    AppointmentLetterContext,
    BaseContext,
    CircularContext,
    InspectionNoticeContext,
    InspectorCardContext,
    InterviewRecordContext,
    OpinionLetterContext,
    PreliminaryOpinionContext,
    RecheckOpinionContext,
    RectificationNoticeContext,
    ReportContext,
    SchoolSignContext,
    SupervisionNoticeContext,
    validate_context,
)
from .layout import CardLayout, Layout, SignLayout, cn_date, cn_number, numbered


@dataclass(frozen=True)
class IssueEnv:
    """What the issuing office adds to a document's own data."""

    office_name: str
    issuing_mark: str = ""
    doc_number: str = ""
    preview: bool = False


def _sections(sections) -> list[str]:
    body = []
    for i, section in enumerate(sections, start=1):
        body.append(f"{cn_number(i)}、{section.heading}")
        body.extend(section.paragraphs)
    return body


def _block(heading_no: int, heading: str, items, level: int = 3) -> list[str]:
    return [f"{cn_number(heading_no)}、{heading}", *numbered(items, level)] if items else []


def _base(ctx: BaseContext, env: IssueEnv, **kw) -> Layout:
    issuer = ctx.issuer or env.office_name
    return Layout(
        signature=issuer, signed_on=ctx.signed_on, cc=list(ctx.cc), attachments=list(ctx.attachments),
        note=ctx.note, printed_by=ctx.printed_by or env.office_name, printed_on=ctx.signed_on,
        doc_number=env.doc_number, issuing_mark=env.issuing_mark, preview=env.preview, **kw,
    )


def _contact(ctx) -> list[str]:
    if not (ctx.contact or ctx.phone):
        return []
    return [f"联系人：{ctx.contact}　联系电话：{ctx.phone}".strip("　")]


def inspection_notice(ctx: InspectionNoticeContext, env: IssueEnv) -> Layout:
    team = "、".join([ctx.team_leader + "（组长）", *ctx.members])
    body = [
        f"根据《教育督导条例》和年度督导工作安排，{ctx.issuer or env.office_name}决定于"
        f"{cn_date(ctx.start_date)}至{cn_date(ctx.end_date)}对你单位开展{ctx.inspection_name}。现将有关事项通知如下。",
        f"一、督导组成员：{team}",
    ]
    n = 2
    for heading, items in (("督导内容", ctx.contents), ("需准备的材料", ctx.materials)):
        if items:
            body += _block(n, heading, items)
            n += 1
    body.append(f"{cn_number(n)}、请你单位按要求做好自查和迎检准备，如实提供有关材料，配合督导组开展工作。")
    body += _contact(ctx)
    return _base(ctx, env, title="督导通知书", recipients=f"{ctx.recipient}：", body=body)


def preliminary_opinion(ctx: PreliminaryOpinionContext, env: IssueEnv) -> Layout:
    body = [f"{ctx.visit_dates}，督导组对你单位开展了{ctx.inspection_name}。经听取汇报、查阅资料、"
            "实地查看和座谈访谈，形成初步督导意见如下。"]
    n = 1
    for heading, items in (("主要成绩", ctx.strengths), ("存在的问题", ctx.problems), ("意见建议", ctx.suggestions)):
        if items:
            body += _block(n, heading, items)
            n += 1
    body.append("以上为初步意见，正式督导意见以督导意见书为准。")
    return _base(ctx, env, title="初步督导意见", recipients=f"{ctx.recipient}：", body=body)


def opinion_letter(ctx: OpinionLetterContext, env: IssueEnv) -> Layout:
    body = [ctx.summary]
    n = 1
    for heading, items in (("主要成绩", ctx.strengths), ("存在的问题", ctx.problems), ("整改要求", ctx.requirements)):
        if items:
            body += _block(n, heading, items)
            n += 1
    body.append(f"请你单位于{cn_date(ctx.deadline)}前将整改情况书面报送{ctx.issuer or env.office_name}，并向社会公开。")
    return _base(ctx, env, title="督导意见书", recipients=f"{ctx.recipient}：", body=body)


def report(ctx: ReportContext, env: IssueEnv) -> Layout:
    body = [ctx.overview, *_sections(ctx.sections)]
    return _base(ctx, env, red_header=True, title=ctx.title, signer=ctx.signer,
                 recipients=f"{ctx.recipients}：" if ctx.recipients else "", body=body)


def rectification_notice(ctx: RectificationNoticeContext, env: IssueEnv) -> Layout:
    body = [f"经{ctx.inspection_name}，发现你单位存在以下问题，现通知你单位限期整改。"]
    body += _block(1, "存在的问题", ctx.problems)
    body += _block(2, "整改要求", ctx.requirements)
    body.append(f"请你单位于{cn_date(ctx.deadline)}前完成整改，并将整改报告及佐证材料报送"
                f"{ctx.issuer or env.office_name}。逾期未整改或整改不到位的，将予以督办。")
    body += _contact(ctx)
    return _base(ctx, env, title="整改通知书", recipients=f"{ctx.recipient}：", body=body)


def supervision_notice(ctx: SupervisionNoticeContext, env: IssueEnv) -> Layout:
    body = [f"关于{ctx.matter}，原定整改期限为{cn_date(ctx.original_deadline)}。经核查，以下问题逾期仍未整改到位："]
    body += numbered(ctx.outstanding, 3)
    if ctx.requirements:
        body += _block(1, "督办要求", ctx.requirements)
    body.append(f"请你单位于{cn_date(ctx.new_deadline)}前完成整改并书面报告。逾期仍未整改到位的，将依据"
                "《教育督导问责办法》予以问责。")
    return _base(ctx, env, red_header=True, title=f"关于督促{ctx.recipient}限期整改的督办通知",
                 recipients=f"{ctx.recipient}：", body=body)


def recheck_opinion(ctx: RecheckOpinionContext, env: IssueEnv) -> Layout:
    method = f"采取{ctx.method}的方式" if ctx.method else ""
    body = [f"{cn_date(ctx.recheck_date)}，督导组{method}对你单位{ctx.inspection_name}整改情况进行了复查。"]
    n = 1
    for heading, items in (("已整改到位的问题", ctx.rectified), ("尚未整改到位的问题", ctx.outstanding)):
        if items:
            body += _block(n, heading, items)
            n += 1
    body += [f"{cn_number(n)}、复查结论", ctx.conclusion]
    return _base(ctx, env, title="复查意见", recipients=f"{ctx.recipient}：", body=body)


def interview_record(ctx: InterviewRecordContext, env: IssueEnv) -> Layout:
    rows = [("约谈时间", ctx.held_at), ("约谈地点", ctx.place), ("被约谈单位", ctx.unit),
            ("被约谈人", "、".join(ctx.interviewees)), ("约谈人", "、".join(ctx.interviewers)),
            ("记录人", ctx.recorder), ("约谈事由", ctx.reason)]
    body = _block(1, "约谈内容", ctx.content) + _block(2, "整改承诺", ctx.commitments)
    body.append("被约谈人（签字）：")
    return _base(ctx, env, title="教育督导约谈记录", record_rows=rows, body=body)


def circular(ctx: CircularContext, env: IssueEnv) -> Layout:
    body = [ctx.background]
    n = 1
    for heading, items in (("主要情况", ctx.findings), ("予以表扬的单位", ctx.commended),
                           ("予以通报批评的单位", ctx.criticised), ("工作要求", ctx.requirements)):
        if items:
            body += _block(n, heading, items)
            n += 1
    return _base(ctx, env, red_header=True, title=ctx.title, recipients=f"{ctx.recipients}：", body=body)


def accountability_decision(ctx: AccountabilityDecisionContext, env: IssueEnv) -> Layout:
    body = ["经调查认定，存在以下问题："] + numbered(ctx.facts, 3)
    body.append(f"根据{ctx.basis}，经研究，决定对{ctx.recipient}作出如下问责：")
    body += numbered(ctx.measures, 3)
    body.append(f"如对本决定不服，可在收到本决定之日起{ctx.review_days}日内向本机关书面申请复核。")
    return _base(ctx, env, red_header=True, title=f"关于对{ctx.recipient}进行问责的决定",
                 recipients=f"{ctx.recipient}：", body=body)


def appointment_letter(ctx: AppointmentLetterContext, env: IssueEnv) -> Layout:
    body = [f"兹聘请{ctx.name}同志为{ctx.issuer or env.office_name}{ctx.term_name}{ctx.role}，"
            f"聘期自{cn_date(ctx.start_date)}至{cn_date(ctx.end_date)}。"]
    return _base(ctx, env, title="聘　书", body=body)


def inspector_card(ctx: InspectorCardContext, env: IssueEnv) -> CardLayout:
    issuer = ctx.issuer or env.office_name
    holder = [("姓　　名", ctx.name), ("性　　别", ctx.gender), ("工作单位", ctx.unit),
              ("督学类别", ctx.role), ("证件编号", ctx.card_number), ("有效期至", cn_date(ctx.valid_until))]
    back = ["持证人依照《教育督导条例》履行督导职责，有权查阅资料、列席会议、实地查看、"
            "开展问卷调查和访谈，被督导单位应当予以配合。",
            "本证仅限本人使用，不得转借。", f"发证机关：{issuer}", f"发证日期：{cn_date(ctx.signed_on)}"]
    return CardLayout(front_title="督学证", holder=[r for r in holder if r[1]], issuer=issuer,
                      back_title="使用说明", back_lines=back, card_number=ctx.card_number)


def school_sign(ctx: SchoolSignContext, env: IssueEnv) -> SignLayout:
    rows = [("责任督学", ctx.inspector_name), ("联系电话", ctx.inspector_phone)]
    if ctx.inspector_unit:
        rows.append(("工作单位", ctx.inspector_unit))
    if ctx.hotline:
        rows.append(("监督电话", ctx.hotline))
    duties = ctx.duties or ["校务管理和制度执行", "招生、收费、择校", "课程开设和课业负担", "教育教学质量",
                            "校园及周边安全", "师德师风"]
    return SignLayout(title="责任督学挂牌督导公示牌", school=ctx.school, rows=rows, duties=duties,
                      qr_payload=ctx.url, issuer=ctx.issuer or env.office_name,
                      footer="扫描二维码查看责任督学职责及联系方式", photo=_inspector_photo(ctx.inspector_photo))


def _inspector_photo(attachment_id: int | None) -> bytes | None:
    """The bytes of an inspector's photo attachment (only a photo: a sign shows nothing else)."""
    if attachment_id is None:
        return None
    from dudao.attachments.models import Attachment

    att = Attachment.objects.filter(pk=attachment_id, purpose="photo",
                                    content_type__app_label="inspectors", content_type__model="inspector").first()
    if att is None:
        return None
    try:
        with att.file.open("rb") as fh:
            return fh.read()
    except OSError:
        return None


def annual_plan(ctx: AnnualPlanContext, env: IssueEnv) -> Layout:
    title = ctx.title or f"{ctx.year}年教育督导工作要点"
    return _base(ctx, env, title=title, recipients=f"{ctx.recipients}：" if ctx.recipients else "",
                 body=[ctx.general, *_sections(ctx.sections)])


def annual_summary(ctx: AnnualSummaryContext, env: IssueEnv) -> Layout:
    title = ctx.title or f"{ctx.year}年教育督导工作总结"
    body = [ctx.overview, *_sections(ctx.sections)]
    n = len(ctx.sections) + 1
    for heading, items in (("存在的不足", ctx.problems), ("下一步打算", ctx.next_steps)):
        if items:
            body += _block(n, heading, items)
            n += 1
    return _base(ctx, env, title=title, recipients=f"{ctx.recipients}：" if ctx.recipients else "", body=body)


@dataclass(frozen=True)
class KindSpec:
    kind: str
    context: type[BaseContext]
    compose: Callable
    red_header: bool = False
    numbered: bool = True
    renderer: str = "official"  # official | card | sign
    number_infix: str = ""  # inserted after the office prefix, e.g. 南岸教督 + 整改
    #: 上行文 (sent up: the 督导报告 to 本级人民政府, 备案 with the office above): the 发文字号 goes
    #: 居左空一字 with the 签发人 居右空一字 on its line (GB/T 9704-2012 §7.2.5–7.2.6).
    upward: bool = False

    @property
    def label(self) -> str:
        return str(K(self.kind).label)


KINDS: dict[str, KindSpec] = {
    s.kind: s
    for s in [
        KindSpec(K.INSPECTION_NOTICE, InspectionNoticeContext, inspection_notice),
        KindSpec(K.PRELIMINARY_OPINION, PreliminaryOpinionContext, preliminary_opinion, numbered=False),
        KindSpec(K.OPINION_LETTER, OpinionLetterContext, opinion_letter),
        KindSpec(K.REPORT, ReportContext, report, red_header=True, upward=True),
        KindSpec(K.RECTIFICATION_NOTICE, RectificationNoticeContext, rectification_notice),
        KindSpec(K.SUPERVISION_NOTICE, SupervisionNoticeContext, supervision_notice, red_header=True),
        KindSpec(K.RECHECK_OPINION, RecheckOpinionContext, recheck_opinion),
        KindSpec(K.INTERVIEW_RECORD, InterviewRecordContext, interview_record, numbered=False),
        KindSpec(K.CIRCULAR, CircularContext, circular, red_header=True),
        KindSpec(K.ACCOUNTABILITY_DECISION, AccountabilityDecisionContext, accountability_decision,
                 red_header=True),
        KindSpec(K.APPOINTMENT_LETTER, AppointmentLetterContext, appointment_letter, numbered=False),
        KindSpec(K.INSPECTOR_CARD, InspectorCardContext, inspector_card, numbered=False, renderer="card"),
        KindSpec(K.SCHOOL_SIGN, SchoolSignContext, school_sign, numbered=False, renderer="sign"),
        KindSpec(K.ANNUAL_PLAN, AnnualPlanContext, annual_plan, numbered=False),
        KindSpec(K.ANNUAL_SUMMARY, AnnualSummaryContext, annual_summary, numbered=False),
    ]
}


def kind_spec(kind: str) -> KindSpec:
    from django.core.exceptions import ValidationError

    try:
        return KINDS[kind]
    except KeyError:
        raise ValidationError({"kind": "未知的文书类型：%s" % kind}) from None


def parse_context(kind: str, data: dict) -> BaseContext:
    return validate_context(kind_spec(kind).context, data)


def context_schema(kind: str) -> dict:
    return kind_spec(kind).context.model_json_schema()


def placeholder_names(kind: str) -> set[str]:
    """Names a custom .docx template of ``kind`` may use: the context's fields plus what the
    office adds (发文字号 and friends)."""
    return set(kind_spec(kind).context.model_fields) | SYSTEM_PLACEHOLDERS


SYSTEM_PLACEHOLDERS = {"doc_number", "issuing_mark", "office_name", "signed_on_cn", "title"}


def _type_label(prop: dict, defs: dict) -> str:
    if "$ref" in prop:
        return defs.get(prop["$ref"].rsplit("/", 1)[-1], {}).get("title", "object")
    kind = prop.get("type")
    if kind == "array":
        return f"list[{_type_label(prop.get('items', {}), defs)}]"
    if prop.get("format") == "date":
        return "date"
    return kind or "any"


GUIDE = """## Issuing, subjects and delivery

**Forms, never JSON.** Every kind's data is a typed model (`contexts.py`); `fieldforms.context_form_class(kind)`
generates a Django form with one field per data field — text, dates (`YYYY-MM-DD`), numbers, lists as one
item per line, sections as blocks (heading on the first line, paragraphs below, a blank line between
blocks). The stand-alone 签发 page (`/documents/issue/<kind>/`) shows that form empty (成文日期 today), and
errors of the typed data (`parse_context`) come back in Chinese on the field they name.

**Subjects.** A document is about a subject: a ledger item (整改通知书), a 督办 (督办通知, issued by
`ledger.workflows.order_issue`), a supervision task (督导报告; the per-target notices of
`inspections.documents.task_documents_issue`) or a task's target (督导意见书). Apps above `documents`
declare their subjects in `<app>/document_subjects.py` (`SUBJECTS = [SubjectSpec(...)]`, discovered on
first use): per kind a builder that fills the data from the subject (unit, problems, requirements,
deadline, task title, findings, dates …), the issuing office, the recipient units, related subjects whose
documents show on the subject's page, a permission check and when a kind is offered (the report once
formed, the letter from the objection window on). `services.document_issue_for(actor=, subject=, kind=,
overrides=)` issues it: the builder's data, then the clerk's edits. The document records its subject
(`content_type`/`object_id`); `{% load documents_tags %}{% subject_documents obj %}` lists a subject's
documents (and its related subjects'), with Word/PDF links and the 签发 buttons the user may use — the
ledger item page and the task page's 文书 tab include it. `/documents/for/<app.model>/<id>/<kind>/` is the
form pre-filled from the subject. `ledger.document_subjects.issue_rectification_notice(actor=, item=,
automatic=False, **overrides)` is the call for a problem just recorded: with `automatic=True` the region
setting `ledger.auto_notice` (default 1) decides whether it is issued, and an actor who may not sign for
the office is replaced by the system (签发人 empty).

**Delivery (收文).** Issuing delivers the document to its addressed units: a `DocumentDelivery` row per
unit (`delivered_at`, `read_at`, `read_by`; scoped by the unit's `region_path`). The recipients are the
subject's (`SubjectSpec.recipients`), or — without a subject — the unit in the office's region whose name
is the document's `recipient`. A unit's respondents (`documents.read_documentdelivery`) see their unit's
documents in 收文 (`/documents/inbox/`, menu 公文文书 → 收文, home card 未读文书), may open and download
them (an `IssuedDocument` is visible to its office's scope and to the units it was delivered to), and
opening one marks it read for the unit. The office sees deliveries and read times on the document page
and on the subject's page.

**API.** `GET /api/v1/documents/subjects/{app.model}/{id}/{kind}` returns the pre-filled fields and the
recipients; `POST` the same path with `{"fields": {...}, "with_pdf": false}` issues it (errors name
`fields.<name>`). `POST /api/v1/ledger/items/{id}/notice` takes the 整改通知书 fields as a typed object
(errors name the field). `POST /api/v1/documents` takes `context` (errors name `context.<name>`).
`GET /api/v1/documents/inbox[?unread=true]` and `POST /api/v1/documents/{id}/read` are the inbox.
Office templates: `POST /api/v1/documents/templates` (multipart `office_id`, `kind`, `file` — a .docx of at
most 10 MB — and `note`; the new version becomes the active one) and
`POST /api/v1/documents/templates/{id}/active {"active": bool}`; 发文设置:
`PUT /api/v1/documents/offices/{id}/profile {"number_prefix", "issuing_mark"}`.

## GB/T 9704 positions

The built-in layouts (`rendering/docx_official.py`, numbers in `rendering/gbt9704.py`) are measured in the
PDF LibreOffice makes of them by `documents/tests/test_gbt9704_positions.py` (content-stream positions with
pypdf, ink from a 10 px/mm pdftoppm raster), each within 1 mm. Distances from the 版心 (156 × 225 mm, 37 mm
from the top, 28 mm from the left: top edge 37 mm, bottom edge 262 mm from the page top):

| what | GB/T 9704-2012 | before (issue 16) | now |
|---|---|---|---|
| 发文机关标志 top edge (em box) below the 版心 top | 35 mm | 27.7 mm | 35.0 mm |
| red separator below the 发文字号 | 4 mm | 6.1 mm | 4.0 mm |
| page number dashes below the 版心 bottom | 7 mm | 11.4 mm | 7.1 mm |
| page number: odd pages 居右空一字, even 居左空一字 (4号, 4.9 mm; dash ink) | 4.9 mm | 4.8 mm | 5.1 mm |
| 版记 last separator (y from the page top) | 262 mm | 78–231 mm (after the 署名) | 262.2 mm |
| 上行文 发文字号 居左空一字 (3号, 5.6 mm) | 5.6 mm | centred | 5.7 mm |
| 上行文 签发人 居右空一字 (character box) | 5.6 mm | — | 5.7 mm |

- **版记** is a table in a text box whose bottom is the 版心's bottom edge, anchored on the document's
  last (empty) paragraph: it sits at the foot of the page where the 正文 ends and is never split; when
  the 署名 leaves less room than the 版记 needs, the box — 抄送 and 印发 together — goes to the foot of
  the next page. GB/T 9704 wants the 版记 on the back page (封四, an even page) with no page number on it
  and on a blank page before it; the built-in layouts do not add that blank page nor drop those page
  numbers (LibreOffice lays the .docx out, and which page the 正文 ends on is only known then).
- **上行文** (`KindSpec.upward`; the 督导报告 to 本级人民政府): 发文字号 居左空一字 and, on the same line,
  "签发人：" in 3号仿宋 and the `signer` in 3号楷体, 居右空一字 (§7.2.5–7.2.6). Its 发文机关标志 is at
  35 mm like any other: GB/T 9704-2012 §7.2.4 gives one distance; the 80 mm for 上报 documents is
  GB/T 9704-1999's (`gbt9704.MARK_TOP_UPWARD`, to change if an office follows the old rule). Without a
  `signer` the 发文字号 stays centred.
- **Fonts**: no free 仿宋 covers simplified Chinese. Debian's only 仿宋, `fonts-cwtex-fs` (cwTeX 仿宋體),
  has the traditional forms only (導 but not 导, 國 but not 国), so the PDF keeps 仿宋_GB2312 → Noto
  Serif CJK SC (a Song face) in `fonts/fonts.conf`; 楷体 is AR PL UKai, 黑体 Noto Sans CJK SC. The .docx
  names 仿宋_GB2312 with 仿宋 as `altName`, so an office PC with the licensed fonts shows the real faces.

"""


def schema_markdown() -> str:
    """docs/documents.md: how documents are issued and delivered, then every kind with the fields of
    its data (kept in step by a test)."""
    lines = ["# Document kinds and their data", "",
             "Generated from `dudao/documents/contexts.py` by `kinds.schema_markdown()`; a test keeps it in step.",
             "Each kind is rendered from a JSON object with these fields (dates as `YYYY-MM-DD`); the same",
             "schema is served as JSON Schema at `GET /api/v1/documents/kinds`. Office templates may use every",
             f"field name as a `{{{{placeholder}}}}`, plus {', '.join(f'`{n}`' for n in sorted(SYSTEM_PLACEHOLDERS))}.",
             "", GUIDE]
    for spec in KINDS.values():
        schema = spec.context.model_json_schema()
        defs = schema.get("$defs", {})
        required = set(schema.get("required", []))
        flags = ["公文（红头）" if spec.red_header else "督导文书（无红头）", "编发文字号" if spec.numbered else "不编号"]
        if spec.upward:
            flags.append("上行文（标注签发人）")
        lines += [f"## {spec.label} (`{spec.kind}`)", "", f"{spec.context.__doc__.strip()} — {'，'.join(flags)}。", "",
                  "| field | type | required | meaning |", "|---|---|---|---|"]
        for name, prop in schema["properties"].items():
            lines.append(f"| `{name}` | {_type_label(prop, defs)} | {'yes' if name in required else ''} | "
                         f"{prop.get('description', '')} |")
        lines.append("")
    return "\n".join(lines)
