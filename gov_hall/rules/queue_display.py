"""What the hall floor's screens show, as pure rules: a staff member's stars and the kiosk's slip."""

MIN_STARS = 1.0
MAX_STARS = 5.0


def stars(average_score: float | None) -> float | None:
	"""The 1–5 stars of a staff member: the mean of their rating scores (5 非常满意 … 1 非常不满意,
	gov_hall.rules.ratings.SCORES), rounded to the nearest half star; None when nothing was rated."""
	if average_score is None:
		return None
	value = round(float(average_score) * 2) / 2
	return min(MAX_STARS, max(MIN_STARS, value))


def star_glyphs(value: float | None) -> tuple[int, bool, int]:
	"""(full stars, a half star, empty stars) to draw ``value`` on five places."""
	if value is None:
		return (0, False, 5)
	full = int(value)
	half = value - full >= 0.5
	return (full, half, 5 - full - (1 if half else 0))
