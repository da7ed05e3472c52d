"""Forms of the guide editor. They carry what an editor typed; what makes a guide right (the
required fields, their lengths, a known skill, an address free to use) is the services' to say,
so the page, the loader and any future API refuse the same things with the same words."""

from django import forms
from django.utils.translation import gettext_lazy as _

from langso.core.errors import DomainError
from langso.learning import guide_services as services


class GuideForm(forms.Form):
    title = forms.CharField(label=_("Title"), required=False)
    audience = forms.CharField(
        label=_("Who it is for"),
        required=False,
        help_text=_("For example: people aged 14 and over with a chip-based ID card."),
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    steps = forms.CharField(
        label=_("Steps"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Markdown: a numbered list (1. 2. 3.), each step with its picture. **bold**, "
            "*italic*, [text](https://...) links. Upload pictures below and paste the line "
            "the upload gives you."
        ),
    )
    problems = forms.CharField(
        label=_("Common problems"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown: a list, each problem in bold followed by what to do."),
    )
    source_title = forms.CharField(label=_("Official source"), required=False)
    source_url = forms.CharField(label=_("Address of the source"), required=False)
    skills = forms.CharField(
        label=_("Skills"),
        required=False,
        help_text=_(
            "Codes of the skills the guide teaches, separated by commas (such as 2.1, 4.1)."
        ),
    )
    note = forms.CharField(label=_("What changed"), required=False)

    def text(self) -> services.GuideText:
        data = self.cleaned_data
        return services.GuideText(
            title=data["title"],
            audience=data["audience"],
            summary=data["summary"],
            steps=data["steps"],
            problems=data["problems"],
            source_title=data["source_title"],
            source_url=data["source_url"],
            skills=[code.strip() for code in data["skills"].split(",") if code.strip()],
            note=data["note"],
        )

    def refuse(self, error: DomainError) -> None:
        """A service's refusal on the field it names (or over the form)."""
        name = error.field if error.field in self.fields else None
        self.add_error(name, str(error.message))


class NewGuideForm(GuideForm):
    slug = forms.CharField(
        label=_("Address"),
        required=False,
        help_text=_(
            "The end of the page's address: lowercase letters without accents, digits and "
            "hyphens, such as vneid-muc-2. It cannot be changed later."
        ),
    )
    field_order = ["slug"]


class ImageForm(forms.Form):
    image = forms.FileField(
        label=_("Picture"),
        help_text=_("A PNG, JPEG or WebP picture of at most 2 MB, such as a phone screenshot."),
    )
