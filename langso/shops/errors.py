from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from langso.core.errors import labelled


class ShopError(StrEnum):
    NOT_FOUND = "BUSINESS_NOT_FOUND"
    NAME_REQUIRED = "BUSINESS_NAME_REQUIRED"
    TOO_LONG = "BUSINESS_TEXT_TOO_LONG"
    OWNER_UNKNOWN = "BUSINESS_OWNER_UNKNOWN"
    CATEGORY_UNKNOWN = "BUSINESS_CATEGORY_UNKNOWN"
    OCOP_STARS = "BUSINESS_OCOP_STARS"
    BANK_UNKNOWN = "BUSINESS_BANK_UNKNOWN"
    ACCOUNT_INVALID = "BUSINESS_ACCOUNT_INVALID"
    ACCOUNT_WITHOUT_BANK = "BUSINESS_ACCOUNT_WITHOUT_BANK"
    NO_ACCOUNT = "BUSINESS_NO_ACCOUNT"
    PLATFORM_UNKNOWN = "SHOP_PLATFORM_UNKNOWN"
    LINK_INVALID = "SHOP_LINK_INVALID"
    LINK_NOT_ON_PLATFORM = "SHOP_LINK_NOT_ON_PLATFORM"
    STEP_UNKNOWN = "SHOP_STEP_UNKNOWN"
    STEP_IN_FUTURE = "SHOP_STEP_IN_FUTURE"
    CLOSED = "BUSINESS_CLOSED"
    MARKET_NOT_FOUND = "MARKET_NOT_FOUND"
    ID_TAKEN = "SHOP_ID_TAKEN"


SHOP_ERROR_LABELS = labelled(
    {
        ShopError.NOT_FOUND: _("There is no such household business."),
        ShopError.NAME_REQUIRED: _("Give the business a name."),
        ShopError.TOO_LONG: _("The text is too long."),
        ShopError.OWNER_UNKNOWN: _("Say who owns the business."),
        ShopError.CATEGORY_UNKNOWN: _("There is no such product category."),
        ShopError.OCOP_STARS: _("OCOP stars run from 1 to 5."),
        ShopError.BANK_UNKNOWN: _("This bank is not on the NAPAS list of banks."),
        ShopError.ACCOUNT_INVALID: _("An account number is 6 to 19 digits or letters."),
        ShopError.ACCOUNT_WITHOUT_BANK: _("Choose the bank of the account."),
        ShopError.NO_ACCOUNT: _("The business has no bank account to be paid to yet."),
        ShopError.PLATFORM_UNKNOWN: _("There is no such platform."),
        ShopError.LINK_INVALID: _("The shop link is not a web address."),
        ShopError.LINK_NOT_ON_PLATFORM: _("The shop link is not on the platform's website."),
        ShopError.STEP_UNKNOWN: _("There is no such checklist step."),
        ShopError.STEP_IN_FUTURE: _("A step cannot be done in the future."),
        ShopError.CLOSED: _("This business has closed."),
        ShopError.MARKET_NOT_FOUND: _("There is no such commune market."),
        ShopError.ID_TAKEN: _("Another record was already made with this id."),
    }
)
