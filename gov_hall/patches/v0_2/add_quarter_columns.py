from gov_hall.setup.indexes import add_all_indexes


def execute():
	"""The quarter columns (generated from the dates) and the indexes that read a quarter in
	group order; sites that already ran add_composite_indexes get them here."""
	add_all_indexes()
