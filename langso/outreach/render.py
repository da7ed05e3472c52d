"""The words of an announcement as each recipient and each channel gets them.

Variables (``{ten}`` the recipient's name, ``{thon}`` their village, ``{han}`` the deadline) are
filled for each recipient when the message is sent; nothing else of anyone's personal data ever
goes into a message. SMS are counted in segments as the network counts them: GSM-7 (160
characters, 153 a part when split; a few symbols take two) unless one character is outside it
(every Vietnamese letter with a diacritic is), and then UCS-2 (70, 67 a part).
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from langso.core.dates import format_date
from langso.core.errors import DomainError
from langso.outreach.errors import OutreachError
from langso.outreach.models import Channel, LinkKind

VARIABLES = ("ten", "thon", "han")
_VARIABLE = re.compile(r"\{([^{}\s]{1,20})\}")

# The GSM 03.38 default alphabet, and the extension table whose characters take two septets.
GSM7 = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = frozenset("^{}\\[~]|€\f")


@dataclass(frozen=True)
class Segments:
    encoding: str  # "GSM-7" or "UCS-2"
    characters: int  # as the network counts them (septets for GSM-7, UTF-16 units for UCS-2)
    segments: int
    per_segment: int


def sms_segments(text: str) -> Segments:
    if all(char in GSM7 or char in GSM7_EXTENDED for char in text):
        length = sum(2 if char in GSM7_EXTENDED else 1 for char in text)
        single, part, encoding = 160, 153, "GSM-7"
    else:
        length = len(text.encode("utf-16-le")) // 2
        single, part, encoding = 70, 67, "UCS-2"
    if length <= single:
        return Segments(encoding, length, 1 if length else 0, single)
    return Segments(encoding, length, -(-length // part), part)


def plain(text: str) -> str:
    """``text`` without diacritics, case kept ("Xã Thuận Châu" → "Xa Thuan Chau")."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def check_variables(text: str, field: str = "text") -> None:
    """Refuses a text naming a variable other than ``{ten}``, ``{thon}`` and ``{han}``."""
    for name in _VARIABLE.findall(text):
        if name not in VARIABLES:
            raise DomainError(
                OutreachError.VARIABLE_UNKNOWN,
                _("{%(name)s} is not a variable; use {ten}, {thon} or {han}.") % {"name": name},
                field=field,
            )


def fill(text: str, *, name: str, village: str, deadline: date | None) -> str:
    values = {
        "ten": name,
        "thon": village,
        "han": format_date(deadline) if deadline else "",
    }
    return _VARIABLE.sub(lambda match: values.get(match.group(1), match.group(0)), text)


def public_url(path: str) -> str:
    """An address people open from a message, on the site's public address."""
    return f"{settings.LANGSO_PUBLIC_URL}{path}"


def link_url(kind: str, ref: str) -> str:
    """Where the announcement's link leads: a guide's public page, the link checker with the
    warned-of link or number filled in, or a campaign's page (members only)."""
    if kind == LinkKind.GUIDE:
        return public_url(reverse("guides:page", args=[ref]))
    if kind == LinkKind.WARNING:
        return public_url(reverse("trust:check") + "?" + urlencode({"q": ref}))
    if kind == LinkKind.CAMPAIGN:
        return public_url(reverse("campaigns:campaign", args=[int(ref)]))
    return ""


def compose(
    channel: str, *, title: str, text: str, link: str, opt_out: str = "", sender: str = ""
) -> str:
    """The message as ``channel`` carries it. SMS and Zalo text have no title line of their own,
    so the title leads the text; a message to a resident ends with how to stop them."""
    if channel in (Channel.SMS, Channel.ZALO):
        # The sender's name without diacritics on SMS: it alone would not make a message of
        # unaccented words UCS-2 (70 characters a part instead of 160).
        shown = plain(sender) if channel == Channel.SMS else sender
        head = f"{shown}: {title}" if shown else title
        parts = [f"{head}. {text}".strip()]
        if link:
            parts.append(link)
        if opt_out:
            parts.append(_("Stop messages: %(url)s") % {"url": opt_out})
        return " ".join(parts)
    parts = [text]
    if link:
        parts.append(link)
    return "\n\n".join(parts)


def previews(
    *, title: str, text: str, link: str, sender: str, deadline: date | None, channels: list[str]
) -> dict[str, dict[str, object]]:
    """The text as each channel will show it, filled with example values, and for SMS its
    characters and segments (the opt-out link counted at its real length)."""
    example = fill(text, name="Lò Thị Xuân", village="Bản Mé", deadline=deadline)
    sample_opt_out = public_url("/huy-nhan-tin/3f2a1c-abcdefghjk")
    shown: dict[str, dict[str, object]] = {}
    for channel in channels:
        body = compose(
            channel,
            title=title,
            text=example,
            link=link,
            opt_out=sample_opt_out if channel in (Channel.SMS, Channel.ZALO) else "",
            sender=sender,
        )
        entry: dict[str, object] = {"text": body}
        if channel == Channel.SMS:
            entry["segments"] = sms_segments(body)
        shown[channel] = entry
    return shown
