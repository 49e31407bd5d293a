"""Regional staff: access rules, the region index and overview, audiences, broadcasts, scheduled
reminders.
"""
