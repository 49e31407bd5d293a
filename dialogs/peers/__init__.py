"""Coordinators meeting each other: peer matching, contact requests, the collegiale toets, demo
peers.
"""
