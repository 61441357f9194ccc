"""大厅综合显示屏: the hall's big screen. Each window's current ticket, the waiting count of every
department and the latest calls, updated live through Frappe's realtime within a second of a call
(gov_hall.queue.display), and each call spoken in Mandarin ("请A023号到5号窗口"). Only on a device the
hall registered (GH Queue Device of type Hall Display)."""

from frappe import _

from gov_hall.queue.pages import common_messages, floor_page, page_device

no_cache = 1


def get_context(context):
	floor_page(context, _("Queue Calling Display"))
	screen = page_device(context, "Hall Display")
	context.registered = bool(screen)
	context.messages = {
		**common_messages(),
		"waiting": _("{0} waiting"),
		"idle": _("Waiting for the next call"),
		"sound_on": _("Voice announcements on"),
	}
	return context
