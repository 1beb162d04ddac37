"""/api/v1/ledger — the rest of the rectification procedure (E4, E11–E13): extension requests
and decisions, rebound, three-way routing and the departments' actions, and 督办 orders. Rows come
through ``for_user``; the services in ``workflows`` and ``routing`` hold the rules; their
ValidationErrors are 422 naming the request's field."""


from ninja import Query, Router, Status
from ninja.pagination import paginate
from pydantic import Field

from dudao.common.schemas import BoundedPagination, Id, StrictDate, StrictSchema
from dudao.common.scoping import get_for_user_or_404, get_for_user_or_invalid
from dudao.inspections.choices import Routing
from dudao.orgs.models import Unit

from . import routing, selectors, workflows
from .api import ERRORS, ItemDetailOut, ItemOut, _detail
from .choices import ActionStatus, OrderStatus, RecheckMethod
from .models import DepartmentAction, LedgerItem, SupervisionOrder
from .schemas import ActionOut, ExtensionOut, OrderOut, call_renamed

router = Router(tags=["问题台账"])


class ExtensionIn(StrictSchema):
    requested_deadline: StrictDate
    reason: str = Field(..., max_length=5000)


class DecisionIn(StrictSchema):
    note: str = Field("", max_length=2000)


class ReboundIn(StrictSchema):
    method: RecheckMethod
    description: str = Field(..., max_length=5000)
    requirement: str = Field(..., max_length=5000)
    deadline: StrictDate


class RouteIn(StrictSchema):
    routing: Routing
    department_ids: list[Id] = Field(default_factory=list, max_length=50)
    task: str = Field("", max_length=5000)
    action_deadline: StrictDate | None = None
    dispute: bool = False
    mediation_unit_id: Id | None = None


class ActionCompleteIn(StrictSchema):
    result: str = Field(..., max_length=5000)


class OrderIssueIn(StrictSchema):
    requirements: list[str] = Field(default_factory=list, max_length=20)


def _order(order):
    return SupervisionOrder.objects.select_related("office", "document").prefetch_related("escalated_to").get(
        pk=order.pk)


# ---- extensions (E11) -----------------------------------------------------------------------------
@router.post("/items/{int:item_id}/extensions", response={201: ExtensionOut, **ERRORS},
             summary="申请延期（整改单位；整改期间，同一时间只能有一个待审批的申请）")
def request_extension(request, item_id: Id, payload: ExtensionIn):
    item = get_for_user_or_404(LedgerItem, request.auth, "view", pk=item_id)
    return Status(201, workflows.extension_request(actor=request.auth, item=item, **payload.model_dump()))


@router.post("/extensions/{int:extension_id}/approve", response={200: ExtensionOut, **ERRORS},
             summary="同意延期（督导室；问题的整改期限改为申请的期限）")
def approve_extension(request, extension_id: Id, payload: DecisionIn | None = None):
    ext = selectors.extension_for_user_or_404(request.auth, extension_id)
    return workflows.extension_approve(actor=request.auth, extension=ext, note=payload.note if payload else "")


@router.post("/extensions/{int:extension_id}/refuse", response={200: ExtensionOut, **ERRORS},
             summary="不同意延期（督导室；须写明理由）")
def refuse_extension(request, extension_id: Id, payload: DecisionIn | None = None):
    ext = selectors.extension_for_user_or_404(request.auth, extension_id)
    return workflows.extension_refuse(actor=request.auth, extension=ext, note=payload.note if payload else "")


# ---- rebound (问题反弹, E11) -------------------------------------------------------------------------
@router.post("/items/{int:item_id}/rebound", response={201: ItemOut, **ERRORS},
             summary="问题反弹（复查或回头看发现已销号的问题再次出现：新问题下达整改，关联原问题）")
def rebound(request, item_id: Id, payload: ReboundIn):
    item = get_for_user_or_404(LedgerItem, request.auth, "view", pk=item_id)
    new = workflows.item_rebound(actor=request.auth, item=item, **payload.model_dump())
    return Status(201, LedgerItem.objects.select_related("unit").get(pk=new.pk))


# ---- three-way routing and department actions (E12, E13) ----------------------------------------
@router.post("/items/{int:item_id}/route", response={200: ItemDetailOut, **ERRORS},
             summary="三事分流（small 小事、hard 难事、major 大事：联动部门和期限；教育纠纷转调解站）")
def route(request, item_id: Id, payload: RouteIn):
    item = get_for_user_or_404(LedgerItem, request.auth, "view", pk=item_id)
    departments = [get_for_user_or_invalid(Unit, request.auth, "department_ids", pk=pk)
                   for pk in dict.fromkeys(payload.department_ids)]
    mediation = (get_for_user_or_invalid(Unit, request.auth, "mediation_unit_id", pk=payload.mediation_unit_id)
                 if payload.mediation_unit_id is not None else None)
    item = call_renamed(routing.item_route, {"departments": "department_ids", "mediation_unit": "mediation_unit_id"},
                        actor=request.auth, item=item, routing=payload.routing, departments=departments,
                        action_deadline=payload.action_deadline, task=payload.task, dispute=payload.dispute,
                        mediation_unit=mediation)
    return _detail(request, item)


@router.get("/items/{int:item_id}/actions", response={200: list[ActionOut], **ERRORS},
            summary="问题的联动办理事项")
def item_actions(request, item_id: Id):
    item = get_for_user_or_404(LedgerItem, request.auth, "view", pk=item_id)
    return item.actions.select_related("department")


@router.get("/actions", response={200: list[ActionOut], **ERRORS},
            summary="联动办理事项（联动部门看派给本单位的，督导室看本区域的；status 筛选）")
@paginate(BoundedPagination)
def list_actions(request, status: ActionStatus | None = None):
    qs = DepartmentAction.objects.for_user(request.auth, "view").select_related("department")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("deadline", "pk")


@router.post("/actions/{int:action_id}/complete", response={200: ActionOut, **ERRORS},
             summary="联动事项办结（承办部门或督导室，填写办理结果）")
def complete_action(request, action_id: Id, payload: ActionCompleteIn):
    action = get_for_user_or_404(DepartmentAction, request.auth, "view", pk=action_id)
    action = routing.action_complete(actor=request.auth, action=action, result=payload.result)
    return DepartmentAction.objects.select_related("department").get(pk=action.pk)


# ---- 督办 (E4) --------------------------------------------------------------------------------------
@router.get("/orders", response={200: list[OrderOut], **ERRORS},
            summary="督办（逾期生成的督办通知草稿和已签发的督办；按状态、级别筛选）")
@paginate(BoundedPagination)
def list_orders(request, status: OrderStatus | None = None, level: int | None = Query(None, ge=1, le=4)):
    qs = SupervisionOrder.objects.for_user(request.auth, "view").select_related("office", "document") \
        .prefetch_related("escalated_to")
    if status:
        qs = qs.filter(status=status)
    if level:
        qs = qs.filter(level=level)
    return qs


@router.get("/orders/{int:order_id}", response={200: OrderOut, **ERRORS}, summary="督办详情")
def get_order(request, order_id: Id):
    return _order(get_for_user_or_404(SupervisionOrder, request.auth, "view", pk=order_id))


@router.post("/orders/{int:order_id}/issue", response={200: OrderOut, **ERRORS},
             summary="签发督办通知（督办机构；生成督办通知文书，问题的整改期限改为督办期限）")
def issue_order(request, order_id: Id, payload: OrderIssueIn | None = None):
    order = get_for_user_or_404(SupervisionOrder, request.auth, "view", pk=order_id)
    requirements = [r.strip() for r in (payload.requirements if payload else []) if r.strip()]
    return _order(workflows.order_issue(actor=request.auth, order=order, requirements=requirements))
