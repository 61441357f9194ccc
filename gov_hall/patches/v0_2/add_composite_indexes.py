from gov_hall.setup.indexes import add_all_indexes


def execute():
	add_all_indexes()
