"""The app's roles. Citizens are website users or guests and need none."""

HALL_ADMINISTRATOR = "Hall Administrator"
HALL_MANAGER = "Hall Manager"
CHIEF_REPRESENTATIVE = "Chief Representative"
WINDOW_STAFF = "Window Staff"
HALL_SUPERVISOR = "Hall Supervisor"

ROLES = {
	HALL_ADMINISTRATOR: {"desk_access": 1},
	HALL_MANAGER: {"desk_access": 1},
	CHIEF_REPRESENTATIVE: {"desk_access": 1},
	WINDOW_STAFF: {"desk_access": 1},
	HALL_SUPERVISOR: {"desk_access": 1},
}

# Roles that come with being stationed in the hall and go when the person leaves.
STAFF_ROLES = [WINDOW_STAFF, CHIEF_REPRESENTATIVE]
