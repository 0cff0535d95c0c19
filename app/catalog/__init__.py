"""The catalogs (公开目录清单): domains, departments and obligations (公开事项)."""
