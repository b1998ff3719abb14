"""The synthetic district (虚构的渝北区燃气数据): see :func:`generate` and :func:`write`."""
