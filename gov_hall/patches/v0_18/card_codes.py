"""Issue 18, staff and window cards: existing staff get a badge number and a card code, existing
windows a card code. Records that have them keep them, so running it again changes nothing."""

from gov_hall.utils.cards import backfill


def execute():
	backfill()
