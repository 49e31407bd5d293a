"""The data on inline buttons, for every feature: one codec (:mod:`bot.buttons.codec`) and one
module per feature's button data. How to add a kind: the docstring of :mod:`bot.buttons.codec`.
"""
