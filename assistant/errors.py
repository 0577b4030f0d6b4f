"""The one exception family every surface turns into a clear message instead of a traceback."""


class WalkawayError(Exception):
    """An expected failure with a message meant for the user."""


class InputError(WalkawayError, ValueError):
    """The user's input cannot be used as given (empty, binary, too large...)."""
