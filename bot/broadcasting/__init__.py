"""Broadcasts in the running bot: sending one broadcast from its outbox, and the tasks that run
them.
"""
