"""``selectors.per_child``: the grouped read (one GROUP BY on the child-level path prefix) every
region table uses gives the same counts as one conditional count per child — with children whose
paths differ in length (disjoint tops of different levels), rows of the root's own units and
children without rows."""

from django.db.models import Count, Q

from dudao.dashboards import selectors
from dudao.orgs.models import Unit
from dudao.testing.factories import UnitFactory


def _units(tree):
    for key, n in (("cq", 1), ("nanan", 2), ("nanan_town", 3), ("ddk", 1), ("ddk_town", 4), ("zy", 2), ("sc", 1)):
        for _ in range(n):
            UnitFactory(region=tree[key])


def test_grouped_counts_equal_one_conditional_count_per_child(tree):
    _units(tree)
    scopes = [
        selectors.Scope("province", tree["cq"], [tree["nanan"], tree["ddk"]]),
        # disjoint tops of different levels: two path lengths, two statements
        selectors.Scope("multi", None, [tree["nanan_town"], tree["ddk"], tree["sc"]]),
        selectors.Scope("county", tree["ddk"], [tree["ddk_town"]]),
        selectors.Scope("county", tree["nanan_town"], []),
    ]
    for scope in scopes:
        qs = Unit.objects.filter(selectors.children_bound(scope))
        got = selectors.per_child(scope, qs, n=Count("pk"), named=Count("pk", filter=Q(name__endswith="1")))
        want = {c.pk: qs.aggregate(n=Count("pk", filter=Q(region_path__startswith=c.path)),
                                   named=Count("pk", filter=Q(region_path__startswith=c.path, name__endswith="1")))
                for c in scope.children}
        assert got == want, scope
    multi = scopes[1]
    counts = selectors.per_child(multi, Unit.objects.filter(selectors.children_bound(multi)), n=Count("pk"))
    assert [counts[c.pk]["n"] for c in multi.children] == [3, 5, 3]
