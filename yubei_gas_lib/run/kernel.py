"""The suite's named Jupyter kernel, so runs never depend on a default."""

from __future__ import annotations

import sys

from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

from . import logger

KERNEL_NAME = "yubei-gas"
DISPLAY_NAME = "Python (yubei-gas 渝北燃气)"


def ensure_kernel(name: str = KERNEL_NAME) -> str:
    """Install the kernel spec ``name`` for this Python if it is missing or stale.

    The spec is written under ``sys.prefix`` (the virtual environment), and
    points at this interpreter, so the kernel sees the same suite.
    """
    manager = KernelSpecManager()
    try:
        spec = manager.get_kernel_spec(name)
        if spec.argv and spec.argv[0] == sys.executable:
            return name
    except NoSuchKernel:
        pass
    from ipykernel.kernelspec import install

    install(kernel_name=name, display_name=DISPLAY_NAME, prefix=sys.prefix)
    logger.info("installed Jupyter kernel %s for %s", name, sys.executable)
    return name
