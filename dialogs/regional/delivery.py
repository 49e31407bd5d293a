"""The outbox's vocabulary: what can become of a broadcast's message to one recipient.

``pending`` (not tried yet), ``sending`` (the request may be under way: stored *before* each
send), ``delivered``, ``blocked`` (403), ``failed``, ``opted_out`` (reminders off),
``inactive`` (blocked the bot earlier), ``uncertain`` (the process died while the request was
under way; never re-sent, so nobody gets a message twice) and ``moved`` (no longer in the
broadcast's region(s) when their turn came). The outbox (``storage.outbox``) stores them.
"""

from __future__ import annotations

PENDING, SENDING, DELIVERED, BLOCKED, FAILED = (
    "pending",
    "sending",
    "delivered",
    "blocked",
    "failed",
)
OPTED_OUT, INACTIVE, UNCERTAIN = "opted_out", "inactive", "uncertain"
STATUSES = (PENDING, SENDING, DELIVERED, BLOCKED, FAILED, OPTED_OUT, INACTIVE, UNCERTAIN)
OPEN_STATUSES = (PENDING, SENDING)
MOVED = "moved"  # no longer in the broadcast's region(s) when their turn came
