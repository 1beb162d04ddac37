"""A small arithmetic captcha drawn server-side with Pillow (no external service, no CDN): the
question is an image, the answer is kept in the cache under a random key for five minutes and can
be checked once."""

import io
import secrets

from django.core.cache import cache
from PIL import Image, ImageDraw, ImageFont

TTL = 300
PREFIX = "dudao:captcha:"


def new() -> str:
    """A new challenge; returns its key (the image is at ``accounts:captcha``)."""
    a, b = 1 + secrets.randbelow(9), 1 + secrets.randbelow(9)
    key = secrets.token_urlsafe(16)
    cache.set(PREFIX + key, {"q": f"{a} + {b} = ?", "a": str(a + b)}, timeout=TTL)
    return key


def check(key: str | None, answer: str | None) -> bool:
    """Whether ``answer`` solves challenge ``key``; a challenge is used up by any attempt."""
    if not key or answer is None:
        return False
    value = cache.get(PREFIX + key)
    cache.delete(PREFIX + key)
    return bool(value) and value["a"] == str(answer).strip()


def image(key: str) -> bytes | None:
    value = cache.get(PREFIX + key)
    if not value:
        return None
    rnd = secrets.SystemRandom()
    img = Image.new("RGB", (160, 50), (245, 247, 250))
    draw = ImageDraw.Draw(img)
    for _ in range(6):
        draw.line([(rnd.randint(0, 160), rnd.randint(0, 50)), (rnd.randint(0, 160), rnd.randint(0, 50))],
                  fill=(rnd.randint(120, 200),) * 3, width=1)
    font = ImageFont.load_default(size=28)
    x = 8
    for ch in value["q"]:
        draw.text((x, rnd.randint(4, 12)), ch, font=font, fill=(rnd.randint(0, 80), rnd.randint(0, 80), 120))
        x += 17 if ch != " " else 8
    for _ in range(120):
        draw.point((rnd.randint(0, 159), rnd.randint(0, 49)), fill=(rnd.randint(100, 220),) * 3)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()
