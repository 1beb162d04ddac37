"""The indices' rows of the permission matrix (collected through ``matrix.py``): the 优质均衡,
普及普惠, trend and what-if operations and the two county pages, on 南岸区 (the object is the county).
The county office and the city above it read them; the township below, the sibling district, no role
and anonymous do not (404 / 401 / login). A school's own users get 404 too (``test_indices_api.py``).

Elsewhere (``test_indices_api.py``): a city's counties side by side (the object is the city, which the
county office may not read) and the landing page that redirects to one of them."""

from dudao.accounts.roles import RoleCode
from dudao.testing.matrix import Endpoint

LEADER = RoleCode.LEADER
API = "/api/v1/monitoring/indices"


def county(tree):
    return tree["nanan"]


INDICES_ENDPOINTS = [
    Endpoint("api indices balance", "api", "detail", LEADER, county, lambda o: f"{API}/balance/{o.pk}/2025"),
    Endpoint("api indices preschool", "api", "detail", LEADER, county, lambda o: f"{API}/preschool/{o.pk}/2025"),
    Endpoint("api indices trend", "api", "detail", LEADER, county, lambda o: f"{API}/trend/{o.pk}/2025"),
    Endpoint("api indices what-if", "api", "detail", LEADER, county, lambda o: f"{API}/what-if/{o.pk}/2025"),
    Endpoint("ui indices balance", "ui", "detail", LEADER, county, lambda o: f"/monitoring/balance/{o.pk}/2025/"),
    Endpoint("ui indices preschool", "ui", "detail", LEADER, county, lambda o: f"/monitoring/preschool/{o.pk}/2025/"),
]
INDICES_OWN_PATHS = {f"{API}/counties/{{region_id}}/{{year}}"}
INDICES_OWN_PAGES = {"monitoring:indices", "monitoring:indices_counties"}
