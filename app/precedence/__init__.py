"""Where the catalogs meet the law: catalog rows looser than a statute (conflicts)."""
