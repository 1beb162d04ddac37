from django.urls import include, path

from dudao.api import api
from dudao.common.views import healthz
from dudao.operations.health import readyz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("dudao.accounts.urls")),
    path("regions/", include("dudao.regions.urls")),
    path("units/", include("dudao.orgs.urls")),
    path("audit/", include("dudao.audit.urls")),
    path("public/", include("dudao.complaints.public_urls")),  # school pages, complaint form, lookup
    path("public/", include("dudao.portal.public_urls")),
    path("public/surveys/", include("dudao.surveys.public_urls")),  # the login-free answer page
    path("", include("dudao.complaints.urls")),  # /inspectors/complaints/…, /ledger/intake/…
    path("schools/", include("dudao.schools.urls")),
    path("inspectors/", include("dudao.inspectors.urls")),
    path("settings/", include("dudao.regionsettings.urls")),
    path("documents/", include("dudao.documents.urls")),
    path("frameworks/", include("dudao.frameworks.urls")),
    path("surveys/", include("dudao.surveys.urls")),
    path("inspections/", include("dudao.inspections.urls")),
    path("ledger/", include("dudao.accountability.urls")),  # 问责: /ledger/cases/, interviews/, circulars/
    path("measures/", include("dudao.measures.urls")),  # plans, measures, reform projects, charters (I1–I4)
    path("ledger/", include("dudao.ledger.urls")),
    path("monitoring/quality/", include("dudao.monitoring.quality_urls")),  # 质量监测结果
    path("monitoring/", include("dudao.monitoring.urls")),
    path("monitoring/", include("dudao.monitoring.campaign_urls")),  # 创建计划, 监测项目
    path("upward/", include("dudao.upward.urls")),  # 上级评估 and 备案 (issue 14 items 3, 9)
    path("governance/", include("dudao.governance.urls")),
    path("committee/", include("dudao.committee.urls")),
    path("planner/", include("dudao.planner.urls")),  # 督导计划 (issue 19)
    path("incentives/", include("dudao.incentives.urls")),
    path("finance/", include("dudao.finance.urls")),
    path("workplaces/", include("dudao.workplaces.urls")),
    path("portal/", include("dudao.portal.urls")),
    path("dashboards/", include("dudao.dashboards.urls")),
    path("files/", include("dudao.attachments.urls")),
    path("", include("dudao.ui.urls")),
]
# No public /media/ URL: every stored file goes through a view that checks the user may see it
# (dudao/attachments/views.py, the portal's and the public sign's own views).
