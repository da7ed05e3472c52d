from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Household list"),
        help_text=_("Excel (.xlsx, .xls), OpenDocument (.ods) or CSV (UTF-8), up to 20 MB."),
    )
    create_villages = forms.BooleanField(
        label=_("Create the villages the list names that the commune does not have yet"),
        required=False,
    )
