"""Culture activities (文化活动): single activities, their calendar events, recurring programmes (五个一).

The dates of a programme and the participation figures are plain rules in gov_hall.rules.activities
and gov_hall.rules.participation; this package is the Frappe side.
"""
