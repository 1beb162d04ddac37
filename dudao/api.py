"""The REST API under /api/v1/ (django-ninja): OpenAPI 3 at /api/v1/openapi.json, docs at
/api/v1/docs. Token (``Authorization: Bearer …``) and session auth; errors are JSON
``{"code", "message"}`` with a Chinese message, validation errors naming the field."""

from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from dudao.accountability.api import router as accountability_router
from dudao.accounts.api import auth_router, token_router
from dudao.accounts.api_auth import API_AUTH, NetworkRefused, PasswordChangeRequired
from dudao.accounts.api_users import roles_router
from dudao.accounts.api_users import router as users_router
from dudao.attachments.api import router as attachments_router
from dudao.committee.api import router as committee_router
from dudao.common.api_errors import (
    error_response,
    ninja_validation_errors,
    protected_message,
    validation_error_response,
)
from dudao.complaints.api import router as complaints_router
from dudao.complaints.intake_api import router as intake_router
from dudao.dashboards.api import router as dashboards_router
from dudao.documents.api import router as documents_router
from dudao.finance.api import router as finance_router
from dudao.frameworks.api import router as frameworks_router
from dudao.governance.api import router as governance_router
from dudao.incentives.api import router as incentives_router
from dudao.inspections.api import router as inspections_router
from dudao.inspections.api_categories import router as inspections_categories_router
from dudao.inspections.api_procedure import router as inspections_procedure_router
from dudao.inspectors.api import router as corps_router
from dudao.inspectors.api_contacts import router as corps_contacts_router
from dudao.inspectors.api_files import router as corps_files_router
from dudao.ledger.api import router as ledger_router
from dudao.ledger.api_documents import router as ledger_documents_router
from dudao.ledger.api_items import router as ledger_items_router
from dudao.measures.api import router as measures_router
from dudao.monitoring.api import router as monitoring_router
from dudao.monitoring.api_indices import router as monitoring_indices_router
from dudao.monitoring.campaign_api import campaigns_router, programmes_router
from dudao.monitoring.quality_api import router as quality_router
from dudao.orgs.api import router as units_router
from dudao.planner.api import router as planner_router
from dudao.portal.api import router as portal_router
from dudao.regions.api import router as regions_router
from dudao.regionsettings.api import router as regionsettings_router
from dudao.schools.api import router as schools_router
from dudao.surveys.api import router as surveys_router
from dudao.surveys.public_api import router as surveys_public_router
from dudao.upward.api import router as upward_router
from dudao.workplaces.api import router as workplaces_router

api = NinjaAPI(
    title="督导 Dudao API",
    version="1",
    description="教育督导综合管理平台 REST API。认证：`POST /api/v1/auth/token` 获取令牌，"
    "之后以 `Authorization: Bearer <token>` 调用；浏览器会话同样可用。",
    urls_namespace="api",
    auth=API_AUTH,
)

api.add_router("/auth", auth_router)
api.add_router("/tokens", token_router)
api.add_router("/users", users_router)
api.add_router("/role-assignments", roles_router)
api.add_router("/regions", regions_router)
api.add_router("/units", units_router)
api.add_router("/schools", schools_router)
api.add_router("/corps", corps_router)
api.add_router("/corps", complaints_router)  # the complaint inbox: /api/v1/corps/complaints
api.add_router("/corps", corps_files_router)
api.add_router("/corps", corps_contacts_router)  # 定点联系 (C10)
api.add_router("/documents", documents_router)
api.add_router("/frameworks", frameworks_router)
api.add_router("/surveys", surveys_public_router)  # login-free: /api/v1/surveys/public/…
api.add_router("/surveys", surveys_router)
api.add_router("/inspections", inspections_router)
api.add_router("/inspections", inspections_procedure_router)
api.add_router("/inspections", inspections_categories_router)
api.add_router("/ledger/complaints", intake_router)  # complaint triage and registration
api.add_router("/ledger", ledger_router)
api.add_router("/measures", measures_router)  # plans and measures, reform projects, charters (I1–I4)
api.add_router("/ledger", accountability_router)  # 问责: /api/v1/ledger/cases, interviews, circulars, situations
api.add_router("/ledger", ledger_items_router)
api.add_router("/ledger", ledger_documents_router)
api.add_router("/monitoring", monitoring_router)
api.add_router("/monitoring/quality", quality_router)
api.add_router("/monitoring/indices", monitoring_indices_router)  # the national indices (issue 12 items 2–3)
api.add_router("/monitoring/campaigns", campaigns_router)  # 创建计划 (B4)
api.add_router("/monitoring/programmes", programmes_router)  # 监测项目 and rounds (G1, C6)
api.add_router("/governance", governance_router)  # 督政: leaders, checklists, self-checks, comparison
api.add_router("/committee", committee_router)  # 督导委员会运行 (issue 14 item 4)
api.add_router("/planner", planner_router)  # 督导计划 (issue 19)
api.add_router("/incentives", incentives_router)
api.add_router("/finance", finance_router)
api.add_router("/workplaces", workplaces_router)
api.add_router("/portal", portal_router)
api.add_router("/dashboards", dashboards_router)
api.add_router("/settings", regionsettings_router)
api.add_router("/attachments", attachments_router)
api.add_router("/upward", upward_router)  # 上级评估 and 备案 (issue 14 items 3, 9)


@api.exception_handler(NinjaValidationError)
def _ninja_validation(request, exc):
    return error_response(request, 422, "validation_error", "请求参数有误", errors=ninja_validation_errors(exc.errors))


@api.exception_handler(ValidationError)
def _django_validation(request, exc):
    return validation_error_response(request, exc)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return error_response(request, 401, "unauthenticated", "未登录或令牌无效")


@api.exception_handler(PasswordChangeRequired)
def _password_change(request, exc):
    return error_response(request, 403, "password_change_required", "须先修改密码（管理员重置或密码已过期）")


@api.exception_handler(NetworkRefused)
def _network_refused(request, exc):
    return error_response(request, 403, "network_refused", "管理员账户不允许从此网络访问")


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return error_response(request, 403, "forbidden", str(exc) or "无权执行此操作")


@api.exception_handler(Http404)
def _not_found(request, exc):
    return error_response(request, 404, "not_found", "对象不存在或无权访问")


@api.exception_handler(RequestDataTooBig)
def _too_big(request, exc):
    return error_response(request, 413, "payload_too_large", "请求体过大")


@api.exception_handler(ProtectedError)
@api.exception_handler(RestrictedError)
def _still_referenced(request, exc):
    """A delete that other rows still refer to: 409 naming them, never a 500."""
    return error_response(request, 409, "conflict", protected_message(exc))


@api.exception_handler(IntegrityError)
def _integrity(request, exc):
    """A write the database refused (a unique or check constraint a service did not foresee)."""
    return error_response(request, 409, "conflict", "与已有数据冲突，未保存")


@api.exception_handler(OverflowError)
def _overflow(request, exc):
    """A number too large for the database or the calendar that slipped past the schema bounds."""
    return error_response(request, 422, "validation_error", "数值超出范围",
                          errors=[{"field": "__all__", "message": "数值超出范围"}])


@api.exception_handler(HttpError)
def _http_error(request, exc):
    if exc.status_code == 400 and exc.__cause__ is not None:  # ninja: "Cannot parse request body"
        return error_response(request, 422, "validation_error", "JSON 格式错误",
                              errors=[{"field": "__all__", "message": "JSON 格式错误"}])
    codes = {400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found", 409: "conflict",
             413: "payload_too_large", 429: "too_many_requests"}
    return error_response(request, exc.status_code, codes.get(exc.status_code, "error"), str(exc))
