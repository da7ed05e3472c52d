"""Codes for tests of two-step verification, from the device's own secret."""

import time

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from langso.accounts import services
from langso.accounts.models import User


def totp_code(device: TOTPDevice) -> str:
    """A code the device accepts now: never from a time step it has already used (``last_t``)."""
    device.refresh_from_db()
    now_step = (int(time.time()) - device.t0) // device.step
    step = max(now_step + device.drift, device.last_t + 1)
    code = totp(device.bin_key, step=device.step, t0=device.t0, drift=step - now_step)
    return f"{code:06d}"


def wrong_code(device: TOTPDevice) -> str:
    """Six digits that match none of the codes the device would accept around now."""
    near = {
        f"{totp(device.bin_key, step=device.step, t0=device.t0, drift=drift):06d}"
        for drift in range(device.drift - 3, device.drift + 4)
    }
    return next(code for code in (f"{digit}" * 6 for digit in range(10)) if code not in near)


def enrol(user: User) -> TOTPDevice:
    device = services.totp_start(user=user)
    return services.totp_confirm(user=user, token=totp_code(device))
