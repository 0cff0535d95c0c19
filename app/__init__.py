"""Disclosure Rules Service: public-resource disclosure catalogs (公共资源配置领域政府信息公开目录)
read into rules a machine can check."""

import app.core.metadata  # noqa: E402,F401  (the naming convention, before any table)
