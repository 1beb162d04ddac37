"""The region map's rows of the permission matrix (collected through ``matrix.py``): the page, its
JSON and the API twin, on 南岸区 (the object is the region). The district and the city above it
open it; the township below, the sibling district and no role get 404; anonymous 401 / login.

Elsewhere (``test_map.py``): the boundary files (``dashboards:map_boundary``; only 重庆市 has one,
so the district's own file is a 404 for everyone — ``test_boundaries_only_for_a_region_in_scope``)."""

from dudao.accounts.roles import RoleCode
from dudao.testing.matrix import Endpoint

LEADER = RoleCode.LEADER


def district(tree):
    return tree["nanan"]


def _code(o):
    return getattr(o, "code", "")  # the guards read the path from a stand-in with only ``pk``


MAP_ENDPOINTS = [
    Endpoint("ui region map", "ui", "detail", LEADER, district, lambda o: f"/dashboards/map/?region={_code(o)}"),
    Endpoint("ui region map data", "ui", "detail", LEADER, district,
             lambda o: f"/dashboards/map/data/?region={_code(o)}"),
    Endpoint("api region map", "api", "detail", LEADER, district, lambda o: f"/api/v1/dashboards/map?region={_code(o)}"),
]
MAP_OWN_PATHS: set = set()
MAP_OWN_PAGES = {"dashboards:map_boundary"}
