"""Subcommands of ``yubei-gas``, one module each."""
