from gov_hall.rules.queue_display import star_glyphs, stars


def test_stars_round_to_half_and_stay_within_one_to_five():
	assert stars(None) is None
	assert stars(5) == 5.0
	assert stars(4.74) == 4.5
	assert stars(4.76) == 5.0
	assert stars(3.2) == 3.0
	assert stars(1) == 1.0
	assert stars(0.4) == 1.0
	assert stars(7) == 5.0


def test_star_glyphs_fill_five_places():
	assert star_glyphs(None) == (0, False, 5)
	assert star_glyphs(5.0) == (5, False, 0)
	assert star_glyphs(3.5) == (3, True, 1)
	assert star_glyphs(1.0) == (1, False, 4)
	for value in (1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0):
		full, half, empty = star_glyphs(value)
		assert full + int(half) + empty == 5
