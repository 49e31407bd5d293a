"""The scan itself: its content, the dialogue's state machine, the engine and the service that
saves each answer.
"""
