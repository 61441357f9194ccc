"""窗口评价器: the tablet at a window (registered to it as a GH Queue Device of type Window Evaluator)
asks the citizen served there for the five-level rating of this visit; the press is recorded as the
visit's rating (GH Service Rating for a Window Visit, channel Window Evaluator, linked on the ticket),
one per ticket, then a thank-you screen."""

from frappe import _

from gov_hall.queue.pages import common_messages, floor_page, page_device
from gov_hall.rules.ratings import LEVELS

no_cache = 1


def get_context(context):
	floor_page(context, _("Rate This Visit"))
	pad = page_device(context, "Window Evaluator")
	context.registered = bool(pad)
	context.levels = [{"value": level, "label": _(level)} for level in LEVELS]
	context.messages = {
		**common_messages(),
		"no_visit": _("Please rate our service when your visit at this window is done."),
		"visit": _("Ticket {0}"),
		"served_by": _("Served by {0}"),
		"thanks": _("Thank you for rating our service."),
		"sending": _("Please wait..."),
	}
	return context
