from gov_hall.setup.install import ensure_roles


def execute():
	ensure_roles()
