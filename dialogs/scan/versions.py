"""Bringing a scan in progress onto a newer version of the content.

Kept statements keep their answers; removed ones move to ``scan.dropped`` (kept for the
record, no longer scored or shown); new ones are unanswered, so the walk asks them before the
scan can be finished. Finished scans are never touched: they stay on the version they were
taken on.
"""

from __future__ import annotations

from dialogs.model import User
from dialogs.scan.content import Content


def reconcile(user: User, content: Content) -> bool:
    """Move the user's scan in progress onto ``content``; True when anything changed."""
    scan = user.current
    if scan is None or scan.content_version == content.version:
        return False
    valid = {s.id for s in content.statements}
    for sid in [sid for sid in scan.answers if sid not in valid]:
        scan.dropped[sid] = scan.answers.pop(sid)
    if scan.statement is not None and scan.statement not in valid:
        # Stand on the first unanswered statement of the same knelpunt, else on its note.
        k = content.knelpunt(scan.knelpunt or content.knelpunten[0].id)
        open_ids = [s.id for s in k.statements if scan.value(s.id) is None]
        scan.statement = open_ids[0] if open_ids else None
    if user.focus is not None and "." in user.focus and user.focus not in valid:
        user.focus = user.focus.split(".")[0]
        if user.state == "edit":
            user.state = "overview_knelpunt"
        if user.paused_from == "edit":
            user.paused_from = "overview_knelpunt"
    if user.state == "statement" and scan.statement is None:
        user.state = "note"
    if user.paused_from == "statement" and scan.statement is None:
        user.paused_from = "note"
    scan.content_version = content.version
    return True
