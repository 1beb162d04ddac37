"""Permission-matrix rows for the schools, region-settings and inspector-corps endpoints and pages
(collected by ``tests/test_permission_matrix.py``); the rows themselves are in
``dudao.testing.corps_matrix``."""

from dudao.testing.corps_matrix import CORPS_ENDPOINTS, OWN_PAGES

from .matrix_contacts import CONTACT_ENDPOINTS

ENDPOINTS = [*CORPS_ENDPOINTS, *CONTACT_ENDPOINTS]

__all__ = ["ENDPOINTS", "OWN_PAGES"]
