"""Issue 17, queue tickets: every stationed department gets a ticket prefix (A, B, C ... per hall,
oldest first). Departments that have one keep it, so running it again changes nothing."""

from gov_hall.queue.tickets import backfill_prefixes


def execute():
	backfill_prefixes()
