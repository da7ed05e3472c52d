"""How answers travel: compressed where that is safe, cached as long as they cannot change.

Static files are collected with content hashes in their names and gzip copies beside them
(``StaticStorage``, WhiteNoise's compressed manifest storage) and served by WhiteNoise with a
year's ``Cache-Control: immutable`` (``StaticFilesMiddleware``). API answers in JSON are
gzipped on the fly (``JsonGZipMiddleware``); HTML pages are not, because they carry the CSRF
token next to text a visitor's query puts there (BREACH). See docs/architecture.md.
"""

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware
from whitenoise.middleware import WhiteNoiseMiddleware
from whitenoise.storage import CompressedManifestStaticFilesStorage

YEAR = 365 * 24 * 60 * 60


class StaticStorage(CompressedManifestStaticFilesStorage):  # type: ignore[misc]
    """Hashed names and gzip copies, made by ``collectstatic``.

    A file missing from the manifest (none collected yet: a fresh checkout running the tests
    or ``runserver``; or one added since the last ``collectstatic``) keeps its plain name, which
    WhiteNoise serves from the source folders with a short cache lifetime, instead of failing
    the page with a 500.
    """

    # Django's rewriting of ES module imports (support_js_module_import_aggregation) stays
    # off: the vendored htmx extensions import "../htmx", which it cannot resolve. Our own
    # scripts are single files (the field app's service worker caches them by hashed name).

    def stored_name(self, name: str) -> str:
        try:
            return str(super().stored_name(name))
        except ValueError:
            return name


class StaticFilesMiddleware(WhiteNoiseMiddleware):  # type: ignore[misc]
    """WhiteNoise, with a year (not its ten) for files whose names carry their hash: a hashed
    name never changes content, and a year is the far-future lifetime HTTP/1.1 advised
    (RFC 2616, 14.21) and caches honour."""

    FOREVER = YEAR


# What JsonGZipMiddleware compresses: data without secrets a third party could probe.
COMPRESSED_TYPES = frozenset(
    {"application/json", "application/problem+json", "application/manifest+json", "text/javascript"}
)


class JsonGZipMiddleware(GZipMiddleware):
    """Django's gzip (with its "Heal the Breach" random padding), for JSON and scripts only.

    HTML is left alone: BREACH guesses a secret on a page (the CSRF token, a revealed number)
    from the compressed size of answers to requests that also echo the attacker's text (a
    search box). The API's JSON carries no CSRF token, is fetched with a bearer token or a
    SameSite session cookie (which another site cannot make a browser send with a script),
    and is where the size is: the field app's pull of a village's households.
    """

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        kind = response.get("Content-Type", "").split(";")[0].strip().lower()
        if kind not in COMPRESSED_TYPES:
            return response
        return super().process_response(request, response)
