from importlib import import_module

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from dudao.common.scoping import user_has_perm
from dudao.orgs.choices import UnitKind
from dudao.orgs.models import Unit
from dudao.regions.choices import RegionLevel
from dudao.regions.models import Region


@login_required
def home(request):
    """Counts for the user's scope: units by kind and regions by level."""
    user = request.user
    cards = []
    # the counts of units and regions are the master-data keepers' (office, system administrator), not
    # a school's, an inspector's or a leader's (their homes are their sections)
    if user_has_perm(user, "orgs.change_unit"):
        units = Unit.objects.for_user(user, "view")
        counts = {row["kind"]: row["n"] for row in units.filter(is_active=True).order_by().values("kind").annotate(n=Count("id"))}
        for kind in UnitKind:
            cards.append({"label": kind.label, "count": counts.get(kind.value, 0), "icon": "building",
                          "url": f"/units/?kind={kind.value}"})
    region_cards = []
    if user_has_perm(user, "orgs.change_unit") and user_has_perm(user, "regions.view_region"):
        regions = Region.objects.for_user(user, "view")
        by_level = {row["level"]: row["n"] for row in regions.order_by().values("level").annotate(n=Count("id"))}
        region_cards = [{"label": lvl.label, "count": by_level.get(lvl.value, 0)} for lvl in RegionLevel]
    sections = module_sections(user)
    slot = (dashboard_slot(user, timezone.localdate()) if any(s.get("slot") == "dashboard" for s in sections)
            else {"dashboard_on_home": False})
    return render(request, "ui/home.html", {"cards": cards, "region_cards": region_cards, "title": _("首页"),
                                            "module_sections": sections, **slot})


def dashboard_slot(user, today) -> dict:
    """The office's and the leader's home carry this year's key figures and rectification by region
    (``dashboards.selectors.dashboard_context``, the partial ``dashboards/_dashboard.html`` in its
    compact form) and the region map (``{% region_map %}``, coloured by overdue rectification) below
    their lists; the whole dashboard is one click away (/dashboards/)."""
    from dudao.dashboards.measures import Period
    from dudao.dashboards.selectors import OutOfScope, dashboard_context

    try:
        ctx = dashboard_context(user, Period(today.year), today=today)
    except OutOfScope:
        return {"dashboard_on_home": False}
    tables = {k: t for k, t in ctx["tables"].items() if k in HOME_TABLES}
    return {"dashboard_on_home": True, **ctx, "tables": tables, "compact": True,
            "charts": [c for c in ctx["charts"] if c["key"] in HOME_TABLES]}


#: The dashboard tables the home shows (the rest are on /dashboards/).
HOME_TABLES = ("ledger_region",)


def _home_modules():
    """The ``home`` modules of Dudao's apps, in INSTALLED_APPS order (each has ``sections``)."""
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("dudao."):
            continue
        try:
            modules.append(import_module(f"{config.name}.home"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.home":
                raise
    return modules


def module_sections(user) -> list[dict]:
    """Cards the modules contribute to the home page: ``sections(user, today)`` of each app's
    ``home`` module returns ``[{"title", "cards": [{"label", "count", "url", "icon", "tone"}],
    "notifications": [...]}]``."""
    today = timezone.localdate()
    found = [section for module in _home_modules() for section in module.sections(user, today)]
    return sorted(found, key=lambda section: not section.get("lead"))  # the homes by role first (``ui.home``)
