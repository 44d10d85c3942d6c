"""ontwerptafel: a participatory workshop as open data and as its report.

The data package (``datapackage.json`` and ``data/``) is the one source of
truth; everything else is generated from it.
"""

__version__ = "1.0.0"
