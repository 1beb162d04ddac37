"""Demo rows of the monitoring app (merge note: the collections' demo goes beside)."""

from . import quality_demo


def load(context, stdout):
    quality_demo.load(context, stdout)
