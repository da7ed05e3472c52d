"""A phone in the test's browser: the page size, clock and error watch every end-to-end test
starts from (Debian's Chromium through Playwright, the ``chromium`` fixture)."""

from typing import Any

from tests.clock import on_test_clock

PHONE = {"width": 390, "height": 844}


def watch(page: Any) -> list[str]:
    """The page's script errors and what its content security policy blocks, as they happen
    (a blocked script is reported on the console, not as an error)."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return errors


def phone(chromium: Any, **options: Any) -> tuple[Any, Any, list[str]]:
    """A new phone-sized page (390 px wide, mobile) on the test's clock, and its errors."""
    context = on_test_clock(chromium.new_context(viewport=PHONE, is_mobile=True, **options))
    page = context.new_page()
    return context, page, watch(page)


def log_in(page: Any, base: str, username: str, password: str) -> None:
    """Log in through the back office's own form, as a person would."""
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
