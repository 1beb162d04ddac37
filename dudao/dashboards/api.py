"""/api/v1/dashboards: the figures, the map and the measures behind every dashboard."""

from ninja import Router

router = Router(tags=["dashboards"])
