"""The pure part of the trust checker: no database, no network, no Django request.

``Engine(catalog)`` answers ``check(text)``; the Django side (``trust.selectors``) builds the
catalog from the database, looks the lists up for a whole batch and turns reason codes into
sentences (``trust.reasons``).
"""

from langso.trust.engine.checker import Engine, Known, Listing, Reports
from langso.trust.engine.codes import Finding, Kind, Reason, Result, Strength, Verdict
from langso.trust.engine.hosts import LinkError
from langso.trust.engine.lookalike import BrandInfo, Catalog

__all__ = [
    "BrandInfo",
    "Catalog",
    "Engine",
    "Finding",
    "Kind",
    "Known",
    "LinkError",
    "Listing",
    "Reason",
    "Reports",
    "Result",
    "Strength",
    "Verdict",
]
