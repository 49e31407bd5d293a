"""The dashboard's HTTP server (aiohttp), in the bot's event loop, started and stopped with it.

Every ``/api/`` call carries ``Authorization: tma <initData>``; :mod:`bot.webapp.auth`
validates it before anything else (401 for anything forged, tampered or expired, also on paths
that do not exist), then the same role and region checks as the chat decide (403). No cookie,
no session: each call stands on its own signed initData. Heavier work (the region picture over
thousands of index entries, reading scans for the trend) runs in a worker thread on a snapshot,
so chats are not held up.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from importlib.resources import files
from typing import Any

from aiohttp import web

from bot.context import App
from bot.nudges import DENIED, nudge, nudged_today
from bot.webapp import views
from bot.webapp.auth import InitDataError, WebAppUser, unverified_language, validate
from bot.webapp.headers import accept_language, error_response, secure
from bot.webapp.page_texts import FORBIDDEN_REGION, NOT_FOUND, UNAUTHORIZED, page_texts
from bot.webapp.plans_hook import NO_PLANS, PlanSource, plan_source
from dialogs.regional.access import NOT_STAFF, StaffMember
from dialogs.regional.dashboard import region_picture
from dialogs.regional.trend import TrendCache
from regiescan.renderers.region_documents import read_users
from regiescan.wiring.i18n import LOCALES, Translator
from regiescan.wiring.services import Services

log = logging.getLogger("regiescan.webapp")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# A staff route, called once the member and the region asked were checked.
StaffHandler = Callable[[web.Request, Translator, StaffMember, str], Awaitable[web.Response]]
USER = web.RequestKey("user", WebAppUser)  # the validated user, on the request
STATIC = {"app.js": "text/javascript", "app.css": "text/css"}


def _asset(name: str) -> bytes:
    return files("bot.webapp").joinpath("static", name).read_bytes()


class Dashboard:
    """The aiohttp application and its listening socket, for one PTB Application."""

    def __init__(
        self, app: App, plans: PlanSource = NO_PLANS, clock: Callable[[], float] = time.time
    ) -> None:
        self.app = app
        self.plans = plans
        self.clock = clock
        services = app.bot_data.services
        self.trends = TrendCache(
            lambda ids: read_users(services, ids, None), services.registry, services.content
        )
        self._trend_lock = asyncio.Lock()
        self._starter: asyncio.Task[None] | None = None
        self.listening = asyncio.Event()
        self.port: int | None = None
        self._runner: web.AppRunner | None = None
        self._assets = {name: _asset(name) for name in [*STATIC, "index.html"]}

    @property
    def services(self) -> Services:
        return self.app.bot_data.services

    # --- lifecycle ------------------------------------------------------------------------
    def web_app(self) -> web.Application:
        web_app = web.Application(middlewares=[self._headers, self._authenticate])
        web_app.router.add_get("/", self._page)
        web_app.router.add_get("/static/{name}", self._static)
        web_app.router.add_get("/api/me", self._me)
        web_app.router.add_get("/api/own", self._own)
        staff = self._for_staff
        web_app.router.add_get("/api/regions/{region}", staff(self._region))
        web_app.router.add_get("/api/regions/{region}/trend", staff(self._trend))
        places = "/api/regions/{region}/municipalities/{gemeente}"
        web_app.router.add_get(places, staff(self._place))
        web_app.router.add_post("/api/regions/{region}/nudge/{gemeente}", staff(self._nudge))
        return web_app

    async def start(self) -> None:
        host, port = self.services.settings.webapp_listen
        self._runner = web.AppRunner(self.web_app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        addresses = self._runner.addresses
        self.port = int(addresses[0][1]) if addresses else port
        self.listening.set()
        log.info("dashboard listening on http://%s:%s", host, self.port)

    def start_when_running(self) -> None:
        """Open the port once the Application runs. Serving a request while PTB was still
        bootstrapping (its deleteWebhook/setWebhook calls between post_init and start) made
        that bootstrap call fail and the bot exit, so the dashboard waits for it."""
        self._starter = asyncio.get_running_loop().create_task(self._start_when_running())

    async def _start_when_running(self) -> None:
        while not self.app.running:
            await asyncio.sleep(0.05)
        await self.start()

    async def stop(self) -> None:
        starter, self._starter = self._starter, None
        if starter is not None and not starter.done():
            starter.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await starter
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    # --- middlewares ----------------------------------------------------------------------
    @web.middleware
    async def _headers(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            response = await handler(request)
        except web.HTTPException as exc:  # 404, 405 ...: the same headers, then raised on
            secure(request, exc.headers)
            raise
        secure(request, response.headers)
        return response

    @web.middleware
    async def _authenticate(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if not request.path.startswith("/api/"):
            return await handler(request)
        header = request.headers.get("Authorization", "")
        scheme, _, raw = header.partition(" ")
        settings = self.services.settings
        try:
            if scheme.lower() != "tma":
                raise InitDataError("no tma authorization")
            user = validate(
                raw.strip(), settings.require_token().get(), settings.webapp_max_age, self.clock()
            )
        except InitDataError as exc:
            log.info("dashboard: refused a call to %s (%s)", request.path, exc)
            t = self._translator(unverified_language(raw) or accept_language(request))
            return error_response(401, "unauthorized", t(UNAUTHORIZED))
        request[USER] = user
        return await handler(request)

    # --- helpers --------------------------------------------------------------------------
    def _translator(self, locale: str | None) -> Translator:
        code = (locale or "").lower()[:2]
        translator: Translator = self.services.translators.get(code if code in LOCALES else None)
        return translator

    def _reader(self, request: web.Request) -> tuple[WebAppUser, Translator]:
        user: WebAppUser = request[USER]
        stored = self.services.scans.user(user.user_id)
        locale = stored.locale if stored is not None else user.language_code
        return user, self._translator(locale)

    def _staff(
        self, request: web.Request, t: Translator, user: WebAppUser
    ) -> tuple[StaffMember, str] | web.Response:
        """The member and the region asked, checked now; or the 403 to answer."""
        r = self.services.regional
        member = r.access.member(user.user_id)
        if member is None:
            return error_response(403, "forbidden", t(NOT_STAFF))
        region = request.match_info["region"].strip().upper()
        if not r.access.may_reach(member, region):
            return error_response(403, "forbidden", t(FORBIDDEN_REGION))
        return member, region

    def _for_staff(self, handler: StaffHandler) -> Handler:
        """The route for ``handler``: the caller's role and the region asked are checked
        first, and a 403 answered when they do not fit."""

        async def route(request: web.Request) -> web.StreamResponse:
            user, t = self._reader(request)
            checked = self._staff(request, t, user)
            if isinstance(checked, web.Response):
                return checked
            member, region = checked
            return await handler(request, t, member, region)

        return route

    # --- routes ---------------------------------------------------------------------------
    async def _page(self, request: web.Request) -> web.Response:
        return web.Response(body=self._assets["index.html"], content_type="text/html")

    async def _static(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        if name not in STATIC:
            raise web.HTTPNotFound()
        return web.Response(body=self._assets[name], content_type=STATIC[name])

    async def _me(self, request: web.Request) -> web.Response:
        user, t = self._reader(request)
        s = self.services
        member = s.regional.access.member(user.user_id)
        stored = s.scans.user(user.user_id)
        body = views.me_view(t, s.regional, user.user_id, member, stored)
        body["texts"] = page_texts(t)
        return web.json_response(body)

    async def _own(self, request: web.Request) -> web.Response:
        user, t = self._reader(request)
        s = self.services
        stored = s.scans.user(user.user_id)
        diagnosis = await asyncio.to_thread(s.results.diagnose, stored) if stored else None
        if stored is None or diagnosis is None:
            return web.json_response({"results": None})
        return web.json_response(
            {"results": views.own_view(t, s.content, stored, diagnosis, self.plans)}
        )

    async def _region(
        self, request: web.Request, t: Translator, member: StaffMember, region: str
    ) -> web.Response:
        r = self.services.regional
        entries = r.index.entries((region,))  # a snapshot, here on the loop
        picture = await asyncio.to_thread(region_picture, region, entries, r.registry, r.content)
        bot_data = self.app.bot_data
        nudged = {s.code for s in picture.statuses if nudged_today(bot_data, s.code)}
        return web.json_response(views.region_view(t, r, picture, nudged, self.plans))

    async def _trend(
        self, request: web.Request, t: Translator, member: StaffMember, region: str
    ) -> web.Response:
        entries = self.services.regional.index.entries((region,))
        rounds = await self._compute_trend(region, entries)
        return web.json_response(views.trend_view(t, self.services.content, rounds))

    async def _place(
        self, request: web.Request, t: Translator, member: StaffMember, region: str
    ) -> web.Response:
        """One municipality's own trend: only for one named in the heat map (peer consent)."""
        r = self.services.regional
        code = request.match_info["gemeente"]
        m = r.registry.get(code)
        entries = r.index.entries((region,))
        picture = await asyncio.to_thread(region_picture, region, entries, r.registry, r.content)
        if m is None or m.vr_code != region or code not in picture.named:
            return error_response(404, "not_found", t(NOT_FOUND))
        async with self._trend_lock:
            rounds = await asyncio.to_thread(self.trends.municipality, region, entries, code)
        return web.json_response(
            {"code": code, "name": m.name, **views.trend_view(t, r.content, rounds)}
        )

    async def _compute_trend(self, region: str, entries: list[Any]) -> Any:
        async with self._trend_lock:  # one computation at a time; the next reuses its reads
            return await asyncio.to_thread(self.trends.trend, region, entries)

    async def _nudge(
        self, request: web.Request, t: Translator, member: StaffMember, region: str
    ) -> web.Response:
        code = request.match_info["gemeente"]
        m = self.services.registry.get(code)
        if m is None or m.vr_code != region:
            return error_response(404, "not_found", t(NOT_FOUND))
        outcome = nudge(self.app.bot_data, member, code)
        status = 403 if outcome.kind == DENIED else 200
        return web.json_response(
            {"status": outcome.kind, "message": t(outcome.notice)}, status=status
        )


async def start_dashboard(app: App) -> None:
    """post_init, when REGIESCAN_WEBAPP_URL is set: serve the dashboard as soon as the
    Application runs (its post_stop and post_shutdown stop it)."""
    dashboard = Dashboard(app, plans=plan_source(app.bot_data.services))
    dashboard.start_when_running()
    app.bot_data.dashboard = dashboard
