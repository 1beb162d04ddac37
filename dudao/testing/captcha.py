"""Tests solve the image captcha by reading the answer where the server keeps it (the cache)."""

from django.core.cache import cache

from dudao.accounts.captcha import PREFIX


def answer(key: str) -> str:
    return cache.get(PREFIX + key)["a"]


def session_answer(client, session_key: str) -> str:
    """The answer to the captcha whose key the page put in the client's session."""
    return answer(client.session[session_key])
