"""Wrong passwords lock a user name at one address first, and everywhere only past a much larger
count, so that nobody can lock an officer out just by knowing their user name.

- Five failures for one user name from one address (IPv6: one /64) in a 15-minute window lock
  that pair until the window ends. Guessing from one address is slow, and the user at their
  own office or phone is not affected by someone else's guesses elsewhere.
- Fifty failures for one user name in an hour, from any addresses, lock the name everywhere
  until the hour ends: guesses spread over many addresses. One address alone cannot get there
  (four windows of five make 20 counted failures an hour: attempts refused by a lock are not
  counted), so it takes a deliberate attack from at least three addresses; even then fifty
  guesses an hour against passwords of ten or more characters, checked against common ones, are
  harmless, while a colleague mistyping never comes near it.
- A user with two-step verification gets in while their name is locked by giving the 6-digit
  code together with the password (the pair lock still holds: it is the attacker's own). The
  answer to a wrong password and a wrong code is the same, so the lock does not become a way
  to test passwords.
- An officer who manages a unit on which the user holds a role, or a superuser, lifts both
  locks (``services.login_unlock``, written to the audit log).
- A successful login forgets the failures of its user name at its address.

Counting goes through the one rate limiter (``core.ratelimit``): user names and addresses are
stored only as keyed hashes. Failures are counted outside any transaction of the caller, in the
authentication backend (``accounts.backends``), which every ``authenticate()`` goes through: the
login page, the token endpoint and the admin's login alike.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _

from langso.accounts.errors import AccountError
from langso.core import ratelimit
from langso.core.ratelimit import Limit, RateLimited, wait_text

LOGIN_PAIR = Limit("login-pair", 5, 15 * 60)
LOGIN_NAME = Limit("login-name", 50, 60 * 60)


class LockScope(StrEnum):
    ADDRESS = "address"
    ACCOUNT = "account"


@dataclass(frozen=True)
class Lock:
    scope: LockScope
    retry_after: int

    @property
    def second_factor_opens(self) -> bool:
        """A name locked everywhere still opens to the password with a valid 6-digit code."""
        return self.scope == LockScope.ACCOUNT


def locked_out(lock: Lock) -> RateLimited:
    """The refusal of a locked login (429, ``Retry-After``), saying how long and what helps."""
    wait = {"wait": wait_text(lock.retry_after)}
    if lock.second_factor_opens:
        message = _(
            "Too many wrong passwords: this user name is locked for %(wait)s. If you use an "
            "authenticator app, log in now with your password and its 6-digit code; otherwise "
            "ask an officer who manages your unit to unlock it."
        )
    else:
        message = _(
            "Too many wrong passwords: this user name is locked on this connection for "
            "%(wait)s. Try again then, or ask an officer who manages your unit to unlock it."
        )
    refusal = RateLimited(lock.retry_after, message % wait, code=AccountError.LOCKED_OUT)
    refusal.details["lock"] = str(lock.scope)
    return refusal


def login_lock(*, username: str, address: str) -> Lock | None:
    """The lock that refuses a login as ``username`` from ``address`` now, if any."""
    pair = ratelimit.peek(LOGIN_PAIR, username, address)
    if pair.count >= LOGIN_PAIR.count:
        return Lock(LockScope.ADDRESS, pair.retry_after)
    name = ratelimit.peek(LOGIN_NAME, username)
    if name.count >= LOGIN_NAME.count:
        return Lock(LockScope.ACCOUNT, name.retry_after)
    return None


def name_locked(*, username: str) -> bool:
    """Whether ``username`` is locked everywhere now."""
    return ratelimit.peek(LOGIN_NAME, username).count >= LOGIN_NAME.count


def login_failed(*, username: str, address: str) -> None:
    ratelimit.hit(LOGIN_PAIR, username, address)
    ratelimit.hit(LOGIN_NAME, username)


def login_succeeded(*, username: str, address: str) -> None:
    """Forget the failures of this name at this address. The name's count stays: one user
    getting in says nothing about guesses coming from elsewhere."""
    ratelimit.clear(LOGIN_PAIR, username, address)


def login_forget(*, username: str) -> int:
    """Lift every lock of ``username``: its count, and its counts at every address."""
    return ratelimit.clear(LOGIN_PAIR, username) + ratelimit.clear(LOGIN_NAME, username)
