"""The one application factory: settings and services in, a configured PTB Application out,
and the ordered list of the features that make up the bot.

Tests, the polling runner and the webhook server all build the bot here. What happens at start
and stop is :mod:`bot.lifecycle`; the command menu is :mod:`bot.command_menu`; the handler
groups before the features are :mod:`bot.handler_groups`.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import ApplicationBuilder
from telegram.request import BaseRequest, HTTPXRequest

from bot import heartbeat_job, lifecycle, maintenance_job, memory_job
from bot.application import RegiescanApplication
from bot.broadcasting.tasks import Broadcaster
from bot.broadcasting.wire import HTTPX_KWARGS, WireRequest
from bot.context import CONTEXT_TYPES, App
from bot.handlers import (
    bericht,
    consent,
    errors,
    export,
    fallback,
    groups,
    guards,
    info,
    language,
    my_data,
    peers,
    plan,
    planning,
    region,
    region_export,
    reminder_settings,
    results,
    scan,
    staff_buttons,
    staff_roles,
    start,
    toets,
)
from bot.ratelimit import POOL_SIZE, POOL_TIMEOUT, LanedRateLimiter, LaneUpdateProcessor
from bot.staff_drafts import StaffDrafts
from bot.update_journal import JournalingRequest, UpdateJournal
from regiescan.renderers.render_pool import RenderPool
from regiescan.wiring.services import Services


def build_application(
    services: Services,
    *,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    rate_limiter: bool = True,
    journal: UpdateJournal | None = None,
    render_pool: RenderPool | None = None,
) -> App:
    """A ready-to-run Application; ``request`` lets tests plug in a fake Bot API.

    ``journal``: keep fetched updates on disk until handled (long polling); ``render_pool``: a
    render process shared by many applications (the caller closes it)."""
    settings = services.settings
    token = settings.require_token().get()
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = (
        ApplicationBuilder()
        .token(token)
        .application_class(RegiescanApplication)
        .context_types(CONTEXT_TYPES)
        # Different users concurrently; one user's updates in order (UserLocks in handlers).
        # The update's chat is the reply lane of the rate limiter (bot.ratelimit).
        .concurrent_updates(LaneUpdateProcessor(256))
        .post_init(lifecycle.post_init)
        .post_stop(lifecycle.post_stop)
        .post_shutdown(lifecycle.post_shutdown)
    )
    if settings.base_url:
        builder = builder.base_url(settings.base_url)
    if settings.base_file_url:
        builder = builder.base_file_url(settings.base_file_url)
    if rate_limiter:
        builder = builder.rate_limiter(LanedRateLimiter(max_retries=3))
    traced = request is None
    if request is None:  # httpcore scans every pooled connection per request: 256 costs CPU
        request = HTTPXRequest(
            connection_pool_size=POOL_SIZE, pool_timeout=POOL_TIMEOUT, httpx_kwargs=HTTPX_KWARGS
        )
    # Tells a broadcast the instant its request is on the wire (bot.broadcasting.wire).
    builder = builder.request(WireRequest(request, traced=traced))
    if journal is not None:  # PTB's own default for the getUpdates connection, journaled
        get_updates_request = JournalingRequest(
            get_updates_request or HTTPXRequest(connection_pool_size=1), journal
        )
    if get_updates_request is not None:
        builder = builder.get_updates_request(get_updates_request)
    app = builder.build()
    app.bot_data.services = services
    app.bot_data.broadcaster = Broadcaster(app)
    app.bot_data.staff_drafts = StaffDrafts(services.regional)
    app.bot_data.screens = services.screens
    app.bot_data.journal = journal
    if render_pool is not None:
        app.bot_data.renderer, app.bot_data.owns_renderer = render_pool, False
    if journal is not None:  # holds what users sent until it is handled; never in backups
        services.personal_data.register(journal, copies=None)
    _register(app)
    return app


def _register(app: App) -> None:
    """Every feature adds its handlers. PTB gives an update to the first matching handler of a
    group (``bot.handler_groups``), so within the default group the order below decides."""
    # First: groups and channels are dealt with (quietly) before any feature sees their
    # updates, then edited messages are answered.
    groups.register(app)
    guards.register(app)
    # The coordinator's features. Their commands and button kinds are disjoint, so their order
    # among themselves does not matter; they all come before the fallback's catch-alls.
    start.register(app)
    scan.register(app)  # the scan's commands; its button and text handlers are in fallback
    results.register(app)
    language.register(app)
    info.register(app)
    my_data.register(app)
    consent.register(app)
    peers.register(app)
    # The collegiale toets: /toets, its buttons (r, i, t), and only the text a toets asked for.
    toets.register(app)
    plan.register(app)  # /plan, its buttons (n) and the text its screens ask for (own group)
    export.register(app)
    reminder_settings.register(app)  # also early: a returning user (REACHABLE group)
    # Regional staff: the roles are checked in every handler, on every update.
    staff_roles.register(app)
    bericht.register(app)  # also early: text a staff draft waits for (STAFF_DRAFT group)
    planning.register(app)
    region.register(app)
    region_export.register(app)
    staff_buttons.register(app)
    # Last: the scan's catch-all button and text handlers, unknown commands, media.
    fallback.register(app)
    errors.register(app)
    maintenance_job.register(app)  # daily: retention, backup, pruning
    heartbeat_job.register(app)  # every 30 s: for `regiescan health`
    memory_job.register(app)  # every 10 s: freed heap back to the system
