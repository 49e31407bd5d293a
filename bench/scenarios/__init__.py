"""The scenarios, by name, in the order they run."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bench.runner import Bench
from bench.scenarios import broadcast, burst, dashboard, exports, long_day, memory, save_cost

Scenario = Callable[[Bench], Awaitable[dict[str, Any]]]

SCENARIOS: dict[str, Scenario] = {
    "burst": burst.run,
    "save": save_cost.run,
    "broadcast": broadcast.run,
    "memory": memory.run,
    "exports": exports.run,
    "dashboard": dashboard.run,
    "long_day": long_day.run,
}
