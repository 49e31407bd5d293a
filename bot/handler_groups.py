"""The PTB handler groups the features use, and why each one exists.

PTB offers an update to the groups in ascending order; within a group only the first matching
handler runs, and the update goes on to the next group unless a handler raises
``ApplicationHandlerStop``. Almost everything lives in PTB's default group 0, where the order of
``bot.app._register`` decides; three handlers must see updates earlier.
"""

from __future__ import annotations

# Before everything: text a verbeterplan screen asks for (a title, an owner, a date), and every
# other button or command, which ends that asking. It stops the update only when it takes it.
PLAN_TEXT = -3
# Before the staff drafts: a returning user who had blocked the bot becomes reachable for reminders
# again. It only notes that and never stops the update, so the user's message is handled as usual.
REACHABLE = -2
# Before the scan's text handler: text that a staff member's draft (/bericht, /planning) waits
# for. It stops the update when it takes the text, so the scan does not read it as an answer.
STAFF_DRAFT = -1
