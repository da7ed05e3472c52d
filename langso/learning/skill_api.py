"""The skill part of the learning API (mounted under /api/v1 by langso.api)."""

from ninja import Router

router = Router(tags=["learning"])
