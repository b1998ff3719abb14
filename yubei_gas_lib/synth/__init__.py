"""The synthetic district (虚构的渝北区燃气数据).

:func:`generate` draws a district from a seed; :func:`write` writes its
tables as the enterprises would send them, and the ground truth apart.
"""

from .district import District, generate
from .writer import write

__all__ = ["District", "generate", "write"]
