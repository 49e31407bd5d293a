"""The verbeterplan: measures per knelpunt, with an owner, a due date and a status, from the
diagnosis until the next scan.

Owns the plan document of a coordinator (``document.py``: measures, their statuses ``gepland``,
``bezig``, ``afgerond``, ``vervallen`` and history, the dialogue position), Dutch due dates
(``dates.py``), measure proposals drawn from the advice and from peers' good practices
(``proposals.py``), the plan dialogue for every front (``dialog.py``, ``screens.py``),
follow-up reminders (``reminders.py``), the loop back from the next scan (``loop.py``) and the
regional view of plans (``regional.py``). Stores are reached through :class:`PlanStore`.
"""
