"""Errors that reach the user as one line and exit code 2."""


class InputError(Exception):
    """Bad input the user can fix: a corrupt file, an unknown option value, no credentials."""
