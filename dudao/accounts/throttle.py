"""Login throttling, counted in the cache (``CACHES``; Redis in production via DUDAO_CACHE_URL so
that every worker agrees) over a window of ``DUDAO_LOGIN_LOCKOUT_MINUTES``:

- per account and address: ``DUDAO_LOGIN_MAX_FAILURES`` failures block that address for that
  account — the account itself is never locked, so failures from one address do not keep its owner
  out from another;
- per address: ``DUDAO_LOGIN_IP_MAX_FAILURES`` failures (any accounts) block the address;
- per account or per address: ``DUDAO_LOGIN_CAPTCHA_AFTER`` failures ask for a captcha.

A blocked address is refused before any password hash is computed. Unknown login names are
counted exactly like real accounts, so the answers never tell which names exist."""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

PREFIX = "dudao:login"


def _window() -> int:
    return max(60, settings.DUDAO_LOGIN_LOCKOUT_MINUTES * 60)


def account_id(user, login: str) -> str:
    """The counter name of an account: its id, or a digest of the unknown login name."""
    if user is not None:
        return f"u{user.pk}"
    return "n" + hashlib.sha256((login or "").strip().lower().encode()).hexdigest()[:24]


def _generation(account: str) -> int:
    # Bumped by an administrator's unlock: every counter of the account starts again.
    return cache.get(f"{PREFIX}:gen:{account}", 0)


def _keys(account: str, ip: str) -> tuple[str, str, str]:
    gen = _generation(account)
    return (f"{PREFIX}:acct:{account}:{gen}", f"{PREFIX}:ip:{ip}", f"{PREFIX}:pair:{account}:{gen}:{ip}")


@dataclass
class State:
    blocked: bool
    captcha: bool


def state(account: str | None, ip: str) -> State:
    ip_n = cache.get(f"{PREFIX}:ip:{ip}", 0)
    acct_n = pair_n = 0
    if account is not None:
        acct_key, _ip_key, pair_key = _keys(account, ip)
        acct_n, pair_n = cache.get(acct_key, 0), cache.get(pair_key, 0)
    return State(
        blocked=ip_n >= settings.DUDAO_LOGIN_IP_MAX_FAILURES or pair_n >= settings.DUDAO_LOGIN_MAX_FAILURES,
        captcha=max(ip_n, acct_n) >= settings.DUDAO_LOGIN_CAPTCHA_AFTER,
    )


def _incr(key: str) -> int:
    cache.add(key, 0, timeout=_window())
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=_window())
        return 1


def failed(account: str, ip: str) -> None:
    for key in _keys(account, ip):
        _incr(key)


def succeeded(account: str, ip: str) -> None:
    acct_key, _ip_key, pair_key = _keys(account, ip)
    cache.delete_many([acct_key, pair_key])


def reset(account: str) -> None:
    """An administrator unlocks the account: all its counters (every address) start again."""
    key = f"{PREFIX}:gen:{account}"
    cache.set(key, _generation(account) + 1, timeout=None)
