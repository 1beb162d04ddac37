"""Re-export of the scoping primitive, which lives in the model-free layer
(``dudao.common.scoping``). Import it from there; this name remains for old imports."""

from dudao.common.scoping import (  # noqa: F401
    ALL,
    ScopedQuerySet,
    get_for_user_or_404,
    get_for_user_or_invalid,
    region_in_scope,
    regions_in_scope,
    scope_predicate,
    user_assignments,
    user_has_perm,
    user_roles,
)
