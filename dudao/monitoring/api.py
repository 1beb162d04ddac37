"""/api/v1/monitoring: collections, elements, rounds, submissions, values, transitions, reminders,
completeness — each the twin of a page action, calling the same service."""

from ninja import Router

from dudao.common.schemas import ErrorOut

router = Router(tags=["评估监测"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
