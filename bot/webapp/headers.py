"""What every answer of the dashboard carries: security headers, and the JSON of a refusal.

The content security policy allows scripts only from the bot itself and Telegram's own
``telegram-web-app.js``, no inline script or style, fetches only to the bot, and embedding
only by Telegram Web (the apps use a web view). The page and every API answer are
``no-store``: they are about a person; the static files are revalidated on each load.
"""

from __future__ import annotations

from collections.abc import MutableMapping

from aiohttp import web

CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self' https://telegram.org",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        # Telegram Web shows a Mini App in an iframe; the apps use a web view.
        "frame-ancestors 'self' https://web.telegram.org https://*.telegram.org",
    ]
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def secure(request: web.Request, headers: MutableMapping[str, str]) -> None:
    headers.update(HEADERS)
    if request.path.startswith("/static/"):
        headers["Cache-Control"] = "no-cache"  # revalidated: a new release shows at once
    else:  # the page and every answer about a person: never stored
        headers["Cache-Control"] = "no-store"


def error_response(status: int, error: str, message: str) -> web.Response:
    return web.json_response({"error": error, "message": message}, status=status)


def accept_language(request: web.Request) -> str | None:
    header = request.headers.get("Accept-Language", "")
    return header.split(",")[0].strip() or None
