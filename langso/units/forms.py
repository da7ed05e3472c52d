from django import forms
from django.utils.translation import gettext_lazy as _


class VillageForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the village, hamlet or sub-area"),
        max_length=150,
        help_text=_("For example: Bản Hua Nà, Tiểu khu 3, Thôn Đoàn Kết"),
    )
    valid_from = forms.DateField(
        label=_("Exists since"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
