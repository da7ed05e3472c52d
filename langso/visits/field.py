"""The field app's own files: the service worker, the manifest and the icons.

The service worker must be served from /field/ to control /field/; its cache name carries a
digest of the app's files, so a new version replaces the old cache when it is installed.
"""

import hashlib
import io
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw

FIELD_STATIC = Path(settings.BASE_DIR) / "static" / "field"
BRAND = (11, 87, 170)


@cache
def version() -> str:
    digest = hashlib.sha256()
    for path in sorted(FIELD_STATIC.glob("*")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@cache
def icon(size: int) -> bytes:
    """A plain icon: the brand colour with a white house outline (no image files to keep)."""
    image = Image.new("RGB", (size, size), BRAND)
    draw = ImageDraw.Draw(image)
    unit = size / 16
    roof = [(3 * unit, 8 * unit), (8 * unit, 3.5 * unit), (13 * unit, 8 * unit)]
    draw.line(roof, fill="white", width=max(2, int(unit)))
    draw.rectangle(
        [4.5 * unit, 8 * unit, 11.5 * unit, 13 * unit], outline="white", width=max(2, int(unit))
    )
    draw.rectangle([7 * unit, 10 * unit, 9 * unit, 13 * unit], fill="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def labels() -> dict[str, str]:
    """The field app's texts for its to-do list, campaigns' to-dos, households' pages and
    offline additions (the older ones are in ``views.labels``); translated here, so its
    JavaScript has none."""
    return {
        "orderTodo": _("Most to do"),
        "orderUnvisited": _("Not visited longest"),
        "orderBy": _("Order"),
        "village": _("Village"),
        "allVillages": _("All villages"),
        "shown": _("%(shown)s of %(total)s households"),
        "more": _("Show more"),
        "lacksAll": _("none of the %(count)s yet"),
        "allDone": _("Nobody here lacks anything on the list."),
        "lastVisit": _("Last visit"),
        "notVisited": _("Not visited yet"),
        "by": _("by"),
        "followUp": _("Come back on"),
        "followUpSet": _("Set the day to come back"),
        "followUpClear": _("Clear"),
        "followUpSaved": _("The day to come back is saved."),
        "history": _("Visits"),
        "noHistory": _("No visit recorded yet."),
        "you": _("you"),
        "addHousehold": _("Add a household"),
        "addResident": _("Add a person"),
        "headName": _("Head of household (full name)"),
        "number": _("Household number"),
        "fullName": _("Full name"),
        "birthYear": _("Year of birth"),
        "sex": _("Sex"),
        "male": _("Male"),
        "female": _("Female"),
        "unknown": _("sex not given"),
        "relationship": _("Relationship to the head"),
        "added": _("Added. It will be sent at the next sync."),
        "notSentShort": _("not sent yet"),
        "notSent": _("Not sent yet: visits can be recorded for it once it is synced."),
        "correct": _("Correct the name or year"),
        "correction": _("Correction"),
        "correctionSent": _(
            "The correction will be sent at the next sync; a commune officer then accepts it."
        ),
        "correctionWaiting": _("Correction waiting to be sent"),
        "nothingToCorrect": _("Change the name or the year of birth first."),
        "yearInvalid": _("The year of birth must be between 1900 and this year."),
        "nameNeeded": _("Enter the full name."),
        "when": _("When"),
        "today": _("Today"),
        "time": _("Time"),
        "futureVisit": _("The visit cannot be later than now."),
        "dismiss": _("Understood"),
        "household": _("Household"),
        "mergedInto": _(
            "This household was found to be the same as another and merged into it: here is "
            "the household kept."
        ),
        "gone": _("This household is no longer in your villages."),
        # A campaign's to-do: the households given to the member, with what is left to do.
        "todo": _("To do"),
        "todoOf": _("To do: %(name)s"),
        "allHouseholds": _("All households"),
        "goals": _("Goals"),
        "endsOn": _("Ends on"),
        "assigned": _("%(count)s households given to you, %(done)s done"),
        "noneAssigned": _("No household of this campaign is given to you yet."),
        "campaignGone": _("That campaign has ended, or you no longer take part in it."),
        "theHousehold": _("The household"),
        "householdHas": _("What the household has"),
        # The button to the guides (their own texts come with their code: learning_labels).
        "guides": _("Guides"),
    }


def learning_labels() -> dict[str, str]:
    """The texts of the field app's guides and skills, sent with their code (``learning.js``)
    rather than in the shell, which must stay small."""
    return {
        "skillsSeen": _("Skills they did by themselves"),
        # Opens the member's record of the month (reports.recognition_views.field_module).
        "myMonth": _("My month"),
        "skillsHint": _("tick only what you saw them do, not what they told you"),
        "guides": _("Guides"),
        "guidesNone": _("No guide yet: they come with the next sync."),
        "guideFor": _("For"),
        "guideProblems": _("Common problems"),
        "guideSource": _("Official source"),
        "guideUpdated": _("updated"),
        "pictureMissing": _("picture not available offline"),
    }


def inbox_labels() -> dict[str, Any]:
    """The texts of the field app's inbox of announcements, sent with its code (``inbox.js``)."""
    return {
        "inbox": _("Announcements"),
        "back": _("Back"),
        "none": _("No announcement yet: they come with the next sync."),
        "unreadCount": _("Unread: %(count)s"),
        "allRead": _("All read."),
        "new": _("new"),
        "urgent": _("urgent"),
        "sent": _("Sent"),
        "deadline": _("deadline"),
        "open": _("Open the link"),
        "links": {
            "guide": _("Open the guide"),
            "campaign": _("Open the campaign"),
            "warning": _("Check this link or number"),
        },
    }
