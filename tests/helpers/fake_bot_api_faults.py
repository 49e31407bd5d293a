"""Fault injection and artificial latency for the fake Bot API (a mixin of FakeBotAPI)."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from tests.helpers.bot_api_spec import canonical_method
from tests.helpers.fake_bot_api_models import Fault


class FaultInjection:
    """Failures for the next N matching calls, and per-method latency.

    A fault matches a method (None: any) and optionally a chat_id; it applies after the call
    passed validation, first injected first. ``times=None`` keeps it until :meth:`clear_faults`.
    """

    _lock: threading.RLock
    _late: threading.local

    def _init_faults(self) -> None:
        self._faults: list[Fault] = []
        self._latency: dict[str | None, float] = {}
        self._late = threading.local()

    def latency_for(self, method: str) -> float:
        name = canonical_method(method) or method
        return self._latency.get(name, self._latency.get(None, 0.0))

    def inject_fault(
        self,
        method: str | None,
        *,
        error_code: int = 0,
        description: str = "",
        parameters: Mapping[str, Any] | None = None,
        network: bool = False,
        chat_id: int | str | None = None,
        times: int | None = 1,
    ) -> Fault:
        """Make the next ``times`` calls (None: all) of ``method`` (None: any) fail.

        With ``chat_id`` only calls for that chat match. Faults apply after validation, in
        the order injected.
        """
        name = None
        if method is not None:
            name = canonical_method(method)
            if name is None:
                raise ValueError(f"unknown Bot API method {method!r}")
        fault = Fault(
            kind="network" if network else "error",
            method=name,
            chat_id=chat_id,
            remaining=times,
            error_code=error_code,
            description=description,
            parameters=dict(parameters) if parameters else None,
        )
        with self._lock:
            self._faults.append(fault)
        return fault

    def fail_retry_after(
        self,
        method: str | None,
        retry_after: int = 5,
        *,
        chat_id: int | str | None = None,
        times: int | None = 1,
    ) -> Fault:
        """429 "Too Many Requests: retry after N" with parameters.retry_after (PTB RetryAfter)."""
        return self.inject_fault(
            method,
            error_code=429,
            description=f"Too Many Requests: retry after {retry_after}",
            parameters={"retry_after": retry_after},
            chat_id=chat_id,
            times=times,
        )

    def fail_forbidden(
        self,
        method: str | None = None,
        *,
        chat_id: int | str | None = None,
        times: int | None = 1,
        description: str = "Forbidden: bot was blocked by the user",
    ) -> Fault:
        """403 (PTB Forbidden)."""
        return self.inject_fault(
            method, error_code=403, description=description, chat_id=chat_id, times=times
        )

    def fail_network(
        self,
        method: str | None = None,
        *,
        chat_id: int | str | None = None,
        times: int | None = 1,
    ) -> Fault:
        """No answer at all (PTB NetworkError)."""
        return self.inject_fault(method, network=True, chat_id=chat_id, times=times)

    def answer_late(
        self,
        method: str | None,
        seconds: float,
        *,
        chat_id: int | str | None = None,
        times: int | None = 1,
    ) -> Fault:
        """The call is carried out (a message is delivered), but its answer comes ``seconds``
        later: after the client's timeout, PTB raises TimedOut for a request that arrived."""
        fault = self.inject_fault(method, chat_id=chat_id, times=times)
        fault.kind, fault.delay = "late", seconds
        return fault

    def late_answer_delay(self) -> float:
        """Seconds the answer to the call just handled (in this thread) must be held back."""
        delay = float(getattr(self._late, "delay", 0.0))
        self._late.delay = 0.0
        return delay

    def block_user(self, chat_id: int) -> Fault:
        """Every call for this chat answers 403 "bot was blocked by the user" until cleared."""
        return self.fail_forbidden(None, chat_id=chat_id, times=None)

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def set_latency(self, seconds: float, method: str | None = None) -> None:
        """Delay every call (or every call of ``method``) by ``seconds`` of real time."""
        name = None if method is None else canonical_method(method)
        if method is not None and name is None:
            raise ValueError(f"unknown Bot API method {method!r}")
        with self._lock:
            self._latency[name] = seconds

    def _take_fault(self, method: str, params: dict[str, Any]) -> Fault | None:
        for fault in self._faults:
            if fault.matches(method, params):
                if fault.remaining is not None:
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self._faults.remove(fault)
                return fault
        return None
