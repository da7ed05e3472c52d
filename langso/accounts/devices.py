"""What a person needs to recognise the device a token was given to, read from its user agent.

The user agent itself is not kept: only the browser (or program) and the system it names, and
the phone's model when the user agent still carries one (Chrome on Android no longer does; the
field app then sends the model the browser reports). The parsing rules are uap-core's, through
the ``ua-parser`` package, so that new browsers are recognised by upgrading it.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from ua_parser import parse

from langso.core.text import one_line

FIELD_MAX = 60  # ApiToken.browser, .system, .device_name

# uap-core's names for the mobile builds of a browser; a person knows the browser by its name.
_BROWSER_NAMES = {
    "Chrome Mobile": "Chrome",
    "Chrome Mobile iOS": "Chrome",
    "Chrome Mobile WebView": "Chrome WebView",
    "HeadlessChrome": "Chrome",
    "Mobile Safari": "Safari",
    "Mobile Safari UI/WKWebView": "Safari",
    "Firefox Mobile": "Firefox",
    "Firefox iOS": "Firefox",
    "Edge Mobile": "Edge",
    "Opera Mobile": "Opera",
}
_SYSTEM_NAMES = {"Mac OS X": "macOS"}


@dataclass(frozen=True)
class Device:
    browser: str
    system: str
    name: str


def _clip(text: str | None) -> str:
    clean = one_line(text or "")
    return "" if clean == "Other" else clean[:FIELD_MAX]


def describe(user_agent: str, *, name: str = "") -> Device:
    """The browser, system and name of a device: ``name`` as the client gave it, else the model
    its user agent names (when it names a real one, not Chrome's reduced "K")."""
    found = parse(user_agent[:1000]) if user_agent else None
    browser = system = model = ""
    if found is not None:
        if found.user_agent is not None:
            family = found.user_agent.family
            browser = _BROWSER_NAMES.get(family, family)
        if found.os is not None:
            system = _SYSTEM_NAMES.get(found.os.family, found.os.family)
        device = found.device
        if device is not None and not (device.brand or "").startswith("Generic"):
            model = device.family
    return Device(browser=_clip(browser), system=_clip(system), name=_clip(name) or _clip(model))


def device_label(*, browser: str, system: str, name: str) -> str:
    """How a device is shown in a list: "Chrome trên Android · SM-A125F"."""
    if browser and system:
        label = _("%(browser)s on %(system)s") % {"browser": browser, "system": system}
    else:
        label = browser or system
    if name and name not in label:
        label = f"{label} · {name}" if label else name
    return label or _("Unknown device")
