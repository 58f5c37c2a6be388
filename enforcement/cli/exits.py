"""The exit statuses every command shares (a module of its own, so the group loads nothing else)."""

EXIT_PROBLEMS = 1
"""The command ran and found a problem (invalid data, a failed check, a refused publication)."""
EXIT_UNUSABLE = 2
"""The command could not run: unusable input, options or output."""
EXIT_INTERRUPTED = 130
"""Interrupted (Ctrl-C)."""
