"""The ``yubei-gas`` command line: thin subcommands over the library.

Each subcommand lives in a module that exposes ``register(subparsers)``; the
module adds its parser and sets ``handler`` (a function taking the parsed
arguments and returning the exit code).
"""

from __future__ import annotations

import argparse
import importlib
import sys

from . import __version__
from .errors import YubeiGasError

COMMAND_MODULES = (
    "yubei_gas_lib.commands.validate",
    "yubei_gas_lib.commands.run",
    "yubei_gas_lib.commands.audit",
    "yubei_gas_lib.commands.synth",
    "yubei_gas_lib.commands.risk",
    "yubei_gas_lib.commands.assess",
)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The full parser, or one holding just the command ``only``.

    Command modules import the analyses they run; building one command's
    parser keeps ``yubei-gas validate`` from paying for every other import.
    """
    parser = argparse.ArgumentParser(
        prog="yubei-gas",
        description="渝北区燃气服务质量专项行动分析工具 (Yubei gas-service analytics)",
    )
    parser.add_argument("--version", action="version", version=__version__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")
    for name in COMMAND_MODULES:
        if only is None or name.rsplit(".", 1)[1] == only:
            importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    known = {name.rsplit(".", 1)[1] for name in COMMAND_MODULES}
    first = next((a for a in argv if not a.startswith("-")), None)
    parser = build_parser(first if first in known else None)
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except YubeiGasError as exc:
        print(f"错误：{exc.zh}\nError: {exc.en}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
