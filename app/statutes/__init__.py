"""The law above the catalogs: the national notice types and the statutory rules on them."""
