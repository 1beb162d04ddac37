"""The monitoring app's rows of the permission matrix (``tests/test_permission_matrix.py``).
Quality-monitoring results: ``quality_matrix.py`` (merge note: add the collection rows beside)."""

from .quality_matrix import ENDPOINTS as QUALITY_ENDPOINTS

ENDPOINTS = [*QUALITY_ENDPOINTS]
OWN_PAGES = {"quality:template"}  # the blank template: test_quality.py::test_the_rule_page_and_template
