"""The collegiale toets (peer review), the whole cycle: a team of peer municipalities and
invited outsiders, the shared snapshot of a finished scan, a conversation guide drawn from it,
every member's judgement and recommendations, the chair's settled judgement, the report and
the measures that follow from it, and the follow-up three months later.

The lifecycle is a durable ``transitions`` state machine (:mod:`dialogs.toets.machine`); the
documents are owned by :class:`dialogs.toets.service.ToetsService` through the
:class:`dialogs.toets.store.ToetsStore` protocol (implemented in :mod:`storage.toetsen`).
"""
