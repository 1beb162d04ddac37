"""The monitoring app's rows of the permission matrix (collected by ``tests/test_permission_matrix.py``).
Campaigns and programmes keep theirs in ``campaign_matrix.py``."""

from .campaign_matrix import ENDPOINTS as CAMPAIGN_ENDPOINTS

ENDPOINTS = [*CAMPAIGN_ENDPOINTS]
