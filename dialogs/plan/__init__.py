"""The verbeterplan: measures per knelpunt, with a trekker, a due date and a status, from the
diagnosis until the next scan.

Owns the plan document of a coordinator and its vocabulary (``document.py``: measures, the
statuses ``gepland``, ``bezig``, ``afgerond``, ``vervallen``, origins, history), the changes to
it (``service.py``: :class:`PlanService`, also the entry point for other features:
``add_measure``), Dutch due dates (``dates.py``), proposals drawn from the advice and from
peers' good practices (``proposals.py``), the dialogue for every front (``dialog.py``,
``flow.py``, ``view.py``, ``screens.py``), follow-up reminders (``reminders.py``), the loop back
from the next scan (``loop.py``), the plan in exports (``export.py``) and the regional view of
plans (``regional.py``). Storage is reached through :class:`store.PlanStore`.
"""
