"""How the API reads a JSON body: declared as JSON, an object, with numbers JSON allows, or a
refusal."""

import json
from typing import Any, NoReturn

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.parser import Parser
from pydantic import BaseModel

from langso.core.errors import CoreError, DomainError
from langso.core.web import require_json


def _not_json(constant: str) -> NoReturn:
    # Python's json module reads NaN and Infinity, which are not JSON: no client of ours sends
    # them, and a non-finite number has no meaning in any field we keep.
    raise ValueError(constant)


class ObjectBodyParser(Parser):
    """Every body of our operations is a JSON object.

    django-ninja hands whatever the JSON was to the operation's schema, and a ninja ``Schema``
    reads its fields as attributes of any object: ``[]``, ``1`` or ``null`` would pass as an
    object whose fields all take their defaults (a household with no name, created). Refused
    here, once, before any schema sees it. ninja answers a parser's error with an ``HttpError``
    whose cause is this refusal, and the API's handler answers the refusal itself.
    """

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        # A body declared as anything but JSON is refused before it is read (415): browsers
        # send text/plain across sites without asking. ninja also reads each JSON field of a
        # multipart upload through here, on a stand-in request without a type of its own
        # (None): the upload's type was accepted already.
        if request.content_type is not None:
            require_json(request)
        data = json.loads(request.body, parse_constant=_not_json)
        if not isinstance(data, dict):
            raise DomainError(
                CoreError.BODY_NOT_OBJECT,
                _("The request body must be a JSON object ({…}), not %(kind)s.")
                % {"kind": _json_kind(data)},
                field="body",
            )
        return data


def _json_kind(value: Any) -> str:
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, str):
        return _("a string")
    if isinstance(value, bool):
        return _("true or false")
    if value is None:
        return "null"
    return _("a number")


def json_body_schema(schema: type[BaseModel]) -> dict[str, Any]:
    """The OpenAPI ``requestBody`` of an operation that reads its JSON body itself (to answer
    every refusal in the error shape): passed as ``openapi_extra``, so the document still says
    what the body is."""
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": schema.model_json_schema()}},
        }
    }
