"""The dashboard as a Telegram Mini App: an HTTP server inside the bot process.

Owns the web front of the regional dashboard and of a coordinator's own results: the page and
its scripts (``static/``), the JSON API under ``/api/``, the validation of Telegram's signed
``initData`` on every call, and the ``web_app`` buttons and staff menu button that open it.
It lives in ``bot/`` because it is a Telegram front like the chat: it runs in the
Application's event loop, sends a nudge through the same broadcaster, and renders the same core
queries (:mod:`dialogs.regional.dashboard`); it holds no business rules of its own.
"""
